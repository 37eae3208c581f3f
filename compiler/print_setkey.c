/*
 * setkey(8) input: the host's security policies.  racoon negotiates the
 * SAs, so the file holds no keys: flush and spdflush once at the top (a
 * reload must not fail on entries that already exist), then one spdadd per
 * policy, the `out` one of each flow before its `in` one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compiler/print.h"

enum { S_HEADER, S_POLICY, S_FOOTER, S__COUNT };
enum { V_FILE, V_HOST, V_SRC, V_DST, V_ULP, V_DIR, V_REQUESTS, V__COUNT };

static const char *const sections[S__COUNT] = { "header", "policy", "footer" };
static const char *const vars[V__COUNT] = {
	"file", "host", "src", "dst", "ulp", "dir", "requests",
};

#define B(v)	(UINT32_C(1) << (v))
#define COMMON	(B(V_FILE) | B(V_HOST))

static const uint32_t section_vars[S__COUNT] = {
	[S_HEADER] = COMMON,
	[S_POLICY] = COMMON | B(V_SRC) | B(V_DST) | B(V_ULP) | B(V_DIR) |
	    B(V_REQUESTS),
	[S_FOOTER] = COMMON,
};

const struct tmpl_schema setkey_schema = {
	"ipsec.conf.tmpl", sections, S__COUNT, vars, V__COUNT, section_vars,
};

static const char *const level_word[] = {
	[LEVEL_REQUIRE] = "require",
	[LEVEL_USE] = "use",
	[LEVEL_UNIQUE] = "unique",
};

/* "esp/transport//require" or "esp/tunnel/A-B/require", blank-separated. */
static size_t
fmt_requests(const struct hc_policy *p, char *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < p->nreq && i < 2; i++) {
		const struct spd_request *r = &p->req[i];
		char a[ADDR_STRLEN], b[ADDR_STRLEN], lvl[24];

		if (r->level == LEVEL_UNIQUE && r->unique_id > 0)
			snprintf(lvl, sizeof(lvl), "unique:%u", r->unique_id);
		else
			snprintf(lvl, sizeof(lvl), "%s", level_word[r->level]);
		if (r->mode == MODE_TUNNEL)
			n += (size_t)snprintf(buf + n, len - n,
			    "%s%s/tunnel/%s-%s/%s", i ? " " : "",
			    r->proto == IPSEC_AH ? "ah" : "esp",
			    addr_format(&r->tsrc, a), addr_format(&r->tdst, b),
			    lvl);
		else
			n += (size_t)snprintf(buf + n, len - n,
			    "%s%s/transport//%s", i ? " " : "",
			    r->proto == IPSEC_AH ? "ah" : "esp", lvl);
	}
	return n;
}

int
print_setkey(const struct tmpl_set *set, const struct hostconfig *hc,
    struct tbuf *out, struct diag_sink *ds)
{
	const struct tmpl *t = set->t[TF_SETKEY];
	struct tvals v = { 0 };
	size_t i;

	if (!hc->ipsec || hc->npolicies == 0)
		return 0;
	if (!safe_hostname(hc->host)) {
		print_refuse(ds, hc->loc, "the host name", "?");
		return -1;
	}
	tvals_set(&v, V_FILE, "ipsec.conf", 10);
	tvals_set(&v, V_HOST, hc->host, strlen(hc->host));
	tmpl_render(t, S_HEADER, &v, out);
	for (i = 0; i < hc->npolicies; i++) {
		const struct hc_policy *p = &hc->policies[i];
		char src[PREFIX_STRLEN], dst[PREFIX_STRLEN], ulp[16];
		char req[2 * (2 * ADDR_STRLEN + 40)];
		size_t n;

		if (p->nreq == 0 || p->nreq > 2 ||
		    p->ulproto < -1 || p->ulproto > 255) {
			print_refuse(ds, p->loc, "a policy", hc->host);
			return -1;
		}
		prefix_format(&p->src, src);
		prefix_format(&p->dst, dst);
		if (p->ulproto < 0)
			memcpy(ulp, "any", 4);
		else
			snprintf(ulp, sizeof(ulp), "%d", p->ulproto);
		n = fmt_requests(p, req, sizeof(req));
		tvals_set(&v, V_SRC, src, strlen(src));
		tvals_set(&v, V_DST, dst, strlen(dst));
		tvals_set(&v, V_ULP, ulp, strlen(ulp));
		if (p->dir == SPD_OUT)
			tvals_set(&v, V_DIR, "out", 3);
		else
			tvals_set(&v, V_DIR, "in", 2);
		tvals_set(&v, V_REQUESTS, req, n);
		tmpl_render(t, S_POLICY, &v, out);
	}
	tmpl_render(t, S_FOOTER, &v, out);
	return 1;
}
