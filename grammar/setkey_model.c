/*
 * Builds the setkey syntax tree from the grammar's actions and applies the
 * checks setkey itself makes while parsing (numbers in range, SPI size,
 * address families, policy request rules), so that a file setkey refuses
 * is refused here at the same line.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/setkey_int.h"

#define ITONLY	SK_IPSEC_TOOLS
#define FBONLY	SK_FREEBSD

const struct sk_alg_info sk_algs[SK_ALG__COUNT] = {
	[SK_ALG_UNKNOWN] =	{ NULL, SK_ALG_ENC, false, 0, 0, 0 },
	[SK_EALG_DES_CBC] =	{ "des-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 64, 64 },
	[SK_EALG_3DES_CBC] =	{ "3des-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 192, 192 },
	[SK_EALG_NULL] =	{ "null", SK_ALG_ENC, true, SK_ALL, 0, 2048 },
	[SK_EALG_SIMPLE] =	{ "simple", SK_ALG_ENC, true, SK_ALL, 0, 2048 },
	[SK_EALG_BLOWFISH_CBC] = { "blowfish-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 40, 448 },
	[SK_EALG_CAST128_CBC] =	{ "cast128-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 40, 128 },
	[SK_EALG_DES_DERIV] =	{ "des-deriv", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 64, 64 },
	[SK_EALG_DES_32IV] =	{ "des-32iv", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 64, 64 },
	[SK_EALG_TWOFISH_CBC] =	{ "twofish-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS, 0, 256 },
	[SK_EALG_AES_CBC] =	{ "aes-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD13, 128, 256 },
	[SK_EALG_RIJNDAEL_CBC] = { "rijndael-cbc", SK_ALG_ENC, false, SK_ALL,
				  128, 256 },
	[SK_EALG_AES_CTR] =	{ "aes-ctr", SK_ALG_ENC, false, SK_ALL, 160, 288 },
	[SK_EALG_AES_GCM_16] =	{ "aes-gcm-16", SK_ALG_ENC, false, SK_FREEBSD,
				  160, 288 },
	[SK_EALG_CAMELLIA_CBC] = { "camellia-cbc", SK_ALG_ENC, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 128, 256 },
	[SK_AALG_HMAC_MD5] =	{ "hmac-md5", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 128, 128 },
	[SK_AALG_HMAC_SHA1] =	{ "hmac-sha1", SK_ALG_AUTH, false, SK_ALL, 160, 160 },
	[SK_AALG_KEYED_MD5] =	{ "keyed-md5", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 128, 128 },
	[SK_AALG_KEYED_SHA1] =	{ "keyed-sha1", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 160, 160 },
	[SK_AALG_HMAC_SHA2_256] = { "hmac-sha2-256", SK_ALG_AUTH, false,
				  SK_ALL, 256, 256 },
	[SK_AALG_HMAC_SHA256] =	{ "hmac-sha256", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS, 256, 256 },
	[SK_AALG_HMAC_SHA2_384] = { "hmac-sha2-384", SK_ALG_AUTH, false,
				  SK_ALL, 384, 384 },
	[SK_AALG_HMAC_SHA384] =	{ "hmac-sha384", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS, 384, 384 },
	[SK_AALG_HMAC_SHA2_512] = { "hmac-sha2-512", SK_ALG_AUTH, false,
				  SK_ALL, 512, 512 },
	[SK_AALG_HMAC_SHA512] =	{ "hmac-sha512", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS, 512, 512 },
	[SK_AALG_HMAC_RIPEMD160] = { "hmac-ripemd160", SK_ALG_AUTH, false,
				  SK_IPSEC_TOOLS | SK_FREEBSD12, 160, 160 },
	[SK_AALG_AES_XCBC_MAC] = { "aes-xcbc-mac", SK_ALG_AUTH, false, SK_ALL,
				  128, 128 },
	[SK_AALG_TCP_MD5] =	{ "tcp-md5", SK_ALG_AUTH, false, SK_ALL, 8, 640 },
	[SK_AALG_NULL] =	{ "null", SK_ALG_AUTH, true, SK_ALL, 0, 2048 },
	[SK_CALG_OUI] =		{ "oui", SK_ALG_COMP, false, SK_ALL, 0, 0 },
	[SK_CALG_DEFLATE] =	{ "deflate", SK_ALG_COMP, false, SK_ALL, 0, 0 },
	[SK_CALG_LZS] =		{ "lzs", SK_ALG_COMP, false, SK_ALL, 0, 0 },
};

enum sk_alg
sk_alg_lookup(enum sk_alg_class class, const char *s, size_t n)
{
	int i;

	for (i = 1; i < SK_ALG__COUNT; i++)
		if (sk_algs[i].class == class && strlen(sk_algs[i].name) == n &&
		    memcmp(sk_algs[i].name, s, n) == 0)
			return (enum sk_alg)i;
	return SK_ALG_UNKNOWN;
}

/*
 * Upper-layer protocol names: the usual /etc/protocols entries (setkey asks
 * getprotobyname) and the two names setkey adds itself, icmp6 and ip4.
 */
static const struct {
	const char	*name;
	int		 proto;
} sk_protocols[] = {
	{ "ip", 0 }, { "hopopt", 0 }, { "icmp", 1 }, { "igmp", 2 },
	{ "ggp", 3 }, { "ipencap", 4 }, { "ip4", 4 }, { "st2", 5 },
	{ "tcp", 6 }, { "cbt", 7 }, { "egp", 8 }, { "igp", 9 }, { "pup", 12 },
	{ "udp", 17 }, { "hmp", 20 }, { "xns-idp", 22 }, { "rdp", 27 },
	{ "iso-tp4", 29 }, { "dccp", 33 }, { "xtp", 36 }, { "ddp", 37 },
	{ "idpr-cmtp", 38 }, { "ipv6", 41 }, { "ipv6-route", 43 },
	{ "ipv6-frag", 44 }, { "idrp", 45 }, { "rsvp", 46 }, { "gre", 47 },
	{ "esp", 50 }, { "ah", 51 }, { "skip", 57 }, { "ipv6-icmp", 58 },
	{ "icmp6", 58 }, { "ipv6-nonxt", 59 }, { "ipv6-opts", 60 },
	{ "rspf", 73 }, { "vmtp", 81 }, { "eigrp", 88 }, { "ospf", 89 },
	{ "ax.25", 93 }, { "ipip", 94 }, { "etherip", 97 }, { "encap", 98 },
	{ "pim", 103 }, { "ipcomp", 108 }, { "vrrp", 112 }, { "l2tp", 115 },
	{ "isis", 124 }, { "sctp", 132 }, { "fc", 133 },
	{ "mobility-header", 135 }, { "mh", 135 }, { "udplite", 136 },
	{ "mpls-in-ip", 137 }, { "manet", 138 }, { "hip", 139 },
	{ "shim6", 140 }, { "wesp", 141 }, { "rohc", 142 }, { "pfsync", 240 },
};

