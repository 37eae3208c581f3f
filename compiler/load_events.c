/*
 * libyaml events -> node tree.  One pass; nodes in a pool of chunks,
 * children gathered on a reused stack, scalars pointing into the input
 * wherever their text is there verbatim: the cost over libyaml's own event
 * loop is one small node per event.
 *
 * Aliases are not copied: an alias node points at its anchor's node, and
 * every node knows how many nodes it stands for once expanded.  A file whose
 * expansion passes max(100000, 10 x its own nodes) is refused before
 * anything walks the excess, so a "billion laughs" costs what its text costs.
 *
 * The schema may consume the entries of the top-level mappings as they
 * complete (struct yhook); the pool is then rewound to where the entry
 * began, so a topology of any size is held one host or tunnel at a time.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "compiler/load_int.h"
#include "model/arena.h"

/* ---- the pool: chunks that a mark can rewind to ---- */

/* Chunks grow from small (most files are) to this. */
#define POOL_FIRST	(16 * 1024)
#define POOL_CHUNK	(1024 * 1024)

struct pchunk {
	struct pchunk	*next;
	size_t		 size, used;
	max_align_t	 data[];
};

struct ypool {
	struct pchunk	*first, *cur;
	size_t		 next_size;
};

struct pmark {
	struct pchunk	*chunk;
	size_t		 used;
};

static void *
pool_alloc(struct ypool *p, size_t n)
{
	struct pchunk *c = p->cur;
	void *r;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		/* Reuse the chunks after a rewind; else add one. */
		while (c != NULL && c->next != NULL) {
			c = c->next;
			c->used = 0;
			if (c->size >= n)
				break;
		}
		if (c == NULL || c->size - c->used < n) {
			size_t size = p->next_size ? p->next_size : POOL_FIRST;
			struct pchunk *nc;

			if (size < POOL_CHUNK)
				p->next_size = 2 * size;
			if (size < n)
				size = n;
			nc = xmalloc(sizeof(*nc) + size);

			nc->size = size;
			nc->used = 0;
			nc->next = NULL;
			if (c == NULL)
				p->first = nc;
			else {
				nc->next = c->next;
				c->next = nc;
			}
			c = nc;
		}
		p->cur = c;
	}
	r = (char *)c->data + c->used;
	c->used += n;
	return r;
}

static struct pmark
pool_mark(const struct ypool *p)
{
	struct pmark m = { p->cur, p->cur != NULL ? p->cur->used : 0 };

	return m;
}

static void
pool_rewind(struct ypool *p, struct pmark m)
{
	if (m.chunk == NULL) {
		p->cur = p->first;
		if (p->cur != NULL)
			p->cur->used = 0;
		return;
	}
	p->cur = m.chunk;
	p->cur->used = m.used;
}

