/* Helpers shared by the topology checks. */
#include "validate/checks.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

const struct host *
end_host(const struct topology *top, const struct tunnel *t, int e)
{
	if (t->end[e].host >= top->nhosts)
		return NULL;
	return &top->hosts[t->end[e].host];
}

int
tloc_cmp(struct tloc a, struct tloc b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.col != b.col)
		return a.col < b.col ? -1 : 1;
	return 0;
}


const char *
family_name(int family)
{
	return family == AF_V6 ? "IPv6" : family == AF_V4 ? "IPv4" : "no";
}

void
pkey_set(struct pkey *k, const struct prefix *p, struct tloc l, size_t idx)
{
	unsigned i, n = p->addr.family == AF_V4 ? 4 : 16;

	k->hi = k->lo = 0;
	for (i = 0; i < 16; i++) {
		uint64_t b = i < n ? p->addr.b[i] : 0;

		if (i < 8)
			k->hi |= b << (56 - 8 * i);
		else
			k->lo |= b << (56 - 8 * (i - 8));
	}
	k->family = p->addr.family;
	k->len = p->len;
	k->rank = 0;
	k->group = 0;
	k->line = l.line;
	k->col = l.col;
	k->idx = (uint32_t)idx;
}

#define KCMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1

static inline int
pkey_order(const struct pkey *x, const struct pkey *y)
{
	KCMP(group);
	KCMP(family);
	KCMP(hi);
	KCMP(lo);
	KCMP(len);
	KCMP(rank);
	KCMP(line);
	KCMP(col);
	KCMP(idx);
	return 0;
}

int
pkey_cmp(const void *a, const void *b)
{
	return pkey_order(a, b);
}

/*
 * A bottom-up merge sort with the comparison inlined: qsort's indirect
 * calls and byte-wise moves were most of the checks' time on 100k tunnels.
 * Stable, though keys are unique anyway (idx).
 */
void
pkey_sort(struct pkey *k, size_t n)
{
	struct pkey *tmp, *src = k, *dst;
	size_t width, i;

	if (n < 2)
		return;
	tmp = xcalloc(n, sizeof(*tmp));
	dst = tmp;
	/* Runs of 8 by insertion first. */
	for (i = 0; i < n; i += 8) {
		size_t end = i + 8 < n ? i + 8 : n, a, b;

		for (a = i + 1; a < end; a++) {
			struct pkey v = k[a];

			for (b = a; b > i && pkey_order(&v, &k[b - 1]) < 0; b--)
				k[b] = k[b - 1];
			k[b] = v;
		}
	}
	for (width = 8; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t a = i, am = i + width < n ? i + width : n;
			size_t b = am, bm = i + 2 * width < n ? i + 2 * width : n;
			size_t o = i;

			while (a < am && b < bm)
				dst[o++] = pkey_order(&src[b], &src[a]) < 0 ?
				    src[b++] : src[a++];
			while (a < am)
				dst[o++] = src[a++];
			while (b < bm)
				dst[o++] = src[b++];
		}
		{
			struct pkey *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != k)
		memcpy(k, src, n * sizeof(*k));
	free(tmp);
}

void
sweep_overlaps(struct sweep_item *items, size_t n,
    void (*found)(const struct sweep_item *, const struct sweep_item *,
	void *), void *ctx)
{
	const struct sweep_item **stack;
	struct pkey *keys;
	size_t i, depth = 0;

	if (n == 0)
		return;
	keys = xcalloc(n, sizeof(*keys));
	for (i = 0; i < n; i++) {
		pkey_set(&keys[i], &items[i].p, items[i].loc, i);
		keys[i].rank = (uint8_t)items[i].rank;
	}
	pkey_sort(keys, n);
	stack = xcalloc(n, sizeof(*stack));
	for (i = 0; i < n; i++) {
		const struct sweep_item *it = &items[keys[i].idx];

		while (depth > 0 &&
		    !prefix_covers(&stack[depth - 1]->p, &it->p))
			depth--;
		if (depth > 0)
			found(stack[depth - 1], it, ctx);
		if (it->push)
			stack[depth++] = it;
	}
	free(stack);
	free(keys);
}