/* The table's spelling of the name (so the tree needs no copy), or NULL. */
static const char *
sk_protocol_lookup(const char *s, size_t n, int *proto)
{
	size_t i;

	for (i = 0; i < sizeof(sk_protocols) / sizeof(sk_protocols[0]); i++)
		if (strncmp(sk_protocols[i].name, s, n) == 0 &&
		    sk_protocols[i].name[n] == '\0') {
			*proto = sk_protocols[i].proto;
			return sk_protocols[i].name;
		}
	return NULL;
}

struct loc
sk_loc(const struct sk_parser *p, const struct sk_pos *pos)
{
	struct loc l = { p->file, 0, 0 };

	if (pos != NULL) {
		l.line = pos->first_line > 0 ? (uint32_t)pos->first_line : 0;
		l.col = pos->first_column > 0 ? (uint32_t)pos->first_column : 0;
	}
	return l;
}

static void
sk_vdiag(struct sk_parser *p, enum diag_severity sev,
    const struct sk_pos *pos, const char *code, const char *fmt, va_list ap)
{
	if (p->gave_up)
		return;
	if (sev == DIAG_ERROR && ++p->nerrors > SK_MAX_ERRORS) {
		p->gave_up = true;
		diag_report(p->ds, DIAG_ERROR, sk_loc(p, pos),
		    "setkey-too-many-errors",
		    "more than %d errors: giving up on this file",
		    SK_MAX_ERRORS);
		return;
	}
	diag_vreport(p->ds, sev, sk_loc(p, pos), code, fmt, ap);
}

void
sk_diag(struct sk_parser *p, const struct sk_pos *pos, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sk_vdiag(p, DIAG_ERROR, pos, code, fmt, ap);
	va_end(ap);
}

/* An error that makes the statement unusable: it stays out of the tree. */
static void
sk_serr(struct sk_parser *, const struct sk_pos *, const char *,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
sk_serr(struct sk_parser *p, const struct sk_pos *pos, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	p->bad = true;
	va_start(ap, fmt);
	sk_vdiag(p, DIAG_ERROR, pos, code, fmt, ap);
	va_end(ap);
}

static void
sk_warn(struct sk_parser *, const struct sk_pos *, const char *,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
sk_warn(struct sk_parser *p, const struct sk_pos *pos, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sk_vdiag(p, DIAG_WARNING, pos, code, fmt, ap);
	va_end(ap);
}

void
sk_syntax_error(struct sk_parser *p, const struct sk_pos *pos,
    const char *msg)
{
	/* One complaint a statement: the scanner keeps quiet until ';'. */
	p->bad_in_stmt = true;
	/* The scanner already said what is wrong with this token. */
	if (p->lexed_bad) {
		p->lexed_bad = false;
		return;
	}
	sk_diag(p, pos, "setkey-syntax", "%s", msg);
}

const char *
sk_dialect_names(unsigned d, char *buf, size_t len)
{
	static const char *const names[] = {
		"ipsec-tools 0.8.2", "FreeBSD 12", "FreeBSD 13+",
	};
	size_t i, off = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		if ((d & (1u << i)) == 0)
			continue;
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
		    "%s%s", off ? ", " : "", names[i]);
		if (off >= len)
			break;
	}
	if (off == 0)
		snprintf(buf, len, "no setkey");
	return buf;
}