static void
pool_free(struct ypool *p)
{
	struct pchunk *c, *next;

	if (p == NULL)
		return;
	for (c = p->first; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(p);
}

void *
ytree_alloc(struct ytree *t, size_t n)
{
	return pool_alloc(t->pool, n);
}

/* ---- the builder ---- */

struct frame {
	struct ynode	*node;
	size_t		 start;		/* first child on the kids stack */
	const char	*anchor;	/* registered once the node is whole */
};

struct anchor {
	const char	*name;		/* NULL: empty slot */
	struct ynode	*node;
};

struct alias_mark {
	uint32_t	 line, col;
	uint64_t	 running;	/* expanded nodes up to this alias */
};

struct builder {
	struct ytree	*t;
	struct diag_sink *ds;
	const char	*file;
	const char	*buf;
	size_t		 len;
	/*
	 * libyaml's marks count characters; they are byte offsets up to the
	 * first byte past ASCII.  The text is scanned for it as the parse
	 * reads on (scanned), not in a pass of its own.
	 */
	size_t		 scanned;
	size_t		 first_nonascii;	/* SIZE_MAX: none so far */
	/* Where the last mark's line starts, to turn columns into bytes. */
	size_t		 cur_line, cur_off;
	struct ynode	**kids;
	size_t		 nkids, capkids;
	struct frame	*stack;
	size_t		 nstack, capstack;
	struct anchor	*anchors;
	size_t		 nanchors, capanchors;	/* capanchors: power of 2 */
	size_t		 anchor_defs;	/* anchors defined so far */
	struct alias_mark *aliases;
	size_t		 naliases, capaliases;
	uint64_t	 running;
	const struct yhook *hook;	/* NULL once streaming stopped */
	struct pmark	 entry_mark;	/* where the current entry began */
	size_t		 entry_anchors;
	/* The loader's progress callback (kept when streaming stops). */
	void		(*progress)(void *, size_t);
	void		*progress_arg;
	size_t		 next_progress;
};

#define PROGRESS_STEP	(1u << 20)

static void
progress(struct builder *b, size_t off)
{
	if (b->progress == NULL || off < b->next_progress)
		return;
	b->progress(b->progress_arg, off);
	b->next_progress = off + PROGRESS_STEP;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint32_t
sat32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
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
 * caret lands under the right byte of a line with UTF-8 in it.  For an
 * ASCII file the two agree.
 */
/* Scan the text up to off (where libyaml has read to) for non-ASCII. */
static void
scan_to(struct builder *b, size_t off)
{
	const unsigned char *p = (const unsigned char *)b->buf;
	size_t i;

	if (off > b->len)
		off = b->len;
	if (b->first_nonascii != SIZE_MAX || off <= b->scanned)
		return;
	/* Eight bytes at a time: the text is long and nearly always ASCII. */
	for (i = b->scanned; i + 8 <= off; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, sizeof(w));
		if (w & 0x8080808080808080ULL)
			break;
	}
	for (; i < off; i++)
		if (p[i] >= 0x80) {
			b->first_nonascii = i;
			break;
		}
	b->scanned = off;
}

/* Is character index idx also the byte offset of that character? */
static bool
ascii_before(const struct builder *b, size_t idx)
{
	return idx <= b->scanned && idx <= b->first_nonascii;
}

static void
set_pos(struct builder *b, uint32_t *line, uint32_t *col, yaml_mark_t m)
{
	const char *p, *end = b->buf + b->len;
	size_t i;

	*line = sat32((uint64_t)m.line + 1);
	if (ascii_before(b, m.index)) {
		*col = sat32((uint64_t)m.column + 1);
		return;
	}
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
	*col = sat32((uint64_t)(p - (b->buf + b->cur_off)) + 1);
}

static struct ynode *
new_node(struct builder *b, enum ykind kind, yaml_mark_t m)
{
	struct ynode *n = pool_alloc(b->t->pool, sizeof(*n));
	uint32_t col;

	n->kind = (uint8_t)kind;
	n->plain = false;
	n->n = 0;
	n->size = 1;
	n->u.s = NULL;
	set_pos(b, &n->line, &col, m);
	n->col = col > UINT16_MAX ? UINT16_MAX : (uint16_t)col;
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
	b->anchor_defs++;
}

/* Walking what was read so far stays within the expansion bound. */
static bool
within_bound(const struct builder *b)
{
	uint64_t limit = b->t->distinct * Y_EXPAND_FACTOR;

	return b->running <= (limit > Y_EXPAND_FLOOR ? limit : Y_EXPAND_FLOOR);
}

/* Is the top frame the value of a top-level key? */
static struct ynode *
section_key(const struct builder *b)
{
	if (b->nstack != 2 || b->stack[0].node->kind != Y_MAP ||
	    b->stack[1].node->kind != Y_MAP ||
	    (b->stack[1].start - b->stack[0].start) % 2 != 1)
		return NULL;
	return b->kids[b->stack[1].start - 1];
}

static void
entry_begin(struct builder *b)
{
	b->entry_mark = pool_mark(b->t->pool);
	b->entry_anchors = b->anchor_defs;
}

/* A pair of a top-level mapping is complete: offer it to the schema. */
static void
entry_done(struct builder *b)
{
	struct ynode *sk = section_key(b), *k, *v;

	if (sk == NULL || b->hook == NULL || b->hook->entry == NULL)
		return;
	if (!within_bound(b)) {
		b->hook = NULL;
		return;
	}
	k = b->kids[b->nkids - 2];
	v = b->kids[b->nkids - 1];
	if (b->hook->entry(b->hook->arg, sk, k, v)) {
		b->nkids -= 2;
		if (b->anchor_defs == b->entry_anchors)
			pool_rewind(b->t->pool, b->entry_mark);
	}
	entry_begin(b);
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
	if (b->nstack == 2 && (b->nkids - b->stack[1].start) % 2 == 0)
		entry_done(b);
}

static const char *
copy_anchor(struct builder *b, const char *a)
{
	size_t n;
	char *s;

	if (a == NULL)
		return NULL;
	n = strlen((const char *)a);
	s = pool_alloc(b->t->pool, n + 1);
	memcpy(s, a, n + 1);
	return s;
}

static void
open_node(struct builder *b, enum ykind kind, yaml_mark_t m,
    const char *anchor)
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
	if (b->nstack == 2)
		entry_begin(b);
}

