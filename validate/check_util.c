/* Helpers shared by the topology checks. */
#include "validate/checks.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "validate/introsort.h"

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

/* n bytes in network order as an integer (compilers make it one load). */
static inline uint64_t
be_bytes(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

/*
 * A prefix's address as two integers, as every key holds it: an IPv4
 * address in hi's top 32 bits.
 */
static inline void
prefix_words(const struct prefix *p, uint64_t *hi, uint64_t *lo)
{
	if (p->addr.family == AF_V4) {
		*hi = be_bytes(p->addr.b, 4) << 32;
		*lo = 0;
	} else {
		*hi = be_bytes(p->addr.b, 8);
		*lo = be_bytes(p->addr.b + 8, 8);
	}
}

/* The prefix back from its integers. */
static void
words_prefix(int family, unsigned len, uint64_t hi, uint64_t lo,
    struct prefix *p)
{
	unsigned i;

	memset(p, 0, sizeof(*p));
	p->addr.family = (uint8_t)family;
	p->len = (uint8_t)len;
	for (i = 0; i < (family == AF_V4 ? 4u : 16u); i++)
		p->addr.b[i] = (uint8_t)((i < 8 ? hi >> (56 - 8 * i) :
		    lo >> (56 - 8 * (i - 8))) & 0xff);
}

/* Do the first alen bits of (ahi, alo) equal those of (bhi, blo)? */
static inline bool
words_cover(unsigned alen, uint64_t ahi, uint64_t alo, uint64_t bhi,
    uint64_t blo)
{
	uint64_t mhi, mlo;

	mhi = alen == 0 ? 0 : alen >= 64 ? ~0ULL : ~0ULL << (64 - alen);
	mlo = alen <= 64 ? 0 : alen >= 128 ? ~0ULL : ~0ULL << (128 - alen);
	return ((ahi ^ bhi) & mhi) == 0 && ((alo ^ blo) & mlo) == 0;
}

void
pkey_set(struct pkey *k, const struct prefix *p, struct tloc l, size_t idx)
{
	prefix_words(p, &k->hi, &k->lo);
	k->gf = p->addr.family == AF_V6;
	k->len = p->len;
	k->rank = 0;
	k->line = l.line;
	k->col = l.col > UINT16_MAX ? UINT16_MAX : (uint16_t)l.col;
	k->idx = (uint32_t)idx;
}

#define KCMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1

static inline int
pkey_order(const struct pkey *x, const struct pkey *y)
{
	KCMP(gf);
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

_Static_assert(sizeof(struct pkey) == 32, "struct pkey grew");

INTROSORT(pkey_introsort, struct pkey, pkey_order)

void
pkey_sort(struct pkey *k, size_t n)
{
	pkey_introsort(k, n);
}

bool
pkey_covers(const struct pkey *a, const struct pkey *b)
{
	if ((a->gf & 1) != (b->gf & 1) || a->len > b->len)
		return false;
	return words_cover(a->len, a->hi, a->lo, b->hi, b->lo);
}

void
pkey_prefix(const struct pkey *k, struct prefix *p)
{
	words_prefix(pkey_family(k), k->len, k->hi, k->lo, p);
}

/* The order of a sweep: prefix order, rank, file order, then the item. */
static inline int
skey_order(const struct skey *x, const struct skey *y)
{
	KCMP(family);
	KCMP(hi);
	KCMP(lo);
	KCMP(len);
	KCMP(rank);
	KCMP(line);
	KCMP(col);
	KCMP(kind);
	KCMP(owner);
	KCMP(sub);
	return 0;
}

INTROSORT(skey_sort, struct skey, skey_order)

void
sweep_init(struct sweep *sw, size_t n)
{
	sw->keys = xcalloc(n + 1, sizeof(*sw->keys));
	sw->n = 0;
	sw->cap = n;
}

void
sweep_add(struct sweep *sw, const struct prefix *p, struct tloc loc,
    int kind, int rank, bool push, size_t owner, size_t sub)
{
	struct skey *k = &sw->keys[sw->n];

	if (sw->n == sw->cap)
		return;
	prefix_words(p, &k->hi, &k->lo);
	k->family = p->addr.family == AF_V6 ? AF_V6 : AF_V4;
	k->len = p->len;
	k->line = loc.line;
	/* Columns past 65535 are saturated by the loader already. */
	k->col = loc.col > UINT16_MAX ? UINT16_MAX : (uint16_t)loc.col;
	k->rank = (uint8_t)rank;
	k->kind = (uint8_t)kind;
	k->push = push;
	k->owner = (uint32_t)owner;
	k->sub = (uint32_t)sub;
	sw->n++;
}

static void
sweep_view(const struct skey *k, struct sweep_item *it)
{
	words_prefix(k->family, k->len, k->hi, k->lo, &it->p);
	it->loc.line = k->line;
	it->loc.col = k->col;
	it->kind = k->kind;
	it->rank = k->rank;
	it->push = k->push;
	it->owner = k->owner;
	it->sub = k->sub;
}

/*
 * Does the prefix of key a hold that of key b?  On the keys' integers, as
 * pkey_set() lays them out (an IPv4 address in hi's top 32 bits).
 */
static bool
skey_covers(const struct skey *a, const struct skey *b)
{
	if (a->family != b->family || a->len > b->len)
		return false;
	if (a->family == AF_V4 && a->len > 32)
		return false;
	return words_cover(a->len, a->hi, a->lo, b->hi, b->lo);
}

void
sweep_run(struct sweep *sw,
    void (*found)(const struct sweep_item *, const struct sweep_item *,
	void *), void *ctx)
{
	const struct skey **stack = NULL;
	size_t i, depth = 0, cap = 0;

	skey_sort(sw->keys, sw->n);
	for (i = 0; i < sw->n; i++) {
		const struct skey *k = &sw->keys[i];

		while (depth > 0 && !skey_covers(stack[depth - 1], k))
			depth--;
		if (depth > 0) {
			struct sweep_item outer, inner;

			sweep_view(stack[depth - 1], &outer);
			sweep_view(k, &inner);
			found(&outer, &inner, ctx);
		}
		if (k->push) {
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
	memset(sw, 0, sizeof(*sw));
}
