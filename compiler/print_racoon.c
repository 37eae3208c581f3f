/*
 * racoon.conf (ipsec-tools 0.8.2): `path pre_shared_key`, one remote block
 * per IPsec peer and one sainfo per protected flow.  What racoon insists on
 * is honoured here: upper-layer protocols as numbers (it knows only a few
 * words), an encryption algorithm in every sainfo (even for AH alone),
 * `compression_algorithm deflate` always, and no `;` after a block.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compiler/print.h"

enum { S_HEADER, S_REMOTE, S_SAINFO, S_FOOTER, S__COUNT };
enum {
	V_FILE, V_HOST, V_PSK_FILE, V_PEER, V_EXCHANGE_MODE, V_MY_ID,
	V_PEER_ID, V_NATT, V_ENC, V_HASH, V_DH_GROUP, V_LIFETIME, V_LOCAL,
	V_REMOTE, V_PFS_GROUP, V_AUTH,
	V__COUNT
};

static const char *const sections[S__COUNT] = {
	"header", "remote", "sainfo", "footer",
};
static const char *const vars[V__COUNT] = {
	"file", "host", "psk_file", "peer", "exchange_mode", "my_id",
	"peer_id", "natt", "enc", "hash", "dh_group", "lifetime", "local",
	"remote", "pfs_group", "auth",
};

#define B(v)	(UINT32_C(1) << (v))
#define COMMON	(B(V_FILE) | B(V_HOST) | B(V_PSK_FILE))

static const uint32_t section_vars[S__COUNT] = {
	[S_HEADER] = COMMON,
	[S_REMOTE] = COMMON | B(V_PEER) | B(V_EXCHANGE_MODE) | B(V_MY_ID) |
	    B(V_PEER_ID) | B(V_NATT) | B(V_ENC) | B(V_HASH) | B(V_DH_GROUP) |
	    B(V_LIFETIME),
	[S_SAINFO] = COMMON | B(V_LOCAL) | B(V_REMOTE) | B(V_ENC) |
	    B(V_AUTH) | B(V_PFS_GROUP) | B(V_LIFETIME),
	[S_FOOTER] = COMMON,
};

const struct tmpl_schema racoon_schema = {
	"racoon.conf.tmpl", sections, S__COUNT, vars, V__COUNT, section_vars,
};

static void
set(struct tvals *v, int id, const char *s)
{
	tvals_set(v, id, s, strlen(s));
}

/* "aes 256", or the bare word for ciphers with one key length. */
static void
fmt_enc(enum enc_alg e, char *buf, size_t len)
{
	if (enc_algs[e].keybits > 0)
		snprintf(buf, len, "%s %u", enc_algs[e].racoon,
		    enc_algs[e].keybits);
	else
		snprintf(buf, len, "%s", enc_algs[e].racoon);
}

/*
 * A sainfo identity: "address A PROTO" for a single address, "subnet P
 * PROTO" for a network; the protocol as a number or "any".
 */
static void
fmt_id(const struct prefix *p, int ulp, char *buf, size_t len)
{
	char a[PREFIX_STRLEN], u[16];

	if (ulp < 0)
		memcpy(u, "any", 4);
	else
		snprintf(u, sizeof(u), "%d", ulp);
	if (p->len == addr_bits(&p->addr))
		snprintf(buf, len, "address %s %s", addr_format(&p->addr, a),
		    u);
	else
		snprintf(buf, len, "subnet %s %s", prefix_format(p, a), u);
}

static bool
algs_ok(int enc, int hash, int auth, int dh, int pfs)
{
	return (enc < 0 || enc < ENC__COUNT) &&
	    (hash < 0 || hash < HASH__COUNT) &&
	    (auth < 0 || auth < AUTH__COUNT) &&
	    (dh < 0 || dh_by_group(dh) != NULL) &&
	    (pfs <= 0 || dh_by_group(pfs) != NULL);
}

