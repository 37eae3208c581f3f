/*
 * libyaml events -> node tree.  One pass, nodes and scalar copies in one
 * arena, children gathered on a reused stack: the cost over libyaml's own
 * event loop is a copy of each scalar and one small node per event.
 *
 * Aliases are not copied: an alias node points at its anchor's node, and
 * every node knows how many nodes it stands for once expanded.  A file whose
 * expansion passes max(100000, 10 x its own nodes) is refused before anything
 * walks it, so a "billion laughs" costs what its text costs.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "compiler/load_int.h"
#include "model/arena.h"

struct frame {
	struct ynode	*node;
	size_t		 start;		/* first child on the kids stack */
	const char	*anchor;	/* registered when the node is complete */
};

struct anchor {
	const char	*name;		/* NULL: empty slot */
	struct ynode	*node;
};

struct alias_mark {
	struct ynode	*alias;
	uint64_t	 running;	/* expanded nodes up to this alias */
};

struct builder {
	struct ytree	*t;
	struct diag_sink *ds;
	const char	*file;
	const char	*buf;
	size_t		 len;
	/* Where the last mark's line starts, to turn columns into bytes. */
	size_t		 cur_line, cur_off;
	struct ynode	**kids;
	size_t		 nkids, capkids;
	struct frame	*stack;
	size_t		 nstack, capstack;
	struct anchor	*anchors;
	size_t		 nanchors, capanchors;	/* capanchors: power of 2 */
	struct alias_mark *aliases;
	size_t		 naliases, capaliases;
	uint64_t	 running;
};

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static size_t
hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * (1099511628211ULL & SIZE_MAX);
	return h;
}

/*
 * libyaml counts columns in characters; a loc counts bytes, so that the
 * caret lands under the right byte of a line with UTF-8 in it.
 */
static void
set_pos(struct builder *b, struct ynode *n, yaml_mark_t m)
{
	const char *p, *end = b->buf + b->len;
	size_t i;

	if (m.line < b->cur_line) {
		b->cur_line = 0;
		b->cur_off = 0;
	}
	while (b->cur_line < m.line && b->cur_off < b->len) {
		const char *nl = memchr(b->buf + b->cur_off, '\n',
		    b->len - b->cur_off);

		b->cur_off = nl != NULL ? (size_t)(nl - b->buf) + 1 : b->len;
		b->cur_line++;
	}
	p = b->buf + b->cur_off;
	for (i = 0; i < m.column && p < end && *p != '\n'; i++) {
		unsigned char c = (unsigned char)*p;

		p += c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 :
		    c >= 0xc0 ? 2 : 1;
	}
	if (p > end)
		p = end;
	n->line = m.line + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)m.line + 1;
	n->col = (size_t)(p - (b->buf + b->cur_off)) + 1 > UINT32_MAX ?
	    UINT32_MAX : (uint32_t)(p - (b->buf + b->cur_off)) + 1;
}

static struct ynode *
new_node(struct builder *b, enum ykind kind, yaml_mark_t m)
{
	struct ynode *n = arena_alloc(b->t->arena, sizeof(*n));

	n->kind = (uint8_t)kind;
	n->plain = false;
	n->n = 0;
	n->size = 1;
	n->u.s = NULL;
	set_pos(b, n, m);
	return n;
}

static void
anchor_grow(struct builder *b)
{
	struct anchor *old = b->anchors;
	size_t oldcap = b->capanchors, i;

	b->capanchors = oldcap ? oldcap * 2 : 64;
	b->anchors = xcalloc(b->capanchors, sizeof(*b->anchors));
	for (i = 0; i < oldcap; i++) {
		size_t h;

		if (old[i].name == NULL)
			continue;
		h = hash_str(old[i].name) & (b->capanchors - 1);
		while (b->anchors[h].name != NULL)
			h = (h + 1) & (b->capanchors - 1);
		b->anchors[h] = old[i];
	}
	free(old);
}

static struct anchor *
anchor_slot(struct builder *b, const char *name)
{
	size_t h;

	if (b->capanchors == 0)
		anchor_grow(b);
	h = hash_str(name) & (b->capanchors - 1);
	while (b->anchors[h].name != NULL &&
	    strcmp(b->anchors[h].name, name) != 0)
		h = (h + 1) & (b->capanchors - 1);
	return &b->anchors[h];
}

