/*
 * Inside the YAML loader.  load_events.c turns libyaml's event stream into a
 * compact node tree (one arena, no per-event malloc; aliases point at their
 * anchor's node, so expansion costs nothing until the schema walk, and is
 * bounded up front).  load_map.c gives the schema walk each mapping's keys
 * after `<<` merges, with duplicates reported.  load_schema.c walks the tree
 * into a struct topology; load_psk.c resolves pre-shared keys.
 */
#ifndef TG_LOAD_INT_H
#define TG_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/diag.h"
#include "model/loc.h"
#include "model/topology.h"

struct arena;

enum ykind {
	Y_SCALAR,
	Y_MAP,
	Y_SEQ,
	Y_ALIAS,
	Y_BAD,		/* an undefined alias, already reported */
};

struct ypair;

struct ynode {
	uint8_t		 kind;
	bool		 plain;		/* scalar written without quotes */
	uint32_t	 line, col;	/* 1-based, col in bytes */
	uint32_t	 n;		/* scalar bytes, pairs, or items */
	uint64_t	 size;		/* nodes when aliases are expanded */
	union {
		const char	*s;	/* NUL-terminated, may hold NULs */
		struct ypair	*pairs;
		struct ynode	**items;
		struct ynode	*target;
	} u;
};

struct ypair {
	struct ynode	*k, *v;
};

struct ytree {
	struct arena	*arena;		/* the nodes; freed after loading */
	struct ynode	*root;		/* NULL: no document */
	uint64_t	 distinct;	/* nodes written in the file */
	bool		 ok;		/* no syntax error: root is complete */
};

/* Alias expansion bound: max(100000, 10 x distinct nodes). */
#define Y_EXPAND_FLOOR	100000
#define Y_EXPAND_FACTOR	10

/*
 * Build the tree of the first document.  Syntax errors, a second document,
 * undefined aliases and runaway alias expansion are reported here.
 */
void		 ytree_build(struct ytree *, const char *file, const char *buf,
		    size_t len, struct diag_sink *);
void		 ytree_free(struct ytree *);

static inline struct ynode *
ynode_deref(struct ynode *n)
{
	return n != NULL && n->kind == Y_ALIAS ? n->u.target : n;
}

/* The walk's state, shared by the schema, map and psk code. */
struct lctx {
	struct diag_sink *ds;
	const char	*file;		/* interned */
	const char	*dir;		/* for psk files */
	struct arena	*a;		/* the model's arena */
	size_t		 silent;	/* errors counted but not reported */
	size_t		 suggest_budget;	/* did-you-mean work left */
	bool		 literal_psk;
	char		 show[4][96];	/* yshow()'s buffers */
	unsigned	 nshow;
};

static inline struct loc
yloc(const struct lctx *c, const struct ynode *n)
{
	struct loc l = { c->file, n->line, n->col };

	return l;
}

/* Errors so far, reported or silent: a change means "this object is bad". */
static inline size_t
lctx_errors(const struct lctx *c)
{
	return diag_errors(c->ds) + c->silent;
}

/*
 * The keys of a mapping with `<<` merges applied (explicit keys win, then
 * merged mappings in order), non-scalar and duplicate keys reported and
 * left out.  `what` names the mapping in messages ("host 'hq'").  The array
 * lives in the tree's arena.
 */
size_t		 ymap_pairs(struct lctx *, struct arena *, struct ynode *map,
		    const char *what, struct ypair **out);

const char	*ykind_name(const struct ynode *);
/* A scalar's text fit for a message: cut short, control bytes as '?'. */
const char	*yshow(struct lctx *, const struct ynode *);
bool		 yscalar_is(const struct ynode *, const char *);

/* Closest candidate within edit distance 2, or NULL. */
const char	*suggest(const char *s, size_t n, const char *const *cands,
		    size_t ncands);
unsigned	 edit_distance(const char *a, size_t na, const char *b,
		    size_t nb, unsigned max);

/*
 * Resolve a psk node (`{env: X}`, `{file: P}` or a literal) into *p and
 * check the key.  Returns false after reporting.
 */
bool		 psk_load(struct lctx *, struct arena *tree, struct ynode *,
		    const char *what, struct psk *p);

bool		 load_schema(struct lctx *, struct ytree *, struct topology *);

#endif
