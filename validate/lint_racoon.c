/*
 * racoon.conf and psk.txt checks on one host: every peer a policy sends to
 * has a remote, every ipsec policy a sainfo and every sainfo a policy,
 * every pre-shared-key remote a psk.txt line; weak algorithms; and on a
 * live tree, psk.txt's owner and mode as racoon's own safety check wants.
 */
#include "validate/lint.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grammar/import.h"
#include "grammar/racoon.h"
#include "model/arena.h"

static bool
in_list(const char *list, const char *w)
{
	size_t l = strlen(w);
	const char *p = list;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[l] == ' ' || p[l] == '\0'))
			return true;
		p += l;
	}
	return false;
}

static void
weak_value(const struct racoon_stmt *s, const char *list,
    struct diag_sink *ds)
{
	const struct racoon_value *v;

	for (v = s->args; v != NULL; v = v->next) {
		const struct dh_info *d = NULL;

		if (v->kind == RACOON_V_NUMBER && list == NULL)
			d = dh_by_group((int)v->num);
		else if (v->kind == RACOON_V_WORD && v->text != NULL &&
		    list == NULL)
			d = dh_lookup(v->text, strlen(v->text));
		if (list == NULL) {
			if (d != NULL && d->weak)
				diag_warning(ds, v->loc, "racoon-weak-algorithm",
				    "Diffie-Hellman group %d (%s) is weak; "
				    "use modp2048 or stronger", d->group,
				    d->modp);
			return;
		}
		if (v->kind == RACOON_V_WORD && v->text != NULL &&
		    in_list(list, v->text))
			diag_warning(ds, v->loc, "racoon-weak-algorithm",
			    "%s is weak (%s); prefer aes with sha256 or "
			    "hmac_sha256", v->text, s->keyword);
	}
}

static void
check_weak(const struct racoon_stmt *list, bool in_sainfo,
    struct diag_sink *ds)
{
	const struct racoon_stmt *s;

	for (s = list; s != NULL; s = s->next) {
		if (s->kind == RACOON_REMOTE || s->kind == RACOON_PROPOSAL) {
			check_weak(s->body, false, ds);
			continue;
		}
		if (s->kind == RACOON_SAINFO) {
			check_weak(s->body, true, ds);
			continue;
		}
		if (s->kind != RACOON_SIMPLE)
			continue;
		if (strcmp(s->keyword, "encryption_algorithm") == 0)
			weak_value(s, in_sainfo ? "des 3des des_iv64 des_iv32 "
			    "blowfish cast128 null_enc null rc4 idea 3idea rc5 "
			    "twofish" : "des 3des blowfish cast128 idea rc5",
			    ds);
		else if (strcmp(s->keyword, "hash_algorithm") == 0)
			weak_value(s, "md5 sha1", ds);
		else if (strcmp(s->keyword, "authentication_algorithm") == 0)
			weak_value(s, "hmac_md5 hmac_sha1 non_auth kpdk", ds);
		else if (strcmp(s->keyword, "dh_group") == 0 ||
		    strcmp(s->keyword, "pfs_group") == 0)
			weak_value(s, NULL, ds);
	}
}

static int
remote_cmp(const void *a, const void *b)
{
	const struct hc_remote *const *x = a, *const *y = b;

	return addr_cmp(&(*x)->peer, &(*y)->peer);
}

struct sel {
	struct prefix	 local, remote;
	int		 ul;
	struct loc	 loc;
};

static int
sel_cmp(const void *a, const void *b)
{
	const struct sel *x = a, *y = b;
	int c;

	if ((c = prefix_cmp(&x->local, &y->local)) != 0)
		return c;
	if ((c = prefix_cmp(&x->remote, &y->remote)) != 0)
		return c;
	return x->ul < y->ul ? -1 : x->ul > y->ul;
}

/* The peer an out policy sends to: its tunnel end, or its destination. */
static bool
policy_peer(const struct hc_policy *p, struct addr *out)
{
	size_t i;

	for (i = 0; i < p->nreq; i++)
		if (p->req[i].mode == MODE_TUNNEL &&
		    p->req[i].tdst.family != 0) {
			*out = p->dir == SPD_OUT ? p->req[i].tdst :
			    p->req[i].tsrc;
			return true;
		}
	{
		const struct prefix *far = p->dir == SPD_OUT ? &p->dst : &p->src;

		if (far->len != addr_bits(&far->addr))
			return false;
		*out = far->addr;
	}
	return true;
}

static bool
remote_uses_psk(const struct hc_remote *r)
{
	size_t i;

	if (r->nprops == 0)
		return !r->certs;
	for (i = 0; i < r->nprops; i++)
		if (r->props[i].psk)
			return true;
	return false;
}