void
sk_dialect(struct sk_parser *p, unsigned mask, const struct sk_pos *pos,
    const char *fmt, ...)
{
	char what[96], want[80], by[80];
	va_list ap;

	p->cur.dialects &= mask;
	if ((mask & p->want) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	sk_serr(p, pos, "setkey-dialect",
	    "%s is not accepted by %s (only by %s)", what,
	    sk_dialect_names(p->want, want, sizeof(want)),
	    sk_dialect_names(mask, by, sizeof(by)));
}

static void
sk_reset(struct sk_parser *p)
{
	memset(&p->cur, 0, sizeof(p->cur));
	p->cur.dialects = SK_ALL;
	p->flaglen = 0;
	p->nopts = 0;
	p->nreqs = 0;
	p->bad = false;
	p->family = 0;
	p->numeric = false;
	p->nhosts = 0;
	p->bad_in_stmt = false;
}

static const char *
sk_strdup(struct sk_parser *p, const char *s, size_t n)
{
	return arena_strndup(p->arena, s, n);
}

/* Decimal digits only, at most max; false (with an error) otherwise. */
static bool
sk_num(struct sk_parser *p, const struct sk_tok *t, const struct sk_pos *pos,
    uint64_t max, const char *what, uint64_t *out)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < t->n; i++) {
		unsigned d = (unsigned)(t->s[i] - '0');

		if (d > 9 || v > (max - d) / 10) {
			sk_serr(p, pos, "setkey-bad-number",
			    "%s must be a number from 0 to %llu", what,
			    (unsigned long long)max);
			return false;
		}
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

void
sk_stmt_end(struct sk_parser *p, enum sk_cmd cmd, const struct sk_pos *pos)
{
	struct sk_stmt *st;
	size_t size;

	if (p->exited) {
		if (!p->warned_exit)
			sk_warn(p, pos, "setkey-after-exit",
			    "setkey stops reading at 'exit': this statement "
			    "and the rest of the file are ignored");
		p->warned_exit = true;
		sk_reset(p);
		return;
	}
	if (cmd == SK_EXIT) {
		p->exited = true;
		sk_dialect(p, ITONLY, pos, "'exit' (or quit, bye)");
	}
	if (p->bad) {
		sk_reset(p);
		return;
	}
	if (cmd == SK_GET || cmd == SK_DELETE) {
		size_t i;

		for (i = 0; i < p->nopts; i++)
			if (p->opts[i].kind == SK_OPT_MODE) {
				struct sk_pos mp = {
				    (int)p->opts[i].loc.line,
				    (int)p->opts[i].loc.col };

				sk_warn(p, &mp, "setkey-obsolete",
				    "-m is ignored by %s", cmd == SK_GET ?
				    "get" : "delete");
			}
	}
	switch (cmd) {
	case SK_ADD:
	case SK_GET:
	case SK_DELETE:
	case SK_DELETEALL:
		size = sizeof(*st);
		break;
	case SK_SPDADD:
	case SK_SPDUPDATE:
	case SK_SPDDELETE:
		size = offsetof(struct sk_stmt, spd) + sizeof(st->spd);
		break;
	default:
		size = offsetof(struct sk_stmt, sa);
		break;
	}
	st = arena_alloc(p->arena, size);
	memcpy(st, &p->cur, size);
	st->loc = sk_loc(p, pos);
	st->cmd = cmd;
	if (p->flaglen > 0)
		st->flags = sk_strdup(p, p->flagbuf, p->flaglen);
	if (p->nopts > 0 && size == sizeof(*st)) {
		st->sa.opts = arena_alloc(p->arena,
		    p->nopts * sizeof(*st->sa.opts));
		memcpy(st->sa.opts, p->opts, p->nopts * sizeof(*p->opts));
		st->sa.nopts = p->nopts;
	}
	if (p->nreqs > 0 && size > offsetof(struct sk_stmt, sa)) {
		st->spd.policy.reqs = arena_alloc(p->arena,
		    p->nreqs * sizeof(*st->spd.policy.reqs));
		memcpy(st->spd.policy.reqs, p->reqs,
		    p->nreqs * sizeof(*p->reqs));
		st->spd.policy.nreqs = p->nreqs;
	}
	st->next = NULL;
	*p->tail = st;
	p->tail = &st->next;
	p->nstmts++;
	p->dialects &= st->dialects;
	sk_reset(p);
}

void
sk_stmt_discard(struct sk_parser *p)
{
	sk_reset(p);
}

void
sk_aiflag(struct sk_parser *p, const struct sk_tok *t,
    const struct sk_pos *pos)
{
	uint32_t i;

	(void)pos;
	for (i = 1; i < t->n; i++) {
		if (t->s[i] == '4')
			p->family = AF_V4;
		else if (t->s[i] == '6')
			p->family = AF_V6;
		else
			p->numeric = true;
	}
	/* Kept as written; a flag word longer than the buffer is cut. */
	if (p->flaglen + 1 + t->n < sizeof(p->flagbuf)) {
		if (p->flaglen > 0)
			p->flagbuf[p->flaglen++] = ' ';
		memcpy(p->flagbuf + p->flaglen, t->s, t->n);
		p->flaglen += t->n;
	} else
		sk_serr(p, pos, "setkey-syntax", "too many address flags");
}

static bool
sk_is_hostname(const char *s, size_t n)
{
	size_t i, label = 0;
	bool alpha = false;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (c == '-') {
			if (label == 0)
				return false;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			alpha = true;
		else if (c < '0' || c > '9')
			return false;
		if (++label > 63)
			return false;
	}
	if (s[n - 1] == '-')
		return false;
	/* All digits and dots is a malformed address, not a name. */
	return alpha;
}

/*
 * A service name as RFC 6335 spells them: letters, digits and single
 * hyphens inside, at least one letter, at most 15 characters.  Whether
 * /etc/services knows it is the deployed system's business.
 */
static bool
sk_is_service(const char *s, size_t n)
{
	size_t i;
	bool alpha = false;

	if (n == 0 || n > 15 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			alpha = true;
		else if (c == '-') {
			if (s[i + 1] == '-')
				return false;
		} else if (c < '0' || c > '9')
			return false;
	}
	return alpha;
}

/* A numeric address, possibly "fe80::1%em0". */
static bool
sk_parse_addr(struct sk_parser *p, const char *s, size_t n, struct addr *a,
    const char **zone)
{
	const char *pct = memchr(s, '%', n);

	*zone = NULL;
	if (pct == NULL)
		return addr_parse(s, n, a);
	if (!addr_parse(s, (size_t)(pct - s), a) || a->family != AF_V6 ||
	    (size_t)(pct - s) + 1 >= n)
		return false;
	*zone = sk_strdup(p, pct + 1, n - (size_t)(pct - s) - 1);
	return true;
}

struct sk_host *
sk_host_make(struct sk_parser *p, const struct sk_tok *a,
    const struct sk_pos *apos, const struct sk_tok *prefix,
    const struct sk_pos *ppos, const struct sk_tok *port,
    const struct sk_pos *portpos)
{
	struct sk_host *h;
	uint64_t v;

	/* The statement copies its hosts: scratch slots spare the arena. */
	if (p->nhosts < sizeof(p->hosts) / sizeof(p->hosts[0])) {
		h = &p->hosts[p->nhosts++];
		memset(h, 0, sizeof(*h));
	} else
		h = arena_calloc(p->arena, 1, sizeof(*h));

	h->loc = sk_loc(p, apos);
	h->prefixlen = -1;
	if (sk_parse_addr(p, a->s, a->n, &h->addr, &h->zone)) {
		if (p->family != 0 && p->family != h->addr.family)
			sk_serr(p, apos, "setkey-family",
			    "address %.*s is not of the family -%d asks for",
			    (int)a->n, a->s, p->family);
	} else if (sk_is_hostname(a->s, a->n)) {
		h->name = sk_strdup(p, a->s, a->n);
		if (p->numeric)
			sk_serr(p, apos, "setkey-numeric-only",
			    "host name %.*s given after -n (numeric "
			    "addresses only)", (int)a->n, a->s);
	} else
		sk_serr(p, apos, "setkey-bad-address",
		    "'%.*s' is neither an IPv4 or IPv6 address nor a host name",
		    (int)(a->n > 64 ? 64 : a->n), a->s);
	if (prefix != NULL && prefix->s != NULL &&
	    sk_num(p, prefix, ppos, h->addr.family == AF_V4 ? 32 : 128,
	    "prefix length", &v))
		h->prefixlen = (int)v;
	if (port != NULL && port->s != NULL) {
		h->port_kind = (enum sk_port_kind)port->v;
		if (h->port_kind == SK_PORT_NUM &&
		    sk_num(p, port, portpos, 65535, "port", &v))
			h->port = (uint32_t)v;
		else if (h->port_kind == SK_PORT_NAME) {
			h->port_name = sk_strdup(p, port->s, port->n);
			if (!sk_is_service(port->s, port->n))
				sk_serr(p, portpos, "setkey-bad-port",
				    "'%.*s' is not a port number or service "
				    "name", (int)(port->n > 40 ? 40 : port->n),
				    port->s);
		}
	}
	return h;
}

static void	sk_sa_hosts(struct sk_parser *, struct sk_host *,
		    struct sk_host *);

static void
sk_check_families(struct sk_parser *p, const struct sk_host *src,
    const struct sk_host *dst)
{
	struct sk_pos pos = { (int)dst->loc.line, (int)dst->loc.col };

	if (src->name == NULL && dst->name == NULL &&
	    src->addr.family != dst->addr.family && src->addr.family != 0 &&
	    dst->addr.family != 0)
		sk_serr(p, &pos, "setkey-family-mismatch",
		    "source and destination are of different address families");
}

void
sk_sa_end(struct sk_parser *p, enum sk_cmd cmd, const struct sk_pos *pos,
    struct sk_host *src, struct sk_host *dst)
{
	sk_sa_hosts(p, src, dst);
	sk_stmt_end(p, cmd, pos);
}

static void
sk_sa_hosts(struct sk_parser *p, struct sk_host *src, struct sk_host *dst)
{
	p->cur.sa.src = *src;
	p->cur.sa.dst = *dst;
	sk_check_families(p, src, dst);
	if (src->port_kind != SK_PORT_NONE || dst->port_kind != SK_PORT_NONE) {
		struct sk_pos pos = { (int)src->loc.line,
		    (int)src->loc.col };

		sk_dialect(p, ITONLY, &pos, "a [port] on an SA address");
	}
}

void
sk_satype(struct sk_parser *p, const struct sk_tok *t,
    const struct sk_pos *pos, struct sk_host *natt_oa)
{
	enum sk_satype st = t != NULL ? (enum sk_satype)t->v : SK_SATYPE_NONE;

	p->cur.satype = p->cur.sa.satype = st;
	p->cur.satype_loc = p->cur.sa.satype_loc = sk_loc(p, pos);
	if (natt_oa != NULL) {
		p->cur.sa.natt_oa = arena_alloc(p->arena, sizeof(*natt_oa));
		*p->cur.sa.natt_oa = *natt_oa;
	}
	if (st == SK_SATYPE_ESP_UDP)
		sk_dialect(p, ITONLY, pos, "esp-udp");
}

void
sk_spi(struct sk_parser *p, const struct sk_tok *t, bool hex,
    const struct sk_pos *pos)
{
	uint64_t v = 0;
	uint32_t i;

	p->cur.sa.has_spi = true;
	p->cur.sa.spi_hex = hex;
	p->cur.sa.spi_loc = sk_loc(p, pos);
	if (!hex) {
		if (sk_num(p, t, pos, UINT32_MAX, "SPI", &v))
			p->cur.sa.spi = (uint32_t)v;
		return;
	}
	for (i = 0; i < t->n; i++) {
		char c = t->s[i];
		unsigned d = c <= '9' ? (unsigned)(c - '0') :
		    (unsigned)((c | 0x20) - 'a' + 10);

		v = v * 16 + d;
		if (v > UINT32_MAX) {
			sk_serr(p, pos, "setkey-bad-number",
			    "SPI too big: at most 0xffffffff");
			return;
		}
	}
	p->cur.sa.spi = (uint32_t)v;
}

static struct sk_opt *
sk_opt_new(struct sk_parser *p, enum sk_opt_kind kind,
    const struct sk_pos *pos)
{
	struct sk_opt *o;

	if (p->nopts == p->capopts) {
		p->capopts = p->capopts ? p->capopts * 2 : 8;
		p->opts = xreallocarray(p->opts, p->capopts, sizeof(*p->opts));
	}
	o = &p->opts[p->nopts++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->loc = sk_loc(p, pos);
	return o;
}

void
sk_opt(struct sk_parser *p, enum sk_opt_kind kind, const struct sk_tok *t,
    const struct sk_pos *pos)
{
	struct sk_opt *o = sk_opt_new(p, kind, pos);
	enum sk_satype st = p->cur.sa.satype;
	uint64_t v;

	switch (kind) {
	case SK_OPT_MODE:	/* no token: "-m any" */
		o->num = t != NULL ? (uint64_t)t->v : SK_MODE_ANY;
		break;
	case SK_OPT_PAD:
		o->num = (uint64_t)t->v;
		break;
	case SK_OPT_NOCYCLIC:
		break;
	case SK_OPT_REPLAY:
		if (st == SK_SATYPE_AH_OLD || st == SK_SATYPE_ESP_OLD)
			sk_serr(p, pos, "setkey-replay-old",
			    "-r (replay window) cannot be used with ah-old "
			    "or esp-old");
		/* FALLTHROUGH */
	case SK_OPT_REQID:
		if (sk_num(p, t, pos, UINT32_MAX, kind == SK_OPT_REQID ?
		    "-u request id" : "-r replay window", &v))
			o->num = v;
		break;
	case SK_OPT_LIFEBYTE_HARD:
	case SK_OPT_LIFEBYTE_SOFT:
		sk_dialect(p, ITONLY, pos, "%s", kind == SK_OPT_LIFEBYTE_HARD ?
		    "-bh" : "-bs");
		/* FALLTHROUGH */
	case SK_OPT_LIFETIME_HARD:
	case SK_OPT_LIFETIME_SOFT:
		if (sk_num(p, t, pos, UINT64_MAX, "lifetime", &v))
			o->num = v;
		break;
	case SK_OPT_CTX:
		break;
	}
}

static void
sk_fill_ctx(struct sk_parser *p, struct sk_ctx *c, const struct sk_tok *doi,
    const struct sk_tok *alg, const struct sk_tok *label,
    const struct sk_pos *pos)
{
	uint64_t v;

	sk_dialect(p, ITONLY, pos, "-ctx");
	if (sk_num(p, doi, pos, 255, "-ctx DOI", &v))
		c->doi = (uint32_t)v;
	if (sk_num(p, alg, pos, 255, "-ctx algorithm", &v))
		c->alg = (uint32_t)v;
	c->label = sk_strdup(p, label->s, label->n);
	c->labellen = label->n;
}

void
sk_opt_ctx(struct sk_parser *p, const struct sk_tok *doi,
    const struct sk_tok *alg, const struct sk_tok *label,
    const struct sk_pos *pos, bool in_spd)
{
	if (in_spd) {
		p->cur.spd.has_ctx = true;
		p->cur.spd.ctx_loc = sk_loc(p, pos);
		sk_fill_ctx(p, &p->cur.spd.ctx, doi, alg, label, pos);
	} else {
		struct sk_opt *o = sk_opt_new(p, SK_OPT_CTX, pos);

		sk_fill_ctx(p, &o->ctx, doi, alg, label, pos);
	}
}

void
sk_alg(struct sk_parser *p, enum sk_alg_class class, const struct sk_tok *t,
    const struct sk_pos *pos, const struct sk_tok *key,
    const struct sk_pos *keypos)
{
	static const char *const classname[] = {
		"encryption", "authentication", "compression",
	};
	enum sk_alg a;
	struct sk_key *k = NULL;
	enum sk_satype st = p->cur.sa.satype;

	a = class == SK_ALG_COMP ? (enum sk_alg)t->v :
	    sk_alg_lookup(class, t->s, t->n);
	if (a == SK_ALG_UNKNOWN) {
		sk_serr(p, pos, "setkey-unknown-algorithm",
		    "unknown %s algorithm '%.*s'", classname[class],
		    (int)(t->n > 40 ? 40 : t->n), t->s);
		return;
	}
	sk_dialect(p, sk_algs[a].dialects, pos, "%s algorithm %s",
	    classname[class], sk_algs[a].name);
	if (a == SK_EALG_SIMPLE)
		sk_warn(p, pos, "setkey-obsolete",
		    "'simple' is an obsolete name of the null cipher");
	switch (class) {
	case SK_ALG_ENC:
		p->cur.sa.enc = a;
		p->cur.sa.enc_loc = sk_loc(p, pos);
		k = &p->cur.sa.enc_key;
		break;
	case SK_ALG_AUTH:
		p->cur.sa.auth = a;
		p->cur.sa.auth_loc = sk_loc(p, pos);
		k = &p->cur.sa.auth_key;
		break;
	case SK_ALG_COMP:
		p->cur.sa.comp = a;
		p->cur.sa.comp_loc = sk_loc(p, pos);
		return;
	}
	if (a == SK_EALG_DES_DERIV &&
	    (st == SK_SATYPE_ESP_OLD || st == SK_SATYPE_AH_OLD))
		sk_serr(p, pos, "setkey-alg-mismatch",
		    "des-deriv cannot be used with esp-old");
	if (a == SK_EALG_DES_32IV &&
	    st != SK_SATYPE_ESP_OLD && st != SK_SATYPE_AH_OLD)
		sk_serr(p, pos, "setkey-alg-mismatch",
		    "des-32iv needs esp-old");
	/* FreeBSD 13's lexer made null an ordinary cipher: it takes a key. */
	if (a == SK_EALG_NULL)
		sk_dialect(p, key != NULL ? SK_FREEBSD13 :
		    SK_IPSEC_TOOLS | SK_FREEBSD12, pos, "-E null %s a key",
		    key != NULL ? "with" : "without");
	else if (sk_algs[a].nokey && key != NULL) {
		sk_serr(p, keypos, "setkey-syntax",
		    "algorithm %s takes no key", sk_algs[a].name);
		return;
	}
	if (!sk_algs[a].nokey && key == NULL) {
		sk_serr(p, pos, "setkey-syntax",
		    "algorithm %s needs a key", sk_algs[a].name);
		return;
	}
	if (key == NULL)
		return;
	p->has_keys = true;
	k->loc = sk_loc(p, keypos);
	k->kind = (enum sk_key_kind)key->v;
	k->text = sk_strdup(p, key->s, key->n);
	k->textlen = key->n;
	k->bytes = k->kind == SK_KEY_HEX ? (key->n + 1) / 2 : key->n;
	/* setkey asks the kernel; these are FreeBSD's limits. */
	if (k->bytes * 8 < sk_algs[a].minbits ||
	    k->bytes * 8 > sk_algs[a].maxbits)
	{
		if (sk_algs[a].minbits == sk_algs[a].maxbits)
			sk_serr(p, keypos, "setkey-key-length",
			    "%s takes a key of %u bits, this one has %zu",
			    sk_algs[a].name, sk_algs[a].minbits,
			    k->bytes * 8);
		else
			sk_serr(p, keypos, "setkey-key-length",
			    "%s takes a key of %u to %u bits, this one has "
			    "%zu", sk_algs[a].name, sk_algs[a].minbits,
			    sk_algs[a].maxbits, k->bytes * 8);
	}
}

void
sk_rawcpi(struct sk_parser *p, const struct sk_pos *pos)
{
	(void)pos;
	p->cur.sa.rawcpi = true;
}

void
sk_spd_hosts(struct sk_parser *p, struct sk_host *src, struct sk_host *dst)
{
	p->cur.spd.src = *src;
	p->cur.spd.dst = *dst;
	sk_check_families(p, src, dst);
}

void
sk_spd_tag(struct sk_parser *p, const struct sk_tok *t,
    const struct sk_pos *pos)
{
	p->cur.spd.tagged = true;
	p->cur.spd.tag = sk_strdup(p, t->s, t->n);
	p->cur.spd.taglen = t->n;
	sk_dialect(p, ITONLY, pos, "'tagged'");
}

void
sk_upper(struct sk_parser *p, enum sk_upper_kind kind,
    const struct sk_tok *t, const struct sk_pos *pos)
{
	struct sk_upper *u = &p->cur.spd.upper;
	uint64_t v;

	u->loc = sk_loc(p, pos);
	u->kind = kind;
	u->proto = -1;
	switch (kind) {
	case SK_UPPER_ANY:
		break;
	case SK_UPPER_NUM:
		if (sk_num(p, t, pos, 255, "upper-layer protocol", &v))
			u->proto = (int)v;
		break;
	case SK_UPPER_NAME:
		u->name = sk_protocol_lookup(t->s, t->n, &u->proto);
		if (u->name == NULL) {
			u->name = sk_strdup(p, t->s, t->n);
			sk_serr(p, pos, "setkey-unknown-protocol",
			    "unknown upper-layer protocol '%.*s' (use its "
			    "number)", (int)(t->n > 40 ? 40 : t->n), t->s);
		} else if (u->proto == 50)
			sk_dialect(p, FBONLY, pos,
			    "esp as an upper-layer protocol");
		break;
	}
}

static bool
sk_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

void
sk_upper_arg(struct sk_parser *p, const struct sk_tok *t,
    const struct sk_pos *pos)
{
	struct sk_upper *u = &p->cur.spd.upper;
	const char *comma;
	struct addr a;
	bool ok;

	u->arg = sk_strdup(p, t->s, t->n);
	u->arg_loc = sk_loc(p, pos);
	switch (u->proto) {
	case 1:		/* icmp */
	case 58:	/* icmp6 */
	case 135:	/* mobility header */
		comma = memchr(t->s, ',', t->n);
		ok = comma == NULL ? sk_digits(t->s, t->n) :
		    sk_digits(t->s, (size_t)(comma - t->s)) &&
		    sk_digits(comma + 1, t->n - (size_t)(comma - t->s) - 1);
		if (!ok)
			sk_serr(p, pos, "setkey-upper-arg",
			    "expected TYPE or TYPE,CODE after %s",
			    u->name ? u->name : "the protocol");
		if (u->proto != 58)
			sk_dialect(p, ITONLY, pos,
			    "an upper-layer argument other than ICMPv6 "
			    "type,code");
		break;
	case 47:	/* GRE key */
		if (!sk_digits(t->s, t->n) && !(addr_parse(t->s, t->n, &a) &&
		    a.family == AF_V4))
			sk_serr(p, pos, "setkey-upper-arg",
			    "a GRE key is a number or a dotted quad");
		sk_dialect(p, ITONLY, pos, "a GRE key selector");
		break;
	default:
		sk_serr(p, pos, "setkey-upper-arg",
		    "only icmp, icmp6, mh and gre take an argument after "
		    "the upper-layer protocol");
		break;
	}
}

void
sk_policy(struct sk_parser *p, const struct sk_tok *dir,
    const struct sk_pos *pos, const struct sk_tok *action)
{
	struct sk_policy *pol = &p->cur.spd.policy;
	size_t i;

	pol->loc = sk_loc(p, pos);
	pol->dir = (enum sk_dir)dir->v;
	pol->action = action ? (enum sk_action)action->v :
	    SK_ACTION_NONE_GIVEN;
	if (pol->dir == SK_DIR_FWD)
		sk_dialect(p, ITONLY, pos, "direction fwd");
	for (i = 0; i < p->nreqs; i++) {
		struct sk_request *r = &p->reqs[i];
		struct sk_pos rp = { (int)r->loc.line, (int)r->loc.col };

		if (r->ends == SK_ENDS_ME_ANY && pol->dir != SK_DIR_OUT)
			sk_serr(p, &rp, "setkey-policy",
			    "me-any is for outbound policies only");
		if (r->ends == SK_ENDS_ANY_ME && pol->dir != SK_DIR_IN)
			sk_serr(p, &rp, "setkey-policy",
			    "any-me is for inbound policies only");
		if (pol->action == SK_ACTION_IPSEC &&
		    r->mode == SK_MODE_TUNNEL && r->ends != SK_ENDS_ADDRS)
			sk_serr(p, &rp, "setkey-policy",
			    "a tunnel-mode request needs its endpoints "
			    "(proto/tunnel/SRC-DST/level)");
	}
}

void
sk_prio(struct sk_parser *p, enum sk_prio_kind kind,
    const struct sk_tok *base, char sign, const struct sk_tok *num,
    const struct sk_pos *pos)
{
	struct sk_prio *pr = &p->cur.spd.policy.prio;
	uint64_t v;

	pr->kind = kind;
	pr->loc = sk_loc(p, pos);
	pr->sign = sign;
	if (base != NULL)
		pr->base = (enum sk_prio_base)base->v;
	if (num != NULL && sk_num(p, num, pos, INT32_MAX, "priority offset",
	    &v))
		pr->offset = (uint32_t)v;
	sk_dialect(p, ITONLY, pos, "a policy priority");
}

void
sk_req_begin(struct sk_parser *p, const struct sk_tok *proto,
    const struct sk_pos *ppos, const struct sk_tok *mode)
{
	struct sk_request *r = &p->req;

	memset(r, 0, sizeof(*r));
	r->loc = sk_loc(p, ppos);
	r->proto = (enum sk_proto)proto->v;
	r->mode = (enum sk_mode)mode->v;
	if (r->proto == SK_PROTO_TCP)
		sk_dialect(p, FBONLY, ppos, "tcp in a policy request");
}

static void
sk_req_addr(struct sk_parser *p, const struct sk_tok *t,
    const struct sk_pos *pos, struct addr *a, const char **zone)
{
	if (!sk_parse_addr(p, t->s, t->n, a, zone))
		sk_serr(p, pos, "setkey-bad-address",
		    "'%.*s' is not a numeric IPv4 or IPv6 address (policy "
		    "endpoints cannot be host names)",
		    (int)(t->n > 64 ? 64 : t->n), t->s);
}

void
sk_req_ends(struct sk_parser *p, enum sk_ends ends, const struct sk_tok *src,
    const struct sk_pos *spos, const struct sk_tok *sport,
    const struct sk_tok *dst, const struct sk_pos *dpos,
    const struct sk_tok *dport)
{
	struct sk_request *r = &p->req;
	uint64_t v;

	r->ends = ends;
	r->src_loc = sk_loc(p, spos);
	r->dst_loc = sk_loc(p, dpos);
	if (ends != SK_ENDS_ADDRS)
		return;
	sk_req_addr(p, src, spos, &r->src, &r->src_zone);
	sk_req_addr(p, dst, dpos, &r->dst, &r->dst_zone);
	if (r->src.family != 0 && r->dst.family != 0 &&
	    r->src.family != r->dst.family)
		sk_serr(p, dpos, "setkey-family-mismatch",
		    "tunnel endpoints of different address families");
	if (sport != NULL) {
		r->has_ports = true;
		if (sk_num(p, sport, spos, 65535, "port", &v))
			r->src_port = (uint32_t)v;
		if (sk_num(p, dport, dpos, 65535, "port", &v))
			r->dst_port = (uint32_t)v;
		sk_dialect(p, ITONLY, spos, "a [port] on a tunnel endpoint");
	}
}

void
sk_req_level(struct sk_parser *p, const struct sk_tok *t,
    const struct sk_pos *pos)
{
	struct sk_request *r = &p->req;
	uint64_t v;

	r->level = (enum sk_level)t->v;
	r->level_loc = sk_loc(p, pos);
	if (t->v == SK_LEVEL_UNIQUE && t->s[0] >= '0' && t->s[0] <= '9' &&
	    sk_num(p, t, pos, UINT32_MAX, "unique id", &v))
		r->unique_id = (uint32_t)v;
}

void
sk_req_end(struct sk_parser *p)
{
	if (p->nreqs == p->capreqs) {
		p->capreqs = p->capreqs ? p->capreqs * 2 : 4;
		p->reqs = xreallocarray(p->reqs, p->capreqs, sizeof(*p->reqs));
	}
	p->reqs[p->nreqs++] = p->req;
}

/*
 * The text diagnostics quote, with every quoted string and every hex string
 * longer than an SPI blanked out: keys never reach a diagnostic, not even
 * in the quoted source line.  Same length, same line breaks, so columns
 * stay right.
 */
static void
sk_redact_hex(char *r, char *end, char x)
{
	char *s, *e;

	for (s = r; (s = memchr(s, x, (size_t)(end - s))) != NULL; s = e) {
		e = s + 1;
		if (s == r || s[-1] != '0' ||
		    (s - 1 > r && isalnum((unsigned char)s[-2])))
			continue;
		while (e < end && isxdigit((unsigned char)*e))
			e++;
		if (e - s - 1 > 8)
			memset(s + 1, '*', (size_t)(e - s - 1));
	}
}

static void
sk_redact(char *r, size_t len)
{
	char *s, *e, *q, *end = r + len;

	/* Quotes and 'x' are rare: let memchr find them. */
	for (s = r; (s = memchr(s, '"', (size_t)(end - s))) != NULL; s = e + 1) {
		e = memchr(s + 1, '"', (size_t)(end - s - 1));
		if (e == NULL)
			e = end;
		for (q = s + 1; q < e; q++)
			if (*q != '\n')
				*q = '*';
		if (e == end)
			break;
	}
	sk_redact_hex(r, end, 'x');
	sk_redact_hex(r, end, 'X');
}

static bool
sk_mentions_setkey(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 6 <= n; i++)
		if (memcmp(s + i, "setkey", 6) == 0)
			return true;
	return false;
}

/*
 * Files that fail to parse are often shell scripts that run setkey (a
 * "#!/bin/sh" line, "setkey -c << EOF"): say so once, where it shows.
 */
static void
sk_shell_hint(struct sk_parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len, *nl;
	struct sk_pos pos = { 1, 1 };
	size_t n;

	for (; s < end; s = nl + 1, pos.first_line++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - s);
		if (pos.first_line == 1 && n > 2 && s[0] == '#' && s[1] == '!') {
			if (sk_mentions_setkey(s, n))
				return;
			break;
		}
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (n > 7 && memcmp(s, "setkey", 6) == 0 &&
		    (s[6] == ' ' || s[6] == '\t'))
			break;
		if (pos.first_line >= 50)
			return;
	}
	if (s >= end)
		return;
	diag_warning(p->ds, sk_loc(p, &pos), "setkey-shell-script",
	    "this looks like a shell script that runs setkey, not a setkey "
	    "file: setkey -f reads only the statements");
}

