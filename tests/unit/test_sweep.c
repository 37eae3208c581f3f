/*
 * The sorting and sweeping the checks stand on: pkey_sort agrees with
 * qsort(pkey_cmp) on any input, and the overlap sweep (sweep_add,
 * sweep_run) names each prefix's innermost container.
 */
#include "validate/checks.h"

#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static struct prefix
P(const char *s)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	(void)prefix_parse(s, strlen(s), true, &p);
	return p;
}

struct found {
	size_t	outer[16], inner[16], n;
};

static void
record(const struct sweep_item *o, const struct sweep_item *i, void *ctx)
{
	struct found *f = ctx;

	if (f->n < 16) {
		f->outer[f->n] = o->owner;
		f->inner[f->n] = i->owner;
	}
	f->n++;
}

int
main(void)
{
	static const size_t sizes[] = { 0, 1, 2, 7, 8, 9, 100, 4097 };
	struct found f;
	size_t s, i;

	srand(7);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s];
		struct pkey *a = calloc(n + 1, sizeof(*a));
		struct pkey *b = calloc(n + 1, sizeof(*b));

		for (i = 0; i < n; i++) {
			a[i].gf = (uint32_t)(rand() % 6);
			a[i].hi = (uint64_t)(rand() % 50) << 40;
			a[i].len = (uint8_t)(rand() % 4);
			a[i].line = (uint32_t)(rand() % 5);
			a[i].idx = (uint32_t)i;
		}
		memcpy(b, a, n * sizeof(*a));
		if (n > 0)
			qsort(a, n, sizeof(*a), pkey_cmp);
		pkey_sort(b, n);
		ok(n == 0 || memcmp(a, b, n * sizeof(*a)) == 0,
		    "pkey_sort matches qsort on %zu keys", n);
		free(a);
		free(b);
	}

	/* 10/8 holds 10.1/16 holds 10.1.2/24; 10.1/16 twice; a lone /24. */
	{
		static const char *const pfx[] = { "10.1.2.0/24", "10.0.0.0/8",
		    "10.1.0.0/16", "192.168.0.0/24", "10.1.0.0/16",
		    "10.1.2.7/32" };
		struct sweep sw;

		sweep_init(&sw, 6);
		for (i = 0; i < 6; i++) {
			struct prefix p = P(pfx[i]);
			struct tloc l = { (uint32_t)(i + 1), 1 };

			/* The address is never a container. */
			sweep_add(&sw, &p, l, 0, i == 5, i != 5, i, 0);
		}
		memset(&f, 0, sizeof(f));
		sweep_run(&sw, record, &f);
	}
	ok(f.n == 4, "four overlaps found (got %zu)", f.n);
	ok(f.n >= 4 && f.outer[0] == 1 && f.inner[0] == 2,
	    "10.1/16 inside 10/8");
	ok(f.n >= 4 && f.outer[1] == 2 && f.inner[1] == 4,
	    "the second 10.1/16 against the first, not 10/8");
	ok(f.n >= 4 && f.outer[2] == 4 && f.inner[2] == 0,
	    "10.1.2/24 against the innermost 10.1/16");
	ok(f.n >= 4 && f.outer[3] == 0 && f.inner[3] == 5,
	    "the address against the /24 that holds it");
	/* Keys give their prefixes back, and nesting works on both families. */
	{
		static const char *const pfx[] = { "0.0.0.0/0", "::/0",
		    "2001:db8::/32", "2001:db8:0:1::/64", "2001:db8:0:1::/65",
		    "2001:db8:0:1:8000::/65", "2001:db8:0:1:8000::1/128",
		    "192.0.2.0/31" };
		struct sweep sw;
		bool same = true;

		for (i = 0; i < 8; i++) {
			struct prefix p = P(pfx[i]), q;
			struct pkey k;

			pkey_set(&k, &p, (struct tloc){ 1, 1 }, i);
			pkey_prefix(&k, &q);
			if (prefix_cmp(&p, &q) != 0)
				same = false;
		}
		ok(same, "pkey_prefix gives back the prefix a key was made of");
		sweep_init(&sw, 8);
		for (i = 0; i < 8; i++) {
			struct prefix p = P(pfx[i]);
			struct tloc l = { (uint32_t)(i + 1), 1 };

			sweep_add(&sw, &p, l, 0, 0, true, i, 0);
		}
		memset(&f, 0, sizeof(f));
		sweep_run(&sw, record, &f);
		/* 192.0.2.0/31 in 0/0; ::/0 > /32 > /64 > both /65s; /128. */
		ok(f.n == 6, "six nestings across families (got %zu)", f.n);
		ok(f.n >= 6 && f.outer[0] == 0 && f.inner[0] == 7,
		    "an IPv4 /31 inside 0.0.0.0/0");
		ok(f.n >= 6 && f.outer[1] == 1 && f.inner[1] == 2 &&
		    f.outer[2] == 2 && f.inner[2] == 3,
		    "IPv6 /32 inside ::/0, /64 inside /32");
		ok(f.n >= 6 && f.outer[3] == 3 && f.inner[3] == 4 &&
		    f.outer[4] == 3 && f.inner[4] == 5,
		    "both halves of a /64 inside it, not inside each other");
		ok(f.n >= 6 && f.outer[5] == 5 && f.inner[5] == 6,
		    "a /128 inside the /65 half that holds it");
	}
	return tap_done();
}
