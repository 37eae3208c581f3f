/*
 * gentopo: write a synthetic schema-v1 topology to stdout, for the
 * benchmarks.
 *
 *	gentopo --tunnels N --shape hub|mesh|mixed [--seed S]
 *
 * The output is a pure function of the arguments.  It is meant to be valid:
 * every prefix comes from its own pool (so nothing overlaps), hosts of one
 * cluster share an outer address family, every host pair has at most one
 * tunnel, and every IPsec tunnel takes phase 1 and its key from the same
 * place, so per-pair agreement holds by construction.
 *
 * Address plan (pools are disjoint):
 *	outer IPv4	198.18.0.0/15, then 172.16.0.0/12
 *	outer IPv6	2001:db8::/32, one /64 per host, ::1
 *	host networks	10.128.0.0/9 in /29s; fd80::/16 in /64s
 *	inner IPv4	10.0.0.0/9 in /30s and /31s; 100.64.0.0/10 in /30s
 *	inner IPv6	fd00::/16 in /127s
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum shape { SHAPE_HUB, SHAPE_MESH, SHAPE_MIXED };

enum ttype { T_GRE, T_GIF, T_IPSEC };

enum inner_kind {
	IN_NONE,	/* type ipsec */
	IN_P30,		/* 10.x /30 prefix */
	IN_P31,		/* 10.x /31 prefix */
	IN_MAP30,	/* 10.x /30 as a mapping */
	IN_CGN30,	/* 100.64.x /30 prefix */
	IN_V6,		/* fd00:: /127 prefix */
};

struct host {
	uint32_t	 id;		/* creation order; names the host */
	char		 role;		/* 'h' hub, 's' spoke, 'm' mesh member */
	bool		 v6;		/* outer address family */
	uint32_t	 outer;		/* index in the family's outer pool */
	uint32_t	 net;		/* first /29 index */
	bool		 net2;		/* a second /29 */
	uint32_t	 net6;		/* /64 index, when v6 */
	int		 freebsd;	/* 0: the default */
};

struct tunnel {
	uint32_t	 a, b;		/* host indexes */
	enum ttype	 type;
	bool		 ipsec;
	enum inner_kind	 inner;
	uint32_t	 inner_idx;	/* block index in the inner pool */
	int		 mtu;		/* 0: computed */
	int		 routes;	/* 0 auto, 1 none, 2 explicit for A */
	int		 ipsec_style;	/* variety in the ipsec block */
};

