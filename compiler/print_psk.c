/*
 * racoon's psk.txt: one "PEER-ADDRESS KEY" line per IPsec peer, the address
 * in the form racoon compares (RFC 5952 for IPv6).  The key is the one value
 * printed as it is; it was checked to fit the format (no line breaks, no
 * leading blank or '#', short enough for racoon's line buffer).
 */
#include "config.h"

#include <string.h>

#include "compiler/print.h"

enum { S_HEADER, S_ENTRY, S_FOOTER, S__COUNT };
enum { V_FILE, V_HOST, V_PEER, V_KEY, V__COUNT };

static const char *const sections[S__COUNT] = { "header", "entry", "footer" };
static const char *const vars[V__COUNT] = { "file", "host", "peer", "key" };

#define B(v)	(UINT32_C(1) << (v))
#define COMMON	(B(V_FILE) | B(V_HOST))

static const uint32_t section_vars[S__COUNT] = {
	[S_HEADER] = COMMON,
	[S_ENTRY] = COMMON | B(V_PEER) | B(V_KEY),
	[S_FOOTER] = COMMON,
};

const struct tmpl_schema psk_schema = {
	"psk.txt.tmpl", sections, S__COUNT, vars, V__COUNT, section_vars,
};

int
print_psk(const struct tmpl_set *set, const struct hostconfig *hc,
    struct tbuf *out, struct diag_sink *ds)
{
	const struct tmpl *t = set->t[TF_PSK];
	struct tvals v = { 0 };
	size_t i;

	if (!hc->ipsec || hc->npsks == 0)
		return 0;
	if (!safe_hostname(hc->host)) {
		print_refuse(ds, hc->loc, "the host name", "?");
		return -1;
	}
	for (i = 0; i < hc->npsks; i++)
		if (!safe_psk(hc->psks[i].key, hc->psks[i].keylen)) {
			/* Never the key itself: only where it came from. */
			print_refuse(ds, hc->psks[i].loc, "a pre-shared key",
			    hc->host);
			return -1;
		}
	tvals_set(&v, V_FILE, "psk.txt", 7);
	tvals_set(&v, V_HOST, hc->host, strlen(hc->host));
	tmpl_render(t, S_HEADER, &v, out);
	for (i = 0; i < hc->npsks; i++) {
		char peer[ADDR_STRLEN];

		addr_format(&hc->psks[i].peer, peer);
		tvals_set(&v, V_PEER, peer, strlen(peer));
		tvals_set(&v, V_KEY, hc->psks[i].key, hc->psks[i].keylen);
		tmpl_render(t, S_ENTRY, &v, out);
	}
	tmpl_render(t, S_FOOTER, &v, out);
	return 1;
}