static void
close_node(struct builder *b)
{
	struct frame *f = &b->stack[--b->nstack];
	size_t nk = b->nkids - f->start, i;
	/* No child was ever added: the stack is not allocated yet. */
	struct ynode *n = f->node, **kids = nk > 0 ? b->kids + f->start :
	    NULL;
	uint64_t size = 1;

	for (i = 0; i < nk; i++)
		size = sat_add(size, kids[i]->size);
	n->size = sat32(size);
	if (n->kind == Y_MAP) {
		struct ypair *p;

		/* An odd count cannot come from libyaml; be safe anyway. */
		nk &= ~(size_t)1;
		p = pool_alloc(b->t->pool, (nk / 2 + 1) * sizeof(*p));
		for (i = 0; i < nk / 2; i++) {
			p[i].k = kids[2 * i];
			p[i].v = kids[2 * i + 1];
		}
		n->u.pairs = p;
		n->n = sat32(nk / 2);
	} else {
		struct ynode **items = pool_alloc(b->t->pool,
		    (nk + 1) * sizeof(*items));

		if (nk > 0)
			memcpy(items, kids, nk * sizeof(*items));
		n->u.items = items;
		n->n = sat32(nk);
	}
	b->nkids = f->start;
	if (f->anchor != NULL)
		anchor_set(b, f->anchor, n);
	/* A top-level value is complete: hand it over before it is added. */
	if (b->nstack == 1 && b->stack[0].node->kind == Y_MAP &&
	    (b->nkids - b->stack[0].start) % 2 == 1 && b->hook != NULL &&
	    b->hook->section != NULL) {
		if (within_bound(b))
			b->hook->section(b->hook->arg,
			    b->kids[b->nkids - 1], n);
		else
			b->hook = NULL;
	}
	add_child(b, n);
}

static void
on_scalar(struct builder *b, const struct yev *e)
{
	struct ynode *n = new_node(b, Y_SCALAR, e->start);
	size_t len = e->len;

	n->plain = e->plain;
	/* The text in the input is the value itself: no copy. */
	if (e->in_text)
		n->u.s = e->value;
	else {
		char *s = pool_alloc(b->t->pool, len + 1);

		memcpy(s, e->value, len);
		s[len] = '\0';
		n->u.s = s;
	}
	n->n = sat32(len);
	b->t->distinct++;
	b->running = sat_add(b->running, 1);
	if (e->anchor != NULL)
		anchor_set(b, copy_anchor(b, e->anchor), n);
	add_child(b, n);
}

static void
on_alias(struct builder *b, const struct yev *e)
{
	const char *name = e->anchor;
	struct anchor *a = b->capanchors ? anchor_slot(b, name) : NULL;
	struct ynode *n = new_node(b, Y_ALIAS, e->start);

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
	b->aliases[b->naliases].line = n->line;
	b->aliases[b->naliases].col = n->col;
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
	struct loc l = { b->file, 0, 0 };

	set_pos(b, &l.line, &l.col, m);
	return l;
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
	b->t->expanded = b->running;
	if (b->running <= limit || b->naliases == 0)
		return;
	for (i = 0; i + 1 < b->naliases; i++)
		if (b->aliases[i].running > limit)
			break;
	diag_error(b->ds, ((struct loc){ b->file, b->aliases[i].line,
	    b->aliases[i].col }), "alias-expansion",
	    "aliases expand past %llu nodes (the bound for a file of %llu "
	    "nodes is max(100000, 10 x nodes))",
	    (unsigned long long)limit, (unsigned long long)b->t->distinct);
	b->t->ok = false;
}

void
ytree_build(struct ytree *t, const char *file, const char *buf, size_t len,
    struct diag_sink *ds, const struct yhook *hook)
{
	struct builder b;
	struct ystream q;
	struct yev ev;
	size_t off = 0;
	int docs = 0;
	bool done = false;

	memset(t, 0, sizeof(*t));
	t->pool = xcalloc(1, sizeof(*t->pool));
	t->ok = true;
	memset(&b, 0, sizeof(b));
	b.t = t;
	b.ds = ds;
	b.file = file;
	b.buf = buf;
	b.len = len;
	b.hook = hook;
	if (hook != NULL) {
		b.progress = hook->progress;
		b.progress_arg = hook->progress_arg;
	}
	b.first_nonascii = SIZE_MAX;
	if (!ystream_start(&q, buf, len)) {
		diag_error(ds, ((struct loc){ file, 0, 0 }), "yaml-syntax",
		    "cannot start the YAML parser");
		t->ok = false;
		return;
	}
	while (!done) {
		progress(&b, off);
		if (!ystream_next(&q, &ev, &off)) {
			ystream_stop(&q);	/* the parser's state is final */
			scan_to(&b, q.parser.offset);
			report_parser_error(&b, &q.parser);
			t->ok = false;
			break;
		}
		scan_to(&b, off);
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_error(ds, mark_loc(&b, ev.start),
				    "multiple-documents", "a second YAML "
				    "document: a topology file holds one");
				done = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			open_node(&b, Y_SEQ, ev.start, ev.anchor);
			break;
		case YAML_MAPPING_START_EVENT:
			open_node(&b, Y_MAP, ev.start, ev.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b.nstack > 0)
				close_node(&b);
			break;
		case YAML_DOCUMENT_END_EVENT:
			/* Nothing after the first document is walked. */
			b.hook = NULL;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
	}
	ystream_free(&q);
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
	pool_free(t->pool);
	t->pool = NULL;
	t->root = NULL;
}