struct gen {
	uint64_t	 rng;
	size_t		 want;		/* tunnels requested */
	struct host	*hosts;
	size_t		 nhosts, hostcap;
	struct tunnel	*tunnels;
	size_t		 ntunnels;
	uint32_t	 nout4, nout6, nnet4, nnet6;
	uint32_t	 nin10, nin100, nin6;
	uint32_t	 nclusters;
};

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
rnd(struct gen *g)
{
	uint64_t z;

	z = (g->rng += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t
rndn(struct gen *g, uint32_t n)
{
	return (uint32_t)(rnd(g) % n);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		fprintf(stderr, "gentopo: out of memory\n");
		exit(2);
	}
	return p;
}

static void
die(const char *msg)
{
	fprintf(stderr, "gentopo: %s\n", msg);
	exit(2);
}

static uint32_t
host_new(struct gen *g, char role, bool v6)
{
	struct host *h;

	if (g->nhosts == g->hostcap) {
		g->hostcap = g->hostcap ? g->hostcap * 2 : 1024;
		g->hosts = xrealloc(g->hosts, g->hostcap * sizeof(*h));
	}
	h = &g->hosts[g->nhosts];
	memset(h, 0, sizeof(*h));
	h->id = (uint32_t)g->nhosts;
	h->role = role;
	h->v6 = v6;
	h->outer = v6 ? g->nout6++ : g->nout4++;
	h->net = g->nnet4++;
	if (rndn(g, 8) == 0) {
		h->net2 = true;
		g->nnet4++;
	}
	if (v6)
		h->net6 = g->nnet6++;
	if (rndn(g, 10) == 0)
		h->freebsd = 13;
	else if (rndn(g, 20) == 0)
		h->freebsd = 15;
	/* 10.128.0.0/9 holds 2^20 /29s. */
	if (g->nnet4 > (UINT32_C(1) << 20))
		die("too many hosts for the network pool");
	return (uint32_t)g->nhosts++;
}

/* A lazily created host: clusters only name the hosts that get a tunnel. */
static uint32_t
host_lazy(struct gen *g, int64_t *slot, char role, bool v6)
{
	if (*slot < 0)
		*slot = host_new(g, role, v6);
	return (uint32_t)*slot;
}

static bool
full(const struct gen *g)
{
	return g->ntunnels >= g->want;
}

static void
tunnel_add(struct gen *g, uint32_t a, uint32_t b)
{
	struct tunnel *t;
	uint32_t r;

	t = &g->tunnels[g->ntunnels++];
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->b = b;
	/* Half the tunnels are encrypted; a fifth of those are type ipsec. */
	t->ipsec = rndn(g, 2) == 0;
	if (t->ipsec && rndn(g, 5) == 0)
		t->type = T_IPSEC;
	else
		t->type = rndn(g, 2) ? T_GIF : T_GRE;
	if (t->type == T_IPSEC) {
		t->inner = IN_NONE;
	} else {
		r = rndn(g, 16);
		if (r < 2) {
			t->inner = IN_V6;
			t->inner_idx = g->nin6++;
		} else if (r < 5) {
			t->inner = IN_CGN30;
			t->inner_idx = g->nin100++;
		} else {
			t->inner = r < 9 ? IN_P30 : r < 14 ? IN_P31 : IN_MAP30;
			t->inner_idx = g->nin10++;
		}
		if (rndn(g, 16) == 0)
			t->mtu = 1400;
		r = rndn(g, 40);
		if (r == 0)
			t->routes = 1;
		else if (r == 1 && t->inner != IN_V6)
			t->routes = 2;
	}
	if (t->ipsec)
		t->ipsec_style = (int)rndn(g, 12);
	/* 10.0.0.0/9 holds 2^21 /30s, 100.64.0.0/10 2^20. */
	if (g->nin10 > (UINT32_C(1) << 21) || g->nin100 > (UINT32_C(1) << 20))
		die("too many tunnels for the inner pools");
}

/*
 * A hub cluster: two hubs, spokes on alternating hubs, one spoke in `dual`
 * also homed on the other hub.
 */
static void
gen_hub(struct gen *g, uint32_t spokes, uint32_t dual)
{
	int64_t hub[2] = { -1, -1 };
	bool v6;
	uint32_t i, s, h;

	v6 = g->nclusters++ % 8 == 1;
	for (i = 0; i < spokes && !full(g); i++) {
		h = host_lazy(g, &hub[i % 2], 'h', v6);
		s = host_new(g, 's', v6);
		tunnel_add(g, h, s);
		if (i % dual == dual - 1 && !full(g)) {
			h = host_lazy(g, &hub[(i + 1) % 2], 'h', v6);
			tunnel_add(g, h, s);
		}
	}
}

/* A full mesh of k hosts. */
static void
gen_mesh(struct gen *g, uint32_t k)
{
	int64_t m[8];
	bool v6;
	uint32_t i, j, a, b;

	v6 = g->nclusters++ % 8 == 1;
	for (i = 0; i < k; i++)
		m[i] = -1;
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k && !full(g); j++) {
			a = host_lazy(g, &m[i], 'm', v6);
			b = host_lazy(g, &m[j], 'm', v6);
			tunnel_add(g, a, b);
		}
}

static void
generate(struct gen *g, enum shape shape)
{
	size_t mark;

	g->tunnels = xrealloc(NULL, (g->want ? g->want : 1) * sizeof(*g->tunnels));
	while (!full(g)) {
		switch (shape) {
		case SHAPE_HUB:
			gen_hub(g, 1000, 5);
			break;
		case SHAPE_MESH:
			gen_mesh(g, 3 + rndn(g, 4));
			break;
		case SHAPE_MIXED:
			/* Three quarters of the tunnels in hubs, a quarter in meshes. */
			mark = g->ntunnels;
			gen_hub(g, 500, 10);
			mark = (g->ntunnels - mark) / 3;
			while (mark > 0 && !full(g)) {
				size_t before = g->ntunnels;

				gen_mesh(g, 3 + rndn(g, 3));
				mark -= g->ntunnels - before < mark ?
				    g->ntunnels - before : mark;
			}
			break;
		}
	}
}

/* Printing. */

static void
put4(char *buf, size_t len, uint32_t a)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
}

