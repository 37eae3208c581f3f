/*
 * Diagnostics in one format for every verb: the topology loader, the checks,
 * the config grammars, lint and diff all report through a diag_sink.
 *
 * Text:  file:line:col: error: message [code]
 *        <the source line>
 *              ^
 * JSON:  one array of objects {file, line, column, severity, code, message};
 *        a note follows its diagnostic as an object of severity "note".
 *
 * Reports are collected and printed sorted by file, line and column at
 * diag_flush(), so checks may run in any order.  Messages must never carry a
 * secret: callers name the key's source (env var, file), never its value.
 */
#ifndef TG_DIAG_H
#define TG_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/loc.h"

enum diag_severity {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

enum diag_format {
	DIAG_TEXT,
	DIAG_JSON,
};

struct diag_sink;

struct diag_sink *diag_sink_new(FILE *out, enum diag_format);
void		 diag_sink_free(struct diag_sink *);
/*
 * A sink of the same settings that prints nothing, for work done beside
 * the main one (another thread); diag_merge() moves its reports into the
 * parent, after the parent's own, as if they had been made there.
 */
struct diag_sink *diag_sink_child(const struct diag_sink *parent);
void		 diag_merge(struct diag_sink *, struct diag_sink *from);
/* --strict: every warning is reported and counted as an error. */
void		 diag_set_strict(struct diag_sink *, bool);
/* -q: warnings are counted but not printed. */
void		 diag_set_quiet(struct diag_sink *, bool);
/*
 * Register the text of a file so that text diagnostics can quote the line.
 * The sink keeps the pointer: the text must live until diag_flush().
 * The file name is interned: the returned pointer is the one to put in locs.
 */
const char	*diag_source(struct diag_sink *, const char *file,
		    const char *text, size_t len);
/*
 * Same, but the sink takes the text (malloc'd) and frees it with itself: for
 * callers whose own objects may be gone before diag_flush().
 */
const char	*diag_source_take(struct diag_sink *, const char *file,
		    char *text, size_t len);
/*
 * Forget a source's text (freeing it if the sink took it): quotes read it
 * again from path, if any are printed.  For a big input that is only needed
 * again when something is wrong with it.
 */
void		 diag_source_release(struct diag_sink *, const char *file,
		    const char *path);
/*
 * The token starting at this place is a secret: quotes of its line show
 * '*' in its place (a quoted string up to its closing quote, else a word).
 */
void		 diag_redact(struct diag_sink *, struct loc);
/* Intern a file name without registering text (files read in pieces). */
const char	*diag_intern(struct diag_sink *, const char *file);

void		 diag_report(struct diag_sink *, enum diag_severity,
		    struct loc, const char *code, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
void		 diag_vreport(struct diag_sink *, enum diag_severity,
		    struct loc, const char *code, const char *fmt, va_list);
/* A note that belongs to the last report: "the other one is here". */
void		 diag_note(struct diag_sink *, struct loc, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

#define diag_error(ds, l, code, ...) \
	diag_report((ds), DIAG_ERROR, (l), (code), __VA_ARGS__)
#define diag_warning(ds, l, code, ...) \
	diag_report((ds), DIAG_WARNING, (l), (code), __VA_ARGS__)

/* Counts include reports not yet flushed; strict warnings count as errors. */
size_t		 diag_errors(const struct diag_sink *);
size_t		 diag_warnings(const struct diag_sink *);
/*
 * Errors reported as errors, without the warnings --strict promoted: what
 * decides whether an object is broken, as opposed to the exit status.
 */
size_t		 diag_hard_errors(const struct diag_sink *);
/* Print everything collected so far, sorted; JSON prints one array per sink. */
void		 diag_flush(struct diag_sink *);

/* Stable, sorted access for tests and for lint's own formats (SARIF). */
struct diag_item {
	enum diag_severity	 severity;
	struct loc		 loc;
	const char		*code;	/* NULL for notes */
	const char		*message;
	size_t			 parent;	/* for notes: index of their report */
	size_t			 seq;
};
/* Sorts the collected reports (as diag_flush would) and returns them. */
const struct diag_item *diag_items(struct diag_sink *, size_t *count);

#endif