/* A later anchor of the same name hides the earlier one, as in YAML. */
static void
anchor_set(struct builder *b, const char *name, struct ynode *n)
{
	struct anchor *a;

	if (2 * (b->nanchors + 1) > b->capanchors)
		anchor_grow(b);
	a = anchor_slot(b, name);
	if (a->name == NULL) {
		a->name = name;
		b->nanchors++;
	}
	a->node = n;
}

static void
add_child(struct builder *b, struct ynode *n)
{
	if (b->nstack == 0) {
		if (b->t->root == NULL)
			b->t->root = n;
		return;
	}
	if (b->nkids == b->capkids) {
		b->capkids = b->capkids ? b->capkids * 2 : 256;
		b->kids = xreallocarray(b->kids, b->capkids, sizeof(*b->kids));
	}
	b->kids[b->nkids++] = n;
}

static const char *
copy_anchor(struct builder *b, const yaml_char_t *a)
{
	return a != NULL ? arena_strdup(b->t->arena, (const char *)a) : NULL;
}

static void
open_node(struct builder *b, enum ykind kind, yaml_mark_t m,
    const yaml_char_t *anchor)
{
	struct frame *f;

	if (b->nstack == b->capstack) {
		b->capstack = b->capstack ? b->capstack * 2 : 32;
		b->stack = xreallocarray(b->stack, b->capstack,
		    sizeof(*b->stack));
	}
	f = &b->stack[b->nstack++];
	f->node = new_node(b, kind, m);
	f->start = b->nkids;
	f->anchor = copy_anchor(b, anchor);
	b->t->distinct++;
	b->running = sat_add(b->running, 1);
}

static void
close_node(struct builder *b)
{
	struct frame *f = &b->stack[--b->nstack];
	struct ynode *n = f->node, **kids = b->kids + f->start;
	size_t nk = b->nkids - f->start, i;
	uint64_t size = 1;

	for (i = 0; i < nk; i++)
		size = sat_add(size, kids[i]->size);
	n->size = size;
	if (n->kind == Y_MAP) {
		struct ypair *p;

		/* An odd count cannot come from libyaml; be safe anyway. */
		nk &= ~(size_t)1;
		p = arena_alloc(b->t->arena, (nk / 2 + 1) * sizeof(*p));
		for (i = 0; i < nk / 2; i++) {
			p[i].k = kids[2 * i];
			p[i].v = kids[2 * i + 1];
		}
		n->u.pairs = p;
		n->n = nk / 2 > UINT32_MAX ? UINT32_MAX : (uint32_t)(nk / 2);
	} else {
		struct ynode **items = arena_alloc(b->t->arena,
		    (nk + 1) * sizeof(*items));

		memcpy(items, kids, nk * sizeof(*items));
		n->u.items = items;
		n->n = nk > UINT32_MAX ? UINT32_MAX : (uint32_t)nk;
	}
	b->nkids = f->start;
	if (f->anchor != NULL)
		anchor_set(b, f->anchor, n);
	add_child(b, n);
}

static void
on_scalar(struct builder *b, const yaml_event_t *e)
{
	struct ynode *n = new_node(b, Y_SCALAR, e->start_mark);
	size_t len = e->data.scalar.length;

	n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->u.s = arena_strndup(b->t->arena,
	    (const char *)e->data.scalar.value, len);
	n->n = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	b->t->distinct++;
	b->running = sat_add(b->running, 1);
	if (e->data.scalar.anchor != NULL)
		anchor_set(b, copy_anchor(b, e->data.scalar.anchor), n);
	add_child(b, n);
}

static void
on_alias(struct builder *b, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	struct anchor *a = b->capanchors ? anchor_slot(b, name) : NULL;
	struct ynode *n = new_node(b, Y_ALIAS, e->start_mark);

	if (a == NULL || a->name == NULL) {
		diag_error(b->ds, ((struct loc){ b->file, n->line, n->col }),
		    "yaml-syntax", "undefined alias '%s'", name);
		n->kind = Y_BAD;
		add_child(b, n);
		return;
	}
	n->u.target = a->node;
	n->size = a->node->size;
	b->running = sat_add(b->running, n->size);
	if (b->naliases == b->capaliases) {
		b->capaliases = b->capaliases ? b->capaliases * 2 : 64;
		b->aliases = xreallocarray(b->aliases, b->capaliases,
		    sizeof(*b->aliases));
	}
	b->aliases[b->naliases].alias = n;
	b->aliases[b->naliases].running = b->running;
	b->naliases++;
	add_child(b, n);
}