/* RFC 5952 text of eight 16-bit groups. */
static void
put6(char *buf, size_t len, const uint16_t w[8])
{
	int best = -1, bestlen = 1, i, j, n;
	size_t o = 0;

	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && w[j] == 0; j++)
			;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			n = snprintf(buf + o, len - o, "::");
			o += (size_t)n;
			i += bestlen - 1;
			continue;
		}
		n = snprintf(buf + o, len - o, "%s%x",
		    i > 0 && o > 0 && buf[o - 1] != ':' ? ":" : "", w[i]);
		o += (size_t)n;
	}
}

static uint32_t
outer4(uint32_t idx)
{
	/* Skip .0 and .255 so no address looks like a network or broadcast. */
	uint32_t n = idx / 254 * 256 + idx % 254 + 1;

	if (n < (UINT32_C(1) << 17))
		return UINT32_C(0xc6120000) + n;	/* 198.18.0.0/15 */
	n -= UINT32_C(1) << 17;
	if (n < (UINT32_C(1) << 20))
		return UINT32_C(0xac100000) + n;	/* 172.16.0.0/12 */
	die("too many IPv4 hosts for the outer pools");
	return 0;
}

static void
host_outer(char *buf, size_t len, const struct host *h)
{
	uint16_t w[8] = { 0x2001, 0x0db8, 0, 0, 0, 0, 0, 1 };

	if (!h->v6) {
		put4(buf, len, outer4(h->outer));
		return;
	}
	w[2] = (uint16_t)((h->outer + 1) >> 16);
	w[3] = (uint16_t)(h->outer + 1);
	put6(buf, len, w);
}

static void
net4(char *buf, size_t len, uint32_t idx)
{
	char a[16];

	put4(a, sizeof(a), UINT32_C(0x0a800000) + idx * 8);	/* 10.128/9 */
	snprintf(buf, len, "%s/29", a);
}

static void
net6(char *buf, size_t len, uint32_t idx)
{
	uint16_t w[8] = { 0xfd80, 0, 0, 0, 0, 0, 0, 0 };
	char a[48];

	idx++;
	w[2] = (uint16_t)(idx >> 16);
	w[3] = (uint16_t)idx;
	put6(a, sizeof(a), w);
	snprintf(buf, len, "%s/64", a);
}

static void
hname(char *buf, size_t len, const struct host *h)
{
	snprintf(buf, len, "%s%" PRIu32,
	    h->role == 'h' ? "hub" : h->role == 's' ? "sp" : "m", h->id);
}

static void
print_hosts(const struct gen *g, FILE *f)
{
	const struct host *h;
	char name[32], addr[64], n1[64], n2[64], n3[64];
	size_t i;

	fputs(g->nhosts ? "hosts:\n" : "hosts: {}\n", f);
	for (i = 0; i < g->nhosts; i++) {
		h = &g->hosts[i];
		hname(name, sizeof(name), h);
		host_outer(addr, sizeof(addr), h);
		net4(n1, sizeof(n1), h->net);
		fprintf(f, "  %s:\n    address: %s\n    networks: [%s", name,
		    addr, n1);
		if (h->net2) {
			net4(n2, sizeof(n2), h->net + 1);
			fprintf(f, ", %s", n2);
		}
		if (h->v6) {
			net6(n3, sizeof(n3), h->net6);
			fprintf(f, ", %s", n3);
		}
		fputs("]\n", f);
		if (h->freebsd)
			fprintf(f, "    freebsd: %d\n", h->freebsd);
	}
}

static void
print_inner(const struct tunnel *t, const char *an, const char *bn, FILE *f)
{
	uint16_t w[8] = { 0xfd00, 0, 0, 0, 0, 0, 0, 0 };
	uint32_t base = 0;
	char a[48], b[48];

	switch (t->inner) {
	case IN_NONE:
		return;
	case IN_P30:
	case IN_P31:
	case IN_MAP30:
		base = UINT32_C(0x0a000000) + t->inner_idx * 4;	/* 10.0/9 */
		break;
	case IN_CGN30:
		base = UINT32_C(0x64400000) + t->inner_idx * 4;	/* 100.64/10 */
		break;
	case IN_V6:
		w[6] = (uint16_t)((t->inner_idx * 2) >> 16);
		w[7] = (uint16_t)(t->inner_idx * 2);
		put6(a, sizeof(a), w);
		fprintf(f, "    inner: %s/127\n", a);
		return;
	}
	if (t->inner == IN_MAP30) {
		put4(a, sizeof(a), base + 1);
		put4(b, sizeof(b), base + 2);
		fprintf(f, "    inner: { %s: %s/30, %s: %s/30 }\n", an, a, bn, b);
		return;
	}
	put4(a, sizeof(a), base);
	fprintf(f, "    inner: %s/%d\n", a, t->inner == IN_P31 ? 31 : 30);
}

