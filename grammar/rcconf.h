/*
 * rc.conf files: the Bourne-shell subset they use.
 *
 * rcconf_parse() reads assignments (`name=value`, several on one line,
 * values in any mix of unquoted, '...' and "..." parts) and keeps every one
 * of them in file order with its location, so that lint can say which line
 * overrides which.  Other shell constructs (commands, if/case, loops,
 * functions, `. file`, `test ... && x=1`, `$name=...`) are reported as
 * warnings [rcconf-unsupported] and skipped whole (nesting respected);
 * assignments inside if/case/loop bodies are kept and marked conditional,
 * those inside { } groups are kept as they are, those inside functions and
 * ( ) subshells are dropped (sh does not keep them either).  Genuine syntax
 * errors are errors [rcconf-syntax]; the parser recovers at the next line.
 * NUL bytes are errors, invalid UTF-8 a warning [rcconf-encoding].
 *
 * The model is read-only for its users and lives in the arena given to
 * rcconf_parse().
 */
#ifndef TG_RCCONF_H
#define TG_RCCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/arena.h"
#include "model/diag.h"
#include "model/loc.h"

/* One part of a value, as it will be expanded by sh. */
enum rcconf_seg_kind {
	RCCONF_SEG_LITERAL,	/* text taken as is (quoting removed) */
	RCCONF_SEG_PARAM,	/* ${name}, $name (kept as ${name}), ${x:-y} */
	RCCONF_SEG_CMDSUBST,	/* $(...), kept as written */
};

struct rcconf_seg {
	enum rcconf_seg_kind	 kind;
	uint32_t		 off;	/* into rcconf_assign.value */
	uint32_t		 len;
	/* PARAM: the variable's name inside value (len 0 when none). */
	uint32_t		 var_off;
	uint32_t		 var_len;
	bool			 complex;	/* PARAM with an operator: ${a:-b} */
};

/* Flags of an assignment. */
#define RCCONF_A_CONDITIONAL	0x01	/* inside if/case/loop */
#define RCCONF_A_REFS_VARS	0x02	/* value references a variable */
#define RCCONF_A_CMDSUBST	0x04	/* value runs a command: $(...) */
#define RCCONF_A_QUOTED		0x08	/* some part of the value was quoted */

struct rcconf_assign {
	const char		*name;
	struct loc		 name_loc;
	/* After quoting is removed; ${} and $() text kept unexpanded. */
	const char		*value;	/* NUL-terminated */
	size_t			 value_len;
	struct loc		 value_loc;	/* first byte after '=' */
	const struct rcconf_seg	*segs;
	size_t			 nsegs;
	unsigned		 flags;
	/*
	 * Conditional assignments of one outermost if/case/loop share a
	 * group number (1, 2, ...); 0 for unconditional ones.
	 */
	uint32_t		 cond_group;
	size_t			 index;	/* position in file order */
	/* The next assignment of the same name, in file order. */
	const struct rcconf_assign *next_same;
};

struct rcconf_file {
	const char		 *name;	/* interned in the diag sink */
	const struct rcconf_assign **assigns;	/* file order */
	size_t			  nassigns;
	size_t			  nunsupported;	/* constructs skipped */
	size_t			  nerrors;	/* syntax errors in this file */
	/* Name index for rcconf_lookup(): open addressing, power of 2. */
	const struct rcconf_assign **index;
	size_t			  index_size;
};

/*
 * Parse one file.  Never returns NULL: a file with errors still returns
 * what could be read.  name is registered with the sink for quoting lines.
 */
struct rcconf_file *rcconf_parse(const char *name, const char *buf,
		    size_t len, struct arena *, struct diag_sink *);
/*
 * Canonical form: one name="value" per line in file order, values in
 * double quotes with the fewest escapes, ${var} and $(...) kept.
 * Comments and unsupported constructs are dropped.  A run of conditional
 * assignments that came from one if/case/loop is printed as
 *	# conditional: the condition is not evaluated
 *	if :; then
 *		name="value"
 *	fi
 * so that it reads back as conditional.
 */
void		 rcconf_print(const struct rcconf_file *, FILE *);
/* Does this text look like an rc.conf file (mostly sh assignments)? */
bool		 rcconf_sniff(const char *buf, size_t len);

/* Accessors for lint. */
size_t		 rcconf_count(const struct rcconf_file *);
const struct rcconf_assign *rcconf_at(const struct rcconf_file *, size_t);
/*
 * The first assignment of name in file order, NULL when none; the others
 * follow through rcconf_next_same().  The last one is the one sh keeps
 * (unless it is conditional).
 */
const struct rcconf_assign *rcconf_lookup(const struct rcconf_file *,
		    const char *name);
const struct rcconf_assign *rcconf_next_same(const struct rcconf_assign *);
const struct rcconf_assign *rcconf_lookup_last(const struct rcconf_file *,
		    const char *name);
/* Does the value reference ${name} (e.g. the self-append idiom)? */
bool		 rcconf_refers_to(const struct rcconf_assign *,
		    const char *name);
/* x="${x} more": appends to the variable's earlier value. */
bool		 rcconf_is_self_append(const struct rcconf_assign *);

#endif