static struct loc
offset_loc(struct builder *b, size_t off)
{
	struct loc l = { b->file, 1, 1 };
	size_t i;

	if (off > b->len)
		off = b->len;
	for (i = 0; i < off; i++) {
		if (b->buf[i] == '\n') {
			l.line++;
			l.col = 1;
		} else
			l.col++;
	}
	return l;
}

static struct loc
mark_loc(struct builder *b, yaml_mark_t m)
{
	struct ynode tmp;

	set_pos(b, &tmp, m);
	return (struct loc){ b->file, tmp.line, tmp.col };
}

static void
report_parser_error(struct builder *b, yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "invalid YAML";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		diag_error(b->ds, ((struct loc){ b->file, 0, 0 }),
		    "yaml-syntax", "out of memory while parsing");
		return;
	case YAML_READER_ERROR:
		if (p->problem_value != -1)
			diag_error(b->ds, offset_loc(b, p->problem_offset),
			    "yaml-syntax", "%s: #%X", problem,
			    (unsigned)p->problem_value);
		else
			diag_error(b->ds, offset_loc(b, p->problem_offset),
			    "yaml-syntax", "%s", problem);
		return;
	default:
		diag_error(b->ds, mark_loc(b, p->problem_mark), "yaml-syntax",
		    "%s", problem);
		if (p->context != NULL)
			diag_note(b->ds, mark_loc(b, p->context_mark), "%s",
			    p->context);
	}
}

/* The alias at which expansion first passed the bound. */
static void
check_expansion(struct builder *b)
{
	uint64_t limit = b->t->distinct * Y_EXPAND_FACTOR;
	size_t i;

	if (limit < Y_EXPAND_FLOOR)
		limit = Y_EXPAND_FLOOR;
	if (b->t->root == NULL || b->t->root->size <= limit)
		return;
	for (i = 0; i < b->naliases; i++)
		if (b->aliases[i].running > limit)
			break;
	if (i == b->naliases)
		i = b->naliases - 1;	/* cannot happen: size = running */
	diag_error(b->ds, ((struct loc){ b->file, b->aliases[i].alias->line,
	    b->aliases[i].alias->col }), "alias-expansion",
	    "aliases expand past %llu nodes (the bound for a file of %llu "
	    "nodes is max(100000, 10 x nodes))",
	    (unsigned long long)limit, (unsigned long long)b->t->distinct);
	b->t->root = NULL;
	b->t->ok = false;
}

void
ytree_build(struct ytree *t, const char *file, const char *buf, size_t len,
    struct diag_sink *ds)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t e;
	int docs = 0;
	bool done = false;

	memset(t, 0, sizeof(*t));
	t->arena = arena_new();
	t->ok = true;
	memset(&b, 0, sizeof(b));
	b.t = t;
	b.ds = ds;
	b.file = file;
	b.buf = buf;
	b.len = len;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(ds, ((struct loc){ file, 0, 0 }), "yaml-syntax",
		    "cannot start the YAML parser");
		t->ok = false;
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &e)) {
			report_parser_error(&b, &parser);
			t->ok = false;
			break;
		}
		switch (e.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_error(ds, mark_loc(&b, e.start_mark),
				    "multiple-documents", "a second YAML "
				    "document: a topology file holds one");
				done = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &e);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &e);
			break;
		case YAML_SEQUENCE_START_EVENT:
			open_node(&b, Y_SEQ, e.start_mark,
			    e.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_START_EVENT:
			open_node(&b, Y_MAP, e.start_mark,
			    e.data.mapping_start.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b.nstack > 0)
				close_node(&b);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	if (t->ok)
		check_expansion(&b);
	if (!t->ok)
		t->root = NULL;
	free(b.kids);
	free(b.stack);
	free(b.anchors);
	free(b.aliases);
}

void
ytree_free(struct ytree *t)
{
	arena_free(t->arena);
	t->arena = NULL;
	t->root = NULL;
}