int	sk_parse(sk_scan_t, struct sk_parser *);

struct setkey_file *
setkey_parse_dialect(const char *name, const char *buf, size_t len,
    struct arena *arena, struct diag_sink *ds, unsigned want)
{
	struct setkey_file *f = arena_calloc(arena, 1, sizeof(*f));
	struct sk_parser p;
	sk_scan_t scanner;
	struct loc whole;
	size_t before, before_errors;
	char *text;

	memset(&p, 0, sizeof(p));
	p.arena = arena;
	p.ds = ds;
	before_errors = diag_errors(ds);
	before = before_errors + diag_warnings(ds);
	p.file = diag_intern(ds, name);
	p.want = (want & SK_ALL) != 0 ? want & SK_ALL : SK_ALL;
	p.tail = &p.head;
	p.dialects = SK_ALL;
	sk_reset(&p);
	f->name = p.file;
	whole = (struct loc){ p.file, 0, 0 };
	if (sk_lex_init_extra(&p, &scanner) != 0) {
		diag_error(ds, whole, "setkey-internal",
		    "cannot start the scanner");
		return f;
	}
	/* One copy: the scanner works in it, diagnostics quote it. */
	text = arena_alloc(arena, len + 2);
	memcpy(text, buf, len);
	text[len] = text[len + 1] = '\0';
	if (sk_scan_begin(&p, text, len, scanner)) {
		if (sk_parse(scanner, &p) == 2)
			diag_error(ds, whole,
			    "setkey-internal", "parser out of memory");
	} else
		diag_error(ds, whole,
		    "setkey-too-large", "file too large");
	sk_lex_destroy(scanner);
	if (diag_errors(ds) > before_errors)
		sk_shell_hint(&p, buf, len);
	if (p.has_keys || diag_errors(ds) + diag_warnings(ds) > before) {
		sk_redact(text, len);
		(void)diag_source(ds, name, text, len);
	}
	free(p.opts);
	free(p.reqs);
	f->stmts = p.head;
	f->nstmts = p.nstmts;
	f->dialects = p.dialects;
	return f;
}