static void
check_links(const struct imp_host *h, struct diag_sink *ds)
{
	const struct hostconfig *hc = &h->hc;
	const struct hc_remote **rv, *kp;
	struct hc_remote key_r;
	struct sel *sv, *pv;
	size_t i, nsv = 0, npv = 0;
	bool anon_remote = false, anon_sainfo = false, psk_file_said = false;

	memset(&key_r, 0, sizeof(key_r));
	kp = &key_r;

	rv = xreallocarray(NULL, hc->nremotes + 1, sizeof(*rv));
	for (i = 0; i < hc->nremotes; i++) {
		rv[i] = &hc->remotes[i];
		anon_remote |= hc->remotes[i].anonymous;
	}
	qsort(rv, hc->nremotes, sizeof(*rv), remote_cmp);
	sv = xreallocarray(NULL, hc->nsainfos + 1, sizeof(*sv));
	for (i = 0; i < hc->nsainfos; i++) {
		const struct hc_sainfo *s = &hc->sainfos[i];

		if (s->anonymous) {
			anon_sainfo = true;
			continue;
		}
		sv[nsv].local = s->local;
		sv[nsv].remote = s->remote;
		sv[nsv].ul = s->ulproto;
		sv[nsv++].loc = s->loc;
	}
	qsort(sv, nsv, sizeof(*sv), sel_cmp);
	pv = xreallocarray(NULL, hc->npolicies + 1, sizeof(*pv));

	for (i = 0; i < hc->npolicies; i++) {
		const struct hc_policy *p = &hc->policies[i];
		struct sel k;
		struct addr peer;
		char b[ADDR_STRLEN];

		if (p->action != SPD_IPSEC || p->dir != SPD_OUT)
			continue;
		k.local = p->src;
		k.remote = p->dst;
		k.ul = p->ulproto;
		k.loc = p->loc;
		pv[npv++] = k;
		if (policy_peer(p, &peer) && !anon_remote) {
			key_r.peer = peer;
			if (hc->nremotes == 0 || bsearch(&kp, rv,
			    hc->nremotes, sizeof(*rv), remote_cmp) == NULL)
				diag_error(ds, p->loc, "racoon-no-remote",
				    "racoon.conf has no remote for peer %s "
				    "(and no anonymous one): phase 1 never "
				    "starts", addr_format(&peer, b));
		}
		if (!anon_sainfo && (nsv == 0 || bsearch(&k, sv, nsv,
		    sizeof(*sv), sel_cmp) == NULL)) {
			char s[PREFIX_STRLEN], d[PREFIX_STRLEN];

			diag_error(ds, p->loc, "racoon-policy-no-sainfo",
			    "racoon.conf has no sainfo for %s -> %s (proto "
			    "%d) and no anonymous one: phase 2 fails",
			    prefix_format(&p->src, s),
			    prefix_format(&p->dst, d), p->ulproto);
		}
	}
	qsort(pv, npv, sizeof(*pv), sel_cmp);
	for (i = 0; h->sk != NULL && i < hc->nsainfos; i++) {
		const struct hc_sainfo *s = &hc->sainfos[i];
		struct sel k = { s->local, s->remote, s->ulproto, s->loc };

		if (s->anonymous)
			continue;
		if (npv == 0 || bsearch(&k, pv, npv, sizeof(*pv),
		    sel_cmp) == NULL)
			diag_warning(ds, s->loc, "racoon-sainfo-no-policy",
			    "no ipsec policy of this host sends this flow: "
			    "the sainfo is never used");
	}
	for (i = 0; i < hc->nremotes; i++) {
		const struct hc_remote *r = &hc->remotes[i];
		char b[ADDR_STRLEN];

		if (r->anonymous || r->peer.family == 0 ||
		    !remote_uses_psk(r))
			continue;
		if (h->psk == NULL || h->psk_path == NULL) {
			if (!psk_file_said)
				diag_error(ds, r->loc, "racoon-no-psk-file",
				    "this remote authenticates with a "
				    "pre-shared key but %s", h->psk == NULL ?
				    "there is no psk.txt" : "racoon.conf "
				    "has no `path pre_shared_key`");
			psk_file_said = true;
			continue;
		}
		if (import_psk(h, &r->peer) == NULL)
			diag_error(ds, r->loc, "racoon-psk-missing",
			    "psk.txt has no line for peer %s",
			    addr_format(&r->peer, b));
	}
	free(rv);
	free(sv);
	free(pv);
}

void
lint_racoon(const struct imp_host *h, const struct lint_opts *o,
    struct diag_sink *ds)
{
	const struct imp_input *pf = &h->in[IMP_PSK];

	if (h->has[IMP_PSK] && o != NULL && o->live && pf->have_stat) {
		struct loc l = { pf->path, 0, 0 };

		if ((pf->mode & 077) != 0)
			diag_error(ds, l, "psk-mode", "mode %04o: racoon "
			    "refuses a key file that group or others may "
			    "access; chmod 0600", (unsigned)(pf->mode & 07777));
		if (pf->uid != 0)
			diag_error(ds, l, "psk-owner", "not owned by root: "
			    "racoon refuses it");
	}
	if (h->racoon == NULL)
		return;
	check_weak(h->racoon->stmts, false, ds);
	check_links(h, ds);
}
