/*
 * A small template engine for the fixed text around generated configs.
 *
 * A template file is a list of sections; the printer renders them by
 * number, as often as it needs (once for a header, once per remote block):
 *
 *	%% remote			starts section "remote"
 *	remote {{peer}} {		{{name}} inserts a value
 *	{{?natt}}nat_traversal;{{/}}	{{?name}} ... {{/}} keeps the text
 *					only when the value is not empty
 *	%# a template comment		dropped
 *
 * A line holding nothing but {{?name}} or {{/}} produces no output at all,
 * not even its newline, so conditional lines can be written on their own.
 *
 * Which sections exist and which values each may use is fixed by the
 * printer (a schema); anything else is a located error.  A template is
 * parsed once into segments; rendering only copies bytes into a growing
 * buffer, with no allocation per value.
 */
#ifndef TG_TEMPLATE_H
#define TG_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/diag.h"

#define TMPL_MAXVARS	32

/* A growing output buffer. */
struct tbuf {
	char		*p;
	size_t		 len, cap;
};

void	tbuf_grow(struct tbuf *, size_t more);
void	tbuf_free(struct tbuf *);

static inline void
tbuf_add(struct tbuf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n)
		tbuf_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* What a printer offers a template: its sections and their values. */
struct tmpl_schema {
	const char		*name;		/* "racoon.conf.tmpl" */
	const char *const	*sections;
	size_t			 nsections;
	const char *const	*vars;		/* value names, by id */
	size_t			 nvars;
	const uint32_t		*section_vars;	/* allowed ids */
};

/* Values for one rendering, indexed by the schema's variable ids. */
struct tvals {
	const char	*s[TMPL_MAXVARS];
	size_t		 n[TMPL_MAXVARS];
};

static inline void
tvals_set(struct tvals *v, int id, const char *s, size_t n)
{
	v->s[id] = s;
	v->n[id] = n;
}

struct tmpl;

/*
 * Parse `text` (kept by reference: it must outlive the template) under the
 * schema.  `file` names it in diagnostics (file:line:col).  Returns NULL
 * after reporting every error found.
 */
struct tmpl	*tmpl_parse(const struct tmpl_schema *, const char *file,
		    const char *text, size_t len, struct diag_sink *);
void		 tmpl_free(struct tmpl *);
/* Append section `sec` rendered with `vals` to `out`. */
void		 tmpl_render(const struct tmpl *, int sec,
		    const struct tvals *vals, struct tbuf *out);

/* The built-in templates (generated from templates/ at build time). */
struct tmpl_builtin {
	const char	*name;
	const char	*text;
	size_t		 len;
};
extern const struct tmpl_builtin tmpl_builtins[];
extern const size_t tmpl_nbuiltins;

#endif
