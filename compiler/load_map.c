/*
 * Mappings as the schema sees them: libyaml does not catch duplicate keys,
 * and YAML 1.1's `<<` merge key is a convention on top of the event stream,
 * so both are done here, once, for every mapping the schema walks.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load_int.h"
#include "model/arena.h"

/* `<<` chains deeper than this are refused (each level is a recursion). */
#define MERGE_DEPTH_MAX	32

const char *
ykind_name(const struct ynode *n)
{
	switch (n->kind) {
	case Y_MAP:
		return "a mapping";
	case Y_SEQ:
		return "a list";
	default:
		return "a scalar";
	}
}

void
join3(char *buf, size_t size, const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	size_t n = 0, i, l;

	for (i = 0; i < 3 && size > 0; i++) {
		l = strlen(parts[i]);
		if (l > size - 1 - n)
			l = size - 1 - n;
		memcpy(buf + n, parts[i], l);
		n += l;
	}
	if (size > 0)
		buf[n] = '\0';
}

const char *
yshow(struct lctx *c, const struct ynode *n)
{
	char *buf = c->show[c->nshow++ % 4];
	size_t i, max = sizeof(c->show[0]) - 4;

	if (n->kind != Y_SCALAR)
		return ykind_name(n);
	for (i = 0; i < n->n && i < max; i++) {
		unsigned char ch = (unsigned char)n->u.s[i];

		buf[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	if (i < n->n)
		memcpy(buf + i++, "...", 3), i += 2;
	buf[i] = '\0';
	return buf;
}

bool
yscalar_is(const struct ynode *n, const char *s)
{
	size_t len = strlen(s);

	return n->kind == Y_SCALAR && n->n == len &&
	    memcmp(n->u.s, s, len) == 0;
}

static bool
is_merge_key(const struct ynode *k)
{
	return k->kind == Y_SCALAR && k->plain && k->n == 2 &&
	    k->u.s[0] == '<' && k->u.s[1] == '<';
}

/*
 * A set of mapping entries by key text: open addressing, on the stack for
 * the small mappings that are nearly all of them.
 */
struct keyset {
	const struct ypair **slot;
	size_t		 mask;
	const struct ypair *small[32];
};

static size_t
key_hash(const struct ynode *k)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;
	uint32_t i;

	for (i = 0; i < k->n; i++)
		h = (h ^ (unsigned char)k->u.s[i]) *
		    (1099511628211ULL & SIZE_MAX);
	return h;
}

static void
keyset_init(struct keyset *ks, size_t n)
{
	size_t cap = 32;

	while (cap < 2 * n)
		cap *= 2;
	if (cap == 32) {
		memset(ks->small, 0, sizeof(ks->small));
		ks->slot = ks->small;
	} else
		ks->slot = xcalloc(cap, sizeof(*ks->slot));
	ks->mask = cap - 1;
}

static void
keyset_free(struct keyset *ks)
{
	if (ks->slot != ks->small)
		free(ks->slot);
}

/* The entry already in the set with p's key text, or NULL after adding p. */
static const struct ypair *
keyset_add(struct keyset *ks, const struct ypair *p)
{
	const struct ynode *k = ynode_deref(p->k);
	size_t h = key_hash(k) & ks->mask;

	while (ks->slot[h] != NULL) {
		const struct ynode *o = ynode_deref(ks->slot[h]->k);

		if (o->n == k->n && memcmp(o->u.s, k->u.s, k->n) == 0)
			return ks->slot[h];
		h = (h + 1) & ks->mask;
	}
	ks->slot[h] = p;
	return NULL;
}

static size_t map_pairs(struct lctx *, struct ytree *, struct ynode *,
    const char *, struct ypair **, int);

static void
bad_merge(struct lctx *c, struct ynode *v)
{
	if (v->kind == Y_BAD)
		c->silent++;
	else
		diag_error(c->ds, yloc(c, v), "wrong-type", "the merge key "
		    "'<<' takes a mapping or a list of mappings, not %s",
		    ykind_name(v));
}

static void
push_pair(struct ypair **res, size_t *nres, size_t *cap, const struct ypair *p)
{
	if (*nres == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*res = xreallocarray(*res, *cap, sizeof(**res));
	}
	(*res)[(*nres)++] = *p;
}

static size_t
map_pairs(struct lctx *c, struct ytree *ta, struct ynode *map,
    const char *what, struct ypair **out, int depth)
{
	struct ypair *in = map->u.pairs, *res = NULL;
	struct keyset ks;
	size_t n = map->n, i, j, nres = 0, cap = 0;
	bool clean = true, merges = false;

	/*
	 * Most mappings are a few plain keys: compare them pairwise, and
	 * build the set only when that finds something to report or merge.
	 */
	if (n <= 8) {
		for (i = 0; i < n && clean; i++) {
			const struct ynode *k = ynode_deref(in[i].k);

			if (k->kind != Y_SCALAR || is_merge_key(k)) {
				clean = false;
				break;
			}
			for (j = 0; j < i; j++) {
				const struct ynode *o = ynode_deref(in[j].k);

				if (o->n == k->n &&
				    memcmp(o->u.s, k->u.s, k->n) == 0) {
					clean = false;
					break;
				}
			}
		}
		if (clean) {
			*out = in;
			return n;
		}
		clean = true;
	}
	keyset_init(&ks, n);
	/* Explicit keys first: they win over anything merged. */
	for (i = 0; i < n; i++) {
		struct ynode *k = ynode_deref(in[i].k);
		const struct ypair *first;

		if (k->kind != Y_SCALAR) {
			if (k->kind == Y_BAD)
				c->silent++;
			else
				diag_error(c->ds, yloc(c, k), "wrong-type",
				    "a key in %s must be a scalar, not %s",
				    what, ykind_name(k));
			clean = false;
			continue;
		}
		if (is_merge_key(k)) {
			merges = true;
			clean = false;
			continue;
		}
		if ((first = keyset_add(&ks, &in[i])) != NULL) {
			diag_error(c->ds, yloc(c, in[i].k), "duplicate-key",
			    "duplicate key '%s' in %s", yshow(c, k), what);
			diag_note(c->ds, yloc(c, first->k),
			    "'%s' was first given here", yshow(c, k));
			clean = false;
		}
	}
	if (clean) {
		keyset_free(&ks);
		*out = in;
		return n;
	}
	if (merges && depth >= MERGE_DEPTH_MAX) {
		diag_error(c->ds, yloc(c, map), "wrong-type",
		    "merge keys nested more than %d deep", MERGE_DEPTH_MAX);
		merges = false;
	}
	for (i = 0; i < n; i++) {
		struct ynode *k = ynode_deref(in[i].k), *v;

		if (k->kind != Y_SCALAR)
			continue;
		if (!is_merge_key(k)) {
			/* The first of duplicates only: the set holds it. */
			if (keyset_add(&ks, &in[i]) == &in[i])
				push_pair(&res, &nres, &cap, &in[i]);
			continue;
		}
		if (!merges)
			continue;
		v = ynode_deref(in[i].v);
		if (v->kind != Y_MAP && v->kind != Y_SEQ) {
			bad_merge(c, v);
			continue;
		}
		for (j = 0; j < (v->kind == Y_MAP ? 1 : v->n); j++) {
			struct ynode *m = v->kind == Y_MAP ? v :
			    ynode_deref(v->u.items[j]);
			struct ypair *mp;
			size_t nm, l;

			if (m->kind != Y_MAP) {
				bad_merge(c, m);
				continue;
			}
			nm = map_pairs(c, ta, m, what, &mp, depth + 1);
			for (l = 0; l < nm; l++)
				if (keyset_add(&ks, &mp[l]) == NULL)
					push_pair(&res, &nres, &cap, &mp[l]);
		}
	}
	keyset_free(&ks);
	*out = ytree_alloc(ta, (nres + 1) * sizeof(**out));
	if (nres > 0)
		memcpy(*out, res, nres * sizeof(*res));
	free(res);
	return nres;
}

size_t
ymap_pairs(struct lctx *c, struct ytree *ta, struct ynode *map,
    const char *what, struct ypair **out)
{
	return map_pairs(c, ta, map, what, out, 0);
}

/*
 * Optimal string alignment distance (a swap of two neighbours counts one),
 * cut off above `max`.
 */
unsigned
edit_distance(const char *a, size_t na, const char *b, size_t nb,
    unsigned max)
{
	unsigned d[3][65];
	size_t i, j;

	if (na > 64 || nb > 64)
		return max + 1;
	if ((na > nb ? na - nb : nb - na) > max)
		return max + 1;
	for (j = 0; j <= nb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= na; i++) {
		unsigned *cur = d[i % 3], *prev = d[(i - 1) % 3],
		    *pp = d[(i + 1) % 3];
		unsigned rowmin;

		cur[0] = (unsigned)i;
		rowmin = cur[0];
		for (j = 1; j <= nb; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = prev[j] + 1;

			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > max)
			return max + 1;
	}
	return d[na % 3][nb];
}

const char *
suggest(const char *s, size_t n, const char *const *cands, size_t ncands)
{
	const char *best = NULL;
	unsigned bestd = 3;
	size_t i;

	for (i = 0; i < ncands; i++) {
		size_t cl = strlen(cands[i]);
		unsigned d = edit_distance(s, n, cands[i], cl, 2);

		/* "a" for "ah" is a guess, not a hint: need some overlap. */
		if (d < bestd && d < cl && d < n) {
			best = cands[i];
			bestd = d;
		}
	}
	return best;
}