static void
print_ipsec(const struct tunnel *t, FILE *f)
{
	static const char psk[] = "psk: { env: BENCH_PSK }";

	switch (t->ipsec_style) {
	case 0:
		fprintf(f, "    ipsec: { protocol: esp+ah, %s }\n", psk);
		break;
	case 1:
		fprintf(f, "    ipsec:\n      level: unique\n      %s\n"
		    "      phase2: { encryption: aes-128, pfs-group: none }\n",
		    psk);
		break;
	case 2:
		fprintf(f, "    ipsec:\n      %s\n"
		    "      phase2: { auth: hmac-sha512, lifetime: 30m }\n", psk);
		break;
	default:
		fprintf(f, "    ipsec: { %s }\n", psk);
		break;
	}
}

static void
print_tunnels(const struct gen *g, FILE *f)
{
	const struct tunnel *t;
	const struct host *ha, *hb;
	char an[32], bn[32], net[64];
	size_t i;

	fputs(g->ntunnels ? "tunnels:\n" : "tunnels: {}\n", f);
	for (i = 0; i < g->ntunnels; i++) {
		t = &g->tunnels[i];
		ha = &g->hosts[t->a];
		hb = &g->hosts[t->b];
		hname(an, sizeof(an), ha);
		hname(bn, sizeof(bn), hb);
		fprintf(f, "  t%zu:\n", i);
		if (t->type == T_GIF)
			fputs("    type: gif\n", f);
		else if (t->type == T_IPSEC)
			fputs("    type: ipsec\n", f);
		fprintf(f, "    between: [%s, %s]\n", an, bn);
		print_inner(t, an, bn, f);
		if (t->mtu)
			fprintf(f, "    mtu: %d\n", t->mtu);
		if (t->routes == 1)
			fputs("    routes: none\n", f);
		else if (t->routes == 2) {
			/* What auto would give A, and nothing for B. */
			net4(net, sizeof(net), hb->net);
			fprintf(f, "    routes: { %s: [%s] }\n", an, net);
		}
		if (t->ipsec)
			print_ipsec(t, f);
	}
}

static void
print_topology(const struct gen *g, FILE *f)
{
	fputs("# Synthetic topology for the benchmarks; written by gentopo.\n"
	    "version: 1\n"
	    "\n"
	    "defaults:\n"
	    "  type: gre\n"
	    "  ipsec:\n"
	    "    protocol: esp\n"
	    "    phase1: { encryption: aes-256, hash: sha256, dh-group: 14,"
	    " lifetime: 8h }\n"
	    "    phase2: { encryption: aes-256, auth: hmac-sha256,"
	    " pfs-group: 14, lifetime: 1h }\n"
	    "\n", f);
	print_hosts(g, f);
	fputs("\n", f);
	print_tunnels(g, f);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gentopo --tunnels N --shape hub|mesh|mixed"
	    " [--seed S]\n");
	exit(2);
}

static unsigned long long
number(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-')
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tunnels", required_argument, NULL, 'n' },
		{ "shape", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gen g;
	enum shape shape = SHAPE_MIXED;
	bool have_n = false;
	uint64_t seed = 1;
	int ch;

	memset(&g, 0, sizeof(g));
	while ((ch = getopt_long(argc, argv, "n:s:S:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			g.want = (size_t)number(optarg);
			have_n = true;
			break;
		case 's':
			if (strcmp(optarg, "hub") == 0)
				shape = SHAPE_HUB;
			else if (strcmp(optarg, "mesh") == 0)
				shape = SHAPE_MESH;
			else if (strcmp(optarg, "mixed") == 0)
				shape = SHAPE_MIXED;
			else
				usage();
			break;
		case 'S':
			seed = number(optarg);
			break;
		default:
			usage();
		}
	}
	if (!have_n || optind != argc)
		usage();
	if (g.want > 2000000)
		die("at most 2000000 tunnels");
	g.rng = seed;
	generate(&g, shape);
	print_topology(&g, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gentopo: stdout");
		return 2;
	}
	fprintf(stderr, "gentopo: %zu hosts, %zu tunnels\n", g.nhosts,
	    g.ntunnels);
	free(g.hosts);
	free(g.tunnels);
	return 0;
}