int
print_racoon(const struct tmpl_set *set_, const struct hostconfig *hc,
    struct tbuf *out, struct diag_sink *ds)
{
	const struct tmpl *t = set_->t[TF_RACOON];
	struct tvals v = { 0 };
	char psk_file[1100];
	size_t i;

	if (!hc->ipsec || hc->nremotes == 0)
		return 0;
	if (!safe_hostname(hc->host)) {
		print_refuse(ds, hc->loc, "the host name", "?");
		return -1;
	}
	if (!safe_path(hc->racoon_dir)) {
		print_refuse(ds, hc->loc, "racoon-dir", hc->host);
		return -1;
	}
	snprintf(psk_file, sizeof(psk_file), "%s/psk.txt", hc->racoon_dir);
	set(&v, V_FILE, "racoon.conf");
	set(&v, V_HOST, hc->host);
	set(&v, V_PSK_FILE, psk_file);
	tmpl_render(t, S_HEADER, &v, out);

	for (i = 0; i < hc->nremotes; i++) {
		const struct hc_remote *r = &hc->remotes[i];
		char peer[ADDR_STRLEN], me[ADDR_STRLEN], them[ADDR_STRLEN];
		char enc[32], dh[16], life[32];

		if (!algs_ok((int)r->enc, (int)r->hash, -1, r->dh_group, 0)) {
			print_refuse(ds, r->loc, "a phase 1 proposal",
			    hc->host);
			return -1;
		}
		set(&v, V_PEER, addr_format(&r->peer, peer));
		set(&v, V_EXCHANGE_MODE,
		    r->mode == XCHG_AGGRESSIVE ? "aggressive" : "main");
		set(&v, V_MY_ID, addr_format(&r->my_id, me));
		set(&v, V_PEER_ID, addr_format(&r->peer_id, them));
		set(&v, V_NATT, r->natt == NATT_ON ? "on" :
		    r->natt == NATT_FORCE ? "force" : "");
		fmt_enc(r->enc, enc, sizeof(enc));
		set(&v, V_ENC, enc);
		set(&v, V_HASH, hash_algs[r->hash].racoon);
		snprintf(dh, sizeof(dh), "%d", r->dh_group);
		set(&v, V_DH_GROUP, dh);
		fmt_lifetime(r->lifetime, life, sizeof(life));
		set(&v, V_LIFETIME, life);
		tmpl_render(t, S_REMOTE, &v, out);
	}

	for (i = 0; i < hc->nsainfos; i++) {
		const struct hc_sainfo *s = &hc->sainfos[i];
		char local[PREFIX_STRLEN + 24], remote[PREFIX_STRLEN + 24];
		char enc[32], pfs[16], life[32];

		if (!algs_ok((int)s->enc, -1, (int)s->auth, -1, s->pfs_group) ||
		    s->ulproto < -1 || s->ulproto > 255) {
			print_refuse(ds, s->loc, "a phase 2 proposal",
			    hc->host);
			return -1;
		}
		fmt_id(&s->local, s->ulproto, local, sizeof(local));
		fmt_id(&s->remote, s->ulproto, remote, sizeof(remote));
		set(&v, V_LOCAL, local);
		set(&v, V_REMOTE, remote);
		fmt_enc(s->enc, enc, sizeof(enc));
		set(&v, V_ENC, enc);
		set(&v, V_AUTH, auth_algs[s->auth].racoon);
		if (s->pfs_group > 0) {
			snprintf(pfs, sizeof(pfs), "%d", s->pfs_group);
			set(&v, V_PFS_GROUP, pfs);
		} else
			tvals_set(&v, V_PFS_GROUP, NULL, 0);
		fmt_lifetime(s->lifetime, life, sizeof(life));
		set(&v, V_LIFETIME, life);
		tmpl_render(t, S_SAINFO, &v, out);
	}
	tmpl_render(t, S_FOOTER, &v, out);
	return 1;
}