struct setkey_file *
setkey_parse(const char *name, const char *buf, size_t len,
    struct arena *arena, struct diag_sink *ds)
{
	return setkey_parse_dialect(name, buf, len, arena, ds, SK_ALL);
}

/* The first statement word of a setkey file, after blanks and comments. */
bool
setkey_sniff(const char *buf, size_t len)
{
	static const char *const words[] = {
		"add", "get", "delete", "deleteall", "flush", "dump",
		"spdadd", "spdupdate", "spddelete", "spdflush", "spddump",
	};
	const char *s = buf, *end = buf + len, *w;
	size_t i, n;

	if (len > 2 && s[0] == '#' && s[1] == '!') {
		const char *nl = memchr(s, '\n', len);
		size_t l = nl ? (size_t)(nl - s) : len;

		if (sk_mentions_setkey(s, l))
			return true;
	}
	while (s < end) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			s++;
			continue;
		}
		if (*s == '#') {
			const char *nl = memchr(s, '\n', (size_t)(end - s));

			if (nl == NULL)
				return false;
			s = nl + 1;
			continue;
		}
		break;
	}
	for (w = s; s < end && *s >= 'a' && *s <= 'z'; s++)
		;
	n = (size_t)(s - w);
	if (s < end && *s != ' ' && *s != '\t' && *s != '\n' && *s != ';')
		return false;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return true;
	return false;
}

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
mem_eq(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static bool
host_eq(const struct sk_host *a, const struct sk_host *b)
{
	return str_eq(a->name, b->name) && addr_eq(&a->addr, &b->addr) &&
	    str_eq(a->zone, b->zone) && a->prefixlen == b->prefixlen &&
	    a->port_kind == b->port_kind && a->port == b->port &&
	    str_eq(a->port_name, b->port_name);
}

static bool
key_eq(const struct sk_key *a, const struct sk_key *b)
{
	return a->kind == b->kind && a->bytes == b->bytes &&
	    mem_eq(a->text, a->textlen, b->text, b->textlen);
}

static bool
ctx_eq(const struct sk_ctx *a, const struct sk_ctx *b)
{
	return a->doi == b->doi && a->alg == b->alg &&
	    mem_eq(a->label, a->labellen, b->label, b->labellen);
}

static bool
sa_eq(const struct sk_sa *a, const struct sk_sa *b)
{
	size_t i;

	if (!host_eq(&a->src, &b->src) || !host_eq(&a->dst, &b->dst) ||
	    a->satype != b->satype || (a->natt_oa == NULL) !=
	    (b->natt_oa == NULL) || a->has_spi != b->has_spi ||
	    a->spi != b->spi || a->spi_hex != b->spi_hex ||
	    a->nopts != b->nopts || a->enc != b->enc || a->auth != b->auth ||
	    a->comp != b->comp || a->rawcpi != b->rawcpi ||
	    !key_eq(&a->enc_key, &b->enc_key) ||
	    !key_eq(&a->auth_key, &b->auth_key))
		return false;
	if (a->natt_oa != NULL && !host_eq(a->natt_oa, b->natt_oa))
		return false;
	for (i = 0; i < a->nopts; i++)
		if (a->opts[i].kind != b->opts[i].kind ||
		    a->opts[i].num != b->opts[i].num ||
		    !ctx_eq(&a->opts[i].ctx, &b->opts[i].ctx))
			return false;
	return true;
}

static bool
req_eq(const struct sk_request *a, const struct sk_request *b)
{
	return a->proto == b->proto && a->mode == b->mode &&
	    a->ends == b->ends && addr_eq(&a->src, &b->src) &&
	    addr_eq(&a->dst, &b->dst) && str_eq(a->src_zone, b->src_zone) &&
	    str_eq(a->dst_zone, b->dst_zone) && a->has_ports == b->has_ports &&
	    a->src_port == b->src_port && a->dst_port == b->dst_port &&
	    a->level == b->level && a->unique_id == b->unique_id;
}

static bool
spd_eq(const struct sk_spd *a, const struct sk_spd *b)
{
	const struct sk_policy *pa = &a->policy, *pb = &b->policy;
	size_t i;

	if (a->tagged != b->tagged ||
	    !mem_eq(a->tag, a->taglen, b->tag, b->taglen) ||
	    a->has_ctx != b->has_ctx || !ctx_eq(&a->ctx, &b->ctx))
		return false;
	if (!a->tagged && (!host_eq(&a->src, &b->src) ||
	    !host_eq(&a->dst, &b->dst) || a->upper.kind != b->upper.kind ||
	    a->upper.proto != b->upper.proto ||
	    !str_eq(a->upper.name, b->upper.name) ||
	    !str_eq(a->upper.arg, b->upper.arg)))
		return false;
	if (pa->dir != pb->dir || pa->action != pb->action ||
	    pa->prio.kind != pb->prio.kind || pa->prio.base != pb->prio.base ||
	    pa->prio.sign != pb->prio.sign ||
	    pa->prio.offset != pb->prio.offset || pa->nreqs != pb->nreqs)
		return false;
	for (i = 0; i < pa->nreqs; i++)
		if (!req_eq(&pa->reqs[i], &pb->reqs[i]))
			return false;
	return true;
}

static bool
stmt_eq(const struct sk_stmt *a, const struct sk_stmt *b)
{
	if (a->cmd != b->cmd || a->dialects != b->dialects ||
	    !str_eq(a->flags, b->flags) || a->satype != b->satype)
		return false;
	switch (a->cmd) {
	case SK_ADD:
	case SK_GET:
	case SK_DELETE:
	case SK_DELETEALL:
		return sa_eq(&a->sa, &b->sa);
	case SK_SPDADD:
	case SK_SPDUPDATE:
	case SK_SPDDELETE:
		return spd_eq(&a->spd, &b->spd);
	default:
		return true;
	}
}

bool
setkey_equal(const struct setkey_file *a, const struct setkey_file *b)
{
	const struct sk_stmt *x, *y;

	if (a->nstmts != b->nstmts || a->dialects != b->dialects)
		return false;
	for (x = a->stmts, y = b->stmts; x != NULL && y != NULL;
	    x = x->next, y = y->next)
		if (!stmt_eq(x, y))
			return false;
	return x == NULL && y == NULL;
}
