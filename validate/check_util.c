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

static inline void
pkey_swap(struct pkey *a, struct pkey *b)
{
	struct pkey t = *a;

	*a = *b;
	*b = t;
}

static void
pkey_sift(struct pkey *k, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;

		if (c >= n)
			return;
		if (c + 1 < n && pkey_order(&k[c], &k[c + 1]) < 0)
			c++;
		if (pkey_order(&k[root], &k[c]) >= 0)
			return;
		pkey_swap(&k[root], &k[c]);
		root = c;
	}
}

static void
pkey_heapsort(struct pkey *k, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		pkey_sift(k, i, n);
	for (i = n; i-- > 1;) {
		pkey_swap(&k[0], &k[i]);
		pkey_sift(k, 0, i);
	}
}

/*
 * Introsort with the comparison inlined and no scratch memory: qsort's
 * indirect calls were most of the checks' time on 100k tunnels, and a merge
 * sort's second array was most of their memory.  Keys are unique (idx), so
 * the order is the same as any other sort's.
 */
static void
pkey_introsort(struct pkey *k, size_t n, unsigned depth)
{
	while (n > 16) {
		size_t i, j, mid = n / 2;

		if (depth-- == 0) {
			pkey_heapsort(k, n);
			return;
		}
		/* Median of three to k[0], then partition around it. */
		if (pkey_order(&k[mid], &k[0]) < 0)
			pkey_swap(&k[mid], &k[0]);
		if (pkey_order(&k[n - 1], &k[0]) < 0)
			pkey_swap(&k[n - 1], &k[0]);
		if (pkey_order(&k[n - 1], &k[mid]) < 0)
			pkey_swap(&k[n - 1], &k[mid]);
		pkey_swap(&k[0], &k[mid]);
		i = 0;
		j = n;
		for (;;) {
			do
				i++;
			while (i < n && pkey_order(&k[i], &k[0]) < 0);
			do
				j--;
			while (pkey_order(&k[0], &k[j]) < 0);
			if (i >= j)
				break;
			pkey_swap(&k[i], &k[j]);
		}
		pkey_swap(&k[0], &k[j]);
		/* Recurse into the smaller side: the stack stays O(log n). */
		if (j < n - j - 1) {
			pkey_introsort(k, j, depth);
			k += j + 1;
			n -= j + 1;
		} else {
			pkey_introsort(k + j + 1, n - j - 1, depth);
			n = j;
		}
	}
	{
		size_t a, b;

		for (a = 1; a < n; a++) {
			struct pkey v = k[a];

			for (b = a; b > 0 && pkey_order(&v, &k[b - 1]) < 0; b--)
				k[b] = k[b - 1];
			k[b] = v;
		}
	}
}

void
pkey_sort(struct pkey *k, size_t n)
{
	unsigned depth = 0;
	size_t m;

	for (m = n; m > 1; m >>= 1)
		depth += 2;
	pkey_introsort(k, n, depth);
}

void
pkey_prefix(const struct pkey *k, struct prefix *p)
{
	unsigned i;

	memset(p, 0, sizeof(*p));
	p->addr.family = k->family;
	p->len = k->len;
	for (i = 0; i < 16; i++)
		p->addr.b[i] = (uint8_t)((i < 8 ? k->hi >> (56 - 8 * i) :
		    k->lo >> (56 - 8 * (i - 8))) & 0xff);
	if (k->family == AF_V4)
		memset(p->addr.b + 4, 0, 12);
}

void
sweep_init(struct sweep *sw, size_t n)
{
	sw->keys = xcalloc(n + 1, sizeof(*sw->keys));
	sw->rec = xcalloc(n + 1, sizeof(*sw->rec));
	sw->n = 0;
	sw->cap = n;
}

void
sweep_add(struct sweep *sw, const struct prefix *p, struct tloc loc,
    int kind, int rank, bool push, size_t owner, size_t sub)
{
	struct pkey *k = &sw->keys[sw->n];
	struct sweep_rec *r = &sw->rec[sw->n];

	if (sw->n == sw->cap)
		return;
	pkey_set(k, p, loc, sw->n);
	k->rank = (uint8_t)rank;
	r->owner = (uint32_t)owner;
	r->sub = (uint32_t)sub;
	r->kind = (uint8_t)kind;
	r->push = push;
	sw->n++;
}

static void
sweep_view(const struct sweep *sw, const struct pkey *k,
    struct sweep_item *it)
{
	const struct sweep_rec *r = &sw->rec[k->idx];

	pkey_prefix(k, &it->p);
	it->loc.line = k->line;
	it->loc.col = k->col;
	it->kind = r->kind;
	it->rank = k->rank;
	it->push = r->push;
	it->owner = r->owner;
	it->sub = r->sub;
}

/*
 * Does the prefix of key a hold that of key b?  On the keys' integers, as
 * pkey_set() lays them out (an IPv4 address in hi's top 32 bits).
 */
static bool
pkey_covers(const struct pkey *a, const struct pkey *b)
{
	unsigned len = a->len;
	uint64_t mhi, mlo;

	if (a->family != b->family || a->len > b->len)
		return false;
	if (a->family == AF_V4 && len > 32)
		return false;
	mhi = len == 0 ? 0 : len >= 64 ? ~0ULL : ~0ULL << (64 - len);
	mlo = len <= 64 ? 0 : len >= 128 ? ~0ULL : ~0ULL << (128 - len);
	return ((a->hi ^ b->hi) & mhi) == 0 && ((a->lo ^ b->lo) & mlo) == 0;
}

void
sweep_run(struct sweep *sw,
    void (*found)(const struct sweep_item *, const struct sweep_item *,
	void *), void *ctx)
{
	const struct pkey **stack = NULL;
	size_t i, depth = 0, cap = 0;

	pkey_sort(sw->keys, sw->n);
	for (i = 0; i < sw->n; i++) {
		const struct pkey *k = &sw->keys[i];

		while (depth > 0 && !pkey_covers(stack[depth - 1], k))
			depth--;
		if (depth > 0) {
			struct sweep_item outer, inner;

			sweep_view(sw, stack[depth - 1], &outer);
			sweep_view(sw, k, &inner);
			found(&outer, &inner, ctx);
		}
		if (sw->rec[k->idx].push) {
			if (depth == cap) {
				cap = cap ? 2 * cap : 64;
				stack = xreallocarray(stack, cap,
				    sizeof(*stack));
			}
			stack[depth++] = k;
		}
	}
	free(stack);
	free(sw->keys);
	free(sw->rec);
	memset(sw, 0, sizeof(*sw));
}
