/*
 * racoon.conf tree building and the checks racoon 0.8.2 makes while it
 * reads a file (those that make it refuse the file, independent of the
 * machine: no certificate files, user names or kernel queries).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/addr.h"
#include "model/arena.h"
#include "model/diag.h"
#include "grammar/racoon_model.h"

struct racoon_value *
rn_value(struct rn_parser *p, enum racoon_vkind kind, const char *text,
    unsigned long num, struct loc l)
{
	struct racoon_value *v = arena_alloc(p->arena, sizeof(*v));

	v->kind = kind;
	v->text = text;
	v->num = num;
	v->prefix = RACOON_NONE;
	v->port = RACOON_NONE;
	v->range_hi = NULL;
	v->comma = false;
	v->glued = false;
	v->loc = l;
	v->next = NULL;
	return v;
}

struct racoon_value *
rn_word(struct rn_parser *p, const char *w, struct loc l)
{
	return rn_value(p, RACOON_V_WORD, w, 0, l);
}

struct rn_vlist
rn_vl(struct racoon_value *v)
{
	struct rn_vlist l = { v, v };

	return l;
}

struct rn_vlist
rn_vl_add(struct rn_vlist l, struct racoon_value *v)
{
	if (v == NULL)
		return l;
	v->next = NULL;
	if (l.head == NULL)
		return rn_vl(v);
	l.tail->next = v;
	l.tail = v;
	return l;
}

struct rn_vlist
rn_vl_cat(struct rn_vlist a, struct rn_vlist b)
{
	if (a.head == NULL)
		return b;
	if (b.head == NULL)
		return a;
	a.tail->next = b.head;
	a.tail = b.tail;
	return a;
}

struct rn_slist
rn_sl_add(struct rn_slist l, struct racoon_stmt *s)
{
	if (s == NULL)
		return l;
	s->next = NULL;
	if (l.head == NULL)
		l.head = s;
	else
		l.tail->next = s;
	l.tail = s;
	return l;
}

static struct racoon_stmt *
stmt_new(struct rn_parser *p, enum racoon_kind kind, const char *kw,
    struct loc l)
{
	struct racoon_stmt *s = arena_calloc(p->arena, 1, sizeof(*s));

	s->kind = kind;
	s->keyword = kw;
	s->loc = l;
	s->end = l;
	return s;
}

static void
glued(struct rn_parser *p, struct racoon_value *v)
{
	const struct rn_glue *g;

	if (v == NULL || !v->glued)
		return;
	/* few values are glued: a list is enough (errors stop at 100) */
	for (g = p->glue; g != NULL && g->v != v; g = g->next)
		continue;
	rn_err(p, v->loc, "racoon-stray", "stray '%s' is glued to this "
	    "value: racoon silently reads a different value",
	    g != NULL ? g->text : "?");
	v->glued = false;
}

static void
glued_list(struct rn_parser *p, struct racoon_value *v)
{
	for (; v != NULL; v = v->next)
		glued(p, v);
}

struct racoon_stmt *
rn_simple_vl(struct rn_parser *p, const char *kw, struct loc l,
    struct rn_vlist args)
{
	struct racoon_stmt *s = stmt_new(p, RACOON_SIMPLE, kw, l);

	s->args = args.head;
	glued_list(p, s->args);
	return s;
}

struct racoon_stmt *
rn_simple(struct rn_parser *p, const char *kw, struct loc l, ...)
{
	struct rn_vlist args = { NULL, NULL };
	struct racoon_value *v;
	va_list ap;

	va_start(ap, l);
	while ((v = va_arg(ap, struct racoon_value *)) != NULL)
		args = rn_vl_add(args, v);
	va_end(ap);
	return rn_simple_vl(p, kw, l, args);
}

struct racoon_stmt *
rn_block(struct rn_parser *p, enum racoon_kind kind, const char *kw,
    struct loc l, struct rn_vlist args, struct rn_slist body, struct loc end)
{
	struct racoon_stmt *s = stmt_new(p, kind, kw, l);

	s->args = args.head;
	glued_list(p, s->args);
	s->block = true;
	s->body = body.head;
	s->end = end;
	return s;
}

/* ------------------------------------------------------------------ */
/* diagnostics */

static void
report(struct rn_parser *p, enum diag_severity sev, struct loc l,
    const char *code, const char *fmt, va_list ap)
{
	if (sev == DIAG_WARNING) {
		if (p->warnings >= RN_MAX_WARNINGS)
			return;
		if (++p->warnings == RN_MAX_WARNINGS) {
			diag_warning(p->ds, l, "racoon-stray",
			    "too many warnings, the rest are not shown");
			return;
		}
	}
	if (sev == DIAG_ERROR) {
		if (p->errors >= RN_MAX_ERRORS)
			return;
		if (++p->errors == RN_MAX_ERRORS) {
			diag_error(p->ds, l, "racoon-syntax",
			    "too many errors, giving up");
			p->stop = true;
			return;
		}
	}
	diag_vreport(p->ds, sev, l, code, fmt, ap);
}

void
rn_err(struct rn_parser *p, struct loc l, const char *code, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, DIAG_ERROR, l, code, fmt, ap);
	va_end(ap);
}

void
rn_warn(struct rn_parser *p, struct loc l, const char *code, const char *fmt,
    ...)
{
	va_list ap;

	if (p->recovering)	/* the tokens skipped after an error */
		return;
	va_start(ap, fmt);
	report(p, DIAG_WARNING, l, code, fmt, ap);
	va_end(ap);
}

/* Words of other racoon dialects that 0.8.2 refuses (see 1.7). */
static const struct {
	const char	*word;
	const char	*dialect;
} dialect_words[] = {
	{ "identifier", "KAME" },
	{ "restrict_check", "KAME" },
	{ "debug4", "KAME" },
	{ "debug3", "KAME" },
	{ "admin", "KAME" },
	{ "keepalive", "KAME" },
	{ "policy", "KAME" },
	{ "static_sa", "KAME" },
	{ "support_mip6", "KAME" },
	{ "strength", "KAME" },
	{ "my_identifier", "KAME" },	/* inside sainfo */
	{ "in_keychain", "Apple" },
	{ "certificate_verification", "Apple" },
	{ "sec_framework", "Apple" },
	{ "use_peers_identifier", "Apple" },
	{ "dpd_algorithm", "Apple" },
	{ "dpd_blackhole_detect", "Apple" },
	{ "dpd_inbound_detect", "Apple" },
	{ "auto_exit_delay", "Apple" },
	{ "shared_secret", "Apple" },
	{ "open_dir_auth_group", "Apple" },
	{ "disconnect_on_idle", "Apple" },
	{ "nat_traversal_multi_user", "Apple" },
	{ "nat_traversal_keepalive", "Apple" },
	{ "verify_cert", NULL },
};

static bool
wordch(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The whole word around a token start, for messages. */
static void
word_at(const struct rn_parser *p, size_t off, char *buf, size_t size)
{
	size_t b = off, e = off, n;

	if (p->src == NULL || off >= p->len) {
		snprintf(buf, size, "end of file");
		return;
	}
	while (b > 0 && wordch(p->src[off]) && wordch(p->src[b - 1]) &&
	    off - b < 64)
		b--;
	while (e < p->len && wordch(p->src[e]) && e - b < 64)
		e++;
	if (e == b)
		e = b + 1;
	n = e - b < size - 1 ? e - b : size - 1;
	memcpy(buf, p->src + b, n);
	buf[n] = '\0';
	for (e = 0; e < n; e++)
		if ((unsigned char)buf[e] < 0x20 || (unsigned char)buf[e] >= 0x7f)
			buf[e] = '?';
}

void
rn_syntax_error(struct rn_parser *p, struct loc l, bool semicolon_after_brace,
    const char *msg)
{
	char w[80];
	const char *why;
	size_t i;

	p->recovering = true;
	p->syntax_line = l.line;
	word_at(p, p->tok_off, w, sizeof(w));
	for (i = 0; i < sizeof(dialect_words) / sizeof(dialect_words[0]); i++)
		if (dialect_words[i].dialect != NULL &&
		    strcmp(w, dialect_words[i].word) == 0) {
			rn_err(p, l, "racoon-dialect", "'%s' is %s racoon "
			    "syntax, not accepted by racoon 0.8.2", w,
			    dialect_words[i].dialect);
			return;
		}
	if (p->tok_off >= p->len) {
		rn_err(p, l, "racoon-syntax", "unexpected end of file%s",
		    p->depth > 0 ? ": a block is not closed" : "");
		return;
	}
	if (semicolon_after_brace) {
		rn_err(p, l, "racoon-syntax",
		    "'};': a closing brace takes no ';' in racoon.conf");
		return;
	}
	/* a statement on a new line right after one without its ';' */
	if (l.line > p->prev_line && p->prev_line > 0 && !semicolon_after_brace &&
	    p->prev_tok_ends_stmt == false) {
		rn_err(p, l, "racoon-syntax", "syntax error at '%s': is the "
		    "';' missing at the end of line %u?", w, p->prev_line);
		return;
	}
	/* racoon chops an unknown word into stray characters and addresses */
	if (strspn(w, "abcdefABCDEF0123456789:.") != strlen(w) &&
	    strchr(w, '_') != NULL) {
		rn_err(p, l, "racoon-syntax", "'%s' is not a keyword racoon "
		    "knows here", w);
		return;
	}
	/* "path pre_shared_key;": name the word before the early ';' */
	if (w[0] == ';' && p->tok_off > 0) {
		size_t b = p->tok_off;
		char pw[80];

		while (b > 0 && (p->src[b - 1] == ' ' || p->src[b - 1] == '\t'))
			b--;
		if (b > 0 && wordch(p->src[b - 1])) {
			word_at(p, b - 1, pw, sizeof(pw));
			rn_err(p, l, "racoon-syntax", "syntax error: the "
			    "statement ends too early after '%s'", pw);
			return;
		}
	}
	/* bison's "syntax error, unexpected X, expecting ..." minus the list */
	why = strstr(msg, "unexpected ");
	if (why != NULL) {
		const char *e = strstr(why, ", expecting");
		int n = e != NULL ? (int)(e - why) : (int)strlen(why);

		rn_err(p, l, "racoon-syntax", "syntax error at '%s' (%.*s)",
		    w, n, why);
	} else
		rn_err(p, l, "racoon-syntax", "syntax error at '%s'", w);
}

/* ------------------------------------------------------------------ */
/* values */

static bool
numeric_addr(const char *s, struct addr *a)
{
	const char *pct = strchr(s, '%');
	size_t n = pct != NULL ? (size_t)(pct - s) : strlen(s);
	struct addr tmp;

	if (pct != NULL && (pct[1] == '\0' || strchr(s, ':') == NULL))
		return false;	/* a scope only goes with IPv6 */
	return addr_parse(s, n, a != NULL ? a : &tmp);
}

struct racoon_value *
rn_addr(struct rn_parser *p, struct racoon_value *a, struct racoon_value *range,
    struct racoon_value *prefix, struct racoon_value *port, bool check)
{
	struct addr lo, hi;

	glued(p, range);
	glued(p, prefix);
	glued(p, port);
	if (range != NULL)
		a->range_hi = range->text;
	if (prefix != NULL)
		a->prefix = prefix->num > 999 ? 999 : (int16_t)prefix->num;
	if (port != NULL)
		a->port = port->kind == RACOON_V_WORD ? RACOON_ANY :
		    port->num > 99999 ? 99999 : (int32_t)port->num;
	if (!check)
		return a;
	if (!numeric_addr(a->text, &lo)) {
		rn_err(p, a->loc, "racoon-address",
		    "'%s' is not a numeric IP address", a->text);
		return a;
	}
	if (range != NULL) {
		if (!numeric_addr(range->text, &hi))
			rn_err(p, range->loc, "racoon-address",
			    "'%s' is not a numeric IP address", range->text);
		else if (hi.family != lo.family)
			rn_err(p, range->loc, "racoon-address",
			    "address range mixes IPv4 and IPv6");
	}
	if (prefix != NULL && prefix->num > addr_bits(&lo))
		rn_err(p, prefix->loc, "racoon-address",
		    "prefix /%lu is longer than the address", prefix->num);
	if (port != NULL && port->kind == RACOON_V_NUMBER && port->num > 65535)
		rn_err(p, port->loc, "racoon-address",
		    "port %lu is out of range", port->num);
	return a;
}

void
rn_check_ipv4(struct rn_parser *p, struct racoon_value *v, const char *what)
{
	struct addr a;

	if (!addr_parse(v->text, strlen(v->text), &a) || a.family != AF_V4)
		rn_err(p, v->loc, "racoon-address",
		    "%s needs an IPv4 address, not '%s'", what, v->text);
}

void
rn_check_adminsock_mode(struct rn_parser *p, struct racoon_value *v)
{
	unsigned long m = v->num;
	char buf[8];

	/* racoon reads the decimal number digit by digit as octal */
	if (m > 777 || m % 10 > 7 || (m / 10) % 10 > 7 || m / 100 > 7) {
		rn_err(p, v->loc, "racoon-adminsock-mode",
		    "adminsock mode must be written as octal digits (0660)");
		return;
	}
	/* print it the way modes are written */
	snprintf(buf, sizeof(buf), "0%03lu", m);
	v->text = arena_strdup(p->arena, buf);
}

void
rn_check_cfg_source(struct rn_parser *p, const char *kw,
    struct racoon_value *val)
{
	static const struct {
		const char	*kw;
		const char	*ok;
	} allowed[] = {
		{ "auth_source", " system radius pam ldap " },
		{ "group_source", " system ldap " },
		{ "accounting", " none system radius pam " },
		{ "conf_source", " local radius ldap " },
	};
	char w[32];
	size_t i;

	snprintf(w, sizeof(w), " %s ", val->text);
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strcmp(kw, allowed[i].kw) == 0 &&
		    strstr(allowed[i].ok, w) == NULL)
			rn_err(p, val->loc, "racoon-syntax",
			    "'%s' is not a value of %s (one of:%s)",
			    val->text, kw, allowed[i].ok);
}

static bool
is(const struct racoon_value *v, const char *w)
{
	return v != NULL && v->kind == RACOON_V_WORD && strcmp(v->text, w) == 0;
}

void
rn_check_proto(struct rn_parser *p, struct racoon_value *a,
    struct racoon_value *proto)
{
	struct addr x;
	bool v6;

	if (!is(proto, "icmp") && !is(proto, "icmp6"))
		return;
	if (a->port > 0)
		rn_err(p, proto->loc, "racoon-sainfo-port",
		    "with %s the port must be [any]", proto->text);
	if (!numeric_addr(a->text, &x))
		return;
	v6 = x.family == AF_V6;
	if (v6 != is(proto, "icmp6"))
		rn_err(p, proto->loc, "racoon-sainfo-proto",
		    "%s does not go with an %s address", proto->text,
		    v6 ? "IPv6" : "IPv4");
}

void
rn_check_ident(struct rn_parser *p, struct racoon_value *type,
    struct racoon_value *qual, struct racoon_value *val, struct loc at)
{
	(void)qual;
	if (is(type, "fqdn") || is(type, "user_fqdn")) {
		if (val == NULL)
			rn_err(p, at, "racoon-identifier",
			    "%s needs a value", type->text);
		else if (val->text[0] == '\0')
			rn_err(p, val->loc, "racoon-identifier",
			    "%s value is empty", type->text);
		else if (val->kind == RACOON_V_ADDR)
			rn_warn(p, val->loc, "racoon-unquoted",
			    "unquoted %s value: racoon reads '%s'; quote it",
			    type->text, val->text);
	} else if (is(type, "address") && val != NULL) {
		if (!numeric_addr(val->text, NULL))
			rn_err(p, val->loc, "racoon-address",
			    "'%s' is not a numeric IP address", val->text);
	}
}

/* ------------------------------------------------------------------ */
/* algorithms */

enum alg_class { AC_P1_ENC, AC_P1_HASH, AC_P1_AUTH, AC_P2_ENC, AC_P2_AUTH,
	AC_P2_COMP };

static const struct {
	const char	*names;		/* " a b c " */
	const char	*keylen;	/* algorithms taking a key length */
} classes[] = {
	[AC_P1_ENC] = { " des 3des blowfish cast128 aes rijndael camellia "
	    "idea rc5 ", " blowfish cast128 aes rijndael camellia rc5 " },
	[AC_P1_HASH] = { " md5 sha1 sha256 sha2_256 sha384 sha2_384 sha512 "
	    "sha2_512 ", "" },
	[AC_P1_AUTH] = { " pre_shared_key rsasig dsssig rsaenc rsarev "
	    "gssapi_krb hybrid_rsa_server hybrid_dss_server "
	    "hybrid_rsa_client hybrid_dss_client xauth_psk_server "
	    "xauth_psk_client xauth_rsa_server xauth_rsa_client ", "" },
	[AC_P2_ENC] = { " des_iv64 des 3des rc5 cast128 blowfish des_iv32 "
	    "null_enc null aes rijndael twofish 3idea idea rc4 camellia ",
	    " blowfish cast128 aes rijndael camellia rc5 twofish " },
	[AC_P2_AUTH] = { " hmac_md5 hmac_sha1 kpdk non_auth hmac_sha256 "
	    "hmac_sha2_256 hmac_sha384 hmac_sha2_384 hmac_sha512 "
	    "hmac_sha2_512 ", "" },
	[AC_P2_COMP] = { " oui deflate lzs ", "" },
};

/* Is w one of the blank-separated words of set (" a b c ")? */
static bool
in_set(const char *set, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = strstr(set, w); p != NULL; p = strstr(p + 1, w))
		if (p[-1] == ' ' && p[n] == ' ')
			return true;
	return false;
}

static bool
keylen_ok(const char *alg, unsigned long n)
{
	if (n % 8 != 0)
		return false;
	if (strcmp(alg, "blowfish") == 0)
		return n >= 40 && n <= 448;
	if (strcmp(alg, "rc5") == 0)
		return n >= 40 && n <= 2040;
	if (strcmp(alg, "cast128") == 0)
		return n >= 40 && n <= 128;
	if (strcmp(alg, "twofish") == 0)
		return n >= 40 && n <= 256;
	return n == 128 || n == 192 || n == 256;	/* aes, camellia */
}

void
rn_check_algs(struct rn_parser *p, const char *kw, struct racoon_value *list,
    bool phase1)
{
	struct racoon_value *v;
	enum alg_class c;

	if (strcmp(kw, "encryption_algorithm") == 0)
		c = phase1 ? AC_P1_ENC : AC_P2_ENC;
	else if (strcmp(kw, "hash_algorithm") == 0)
		c = AC_P1_HASH;
	else if (strcmp(kw, "authentication_method") == 0)
		c = AC_P1_AUTH;
	else if (strcmp(kw, "authentication_algorithm") == 0)
		c = AC_P2_AUTH;
	else
		c = AC_P2_COMP;
	for (v = list; v != NULL; v = v->next) {
		if (!in_set(classes[c].names, v->text)) {
			rn_err(p, v->loc, "racoon-algorithm",
			    "'%s' is not a valid %s", v->text, kw);
			continue;
		}
		if (v->num != 0 && !in_set(classes[c].keylen, v->text)) {
			/* racoon ignores a length on phase-1 hash/auth */
			if (c == AC_P1_ENC || !phase1)
				rn_err(p, v->loc, "racoon-keylen",
				    "'%s' takes no key length", v->text);
		} else if (v->num != 0 && !keylen_ok(v->text, v->num))
			rn_err(p, v->loc, "racoon-keylen",
			    "invalid key length %lu for '%s'", v->num, v->text);
		if (c == AC_P1_ENC && (is(v, "idea") || is(v, "rc5")))
			rn_err(p, v->loc, "racoon-algorithm", "racoon is built "
			    "without '%s' for phase 1", v->text);
		/* the FreeBSD kernel never had these: racoon refuses them */
		if ((c == AC_P2_ENC && in_set(" des_iv64 des_iv32 rc5 twofish "
		    "3idea idea rc4 ", v->text)) ||
		    (c == AC_P2_AUTH && is(v, "kpdk")))
			rn_err(p, v->loc, "racoon-kernel-alg", "algorithm '%s' "
			    "is not supported by the FreeBSD kernel", v->text);
	}
}

void
rn_check_dh(struct rn_parser *p, struct racoon_value *v)
{
	if (v->kind == RACOON_V_NUMBER) {
		unsigned long n = v->num;

		if (!(n == 1 || n == 2 || n == 3 || n == 4 || n == 5 ||
		    (n >= 14 && n <= 18)))
			rn_err(p, v->loc, "racoon-dh-group",
			    "%lu is not a DH group racoon knows", n);
	} else if (!in_set(" modp768 modp1024 modp1536 modp2048 modp3072 "
	    "modp4096 modp6144 modp8192 ", v->text))
		rn_err(p, v->loc, "racoon-dh-group",
		    "'%s' is not a DH group", v->text);
}

/* ------------------------------------------------------------------ */
/* blocks */

static const struct racoon_stmt *
find_kw(const struct racoon_stmt *s, const char *kw)
{
	for (; s != NULL; s = s->next)
		if (s->keyword != NULL && strcmp(s->keyword, kw) == 0)
			return s;
	return NULL;
}

static const struct racoon_value *
last_arg(const struct racoon_stmt *s)
{
	const struct racoon_value *v = s->args;

	while (v != NULL && v->next != NULL)
		v = v->next;
	return v;
}

static unsigned long
dh_num(const struct racoon_value *v)
{
	static const struct {
		const char	*w;
		unsigned long	 n;
	} g[] = {
		{ "modp768", 1 }, { "modp1024", 2 }, { "modp1536", 5 },
		{ "modp2048", 14 }, { "modp3072", 15 }, { "modp4096", 16 },
		{ "modp6144", 17 }, { "modp8192", 18 },
	};
	size_t i;

	if (v->kind == RACOON_V_NUMBER)
		return v->num;
	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		if (strcmp(v->text, g[i].w) == 0)
			return g[i].n;
	return 0;
}

/* What a remote ends up with once its parents are copied in. */
struct eff {
	const struct racoon_stmt *xmode;	/* last exchange_mode */
	const struct racoon_stmt *myid;		/* last my_identifier */
	bool		 x509cert;
	bool		 remote_addr;
	bool		 cert, peers, ca;	/* set once, copied to children */
	bool		 plain_key, plain_peer;
	size_t		 proposals;
	unsigned long	 dh;			/* first proposal's group */
	bool		 dh_mixed;
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n-- > 0)
		h = (h ^ *c++) * 1099511628211ULL;
	return h;
}

static uint64_t
fnv_str(uint64_t h, const char *s)
{
	return s == NULL ? fnv(h, "", 1) : fnv(h, s, strlen(s) + 1);
}

static void
hash_add(struct rn_parser *p, struct rn_hash *t, uint64_t h,
    const struct racoon_stmt *s, const void *data)
{
	struct rn_hent *e;
	size_t i;

	if (t->n >= t->size) {
		size_t nsize = t->size ? t->size * 2 : 64;
		struct rn_hent **nb = xcalloc(nsize, sizeof(*nb));

		for (i = 0; i < t->size; i++)
			while ((e = t->b[i]) != NULL) {
				t->b[i] = e->next;
				e->next = nb[e->h & (nsize - 1)];
				nb[e->h & (nsize - 1)] = e;
			}
		free(t->b);
		t->b = nb;
		t->size = nsize;
	}
	e = arena_alloc(p->arena, sizeof(*e));
	e->h = h;
	e->stmt = s;
	e->data = data;
	e->next = t->b[h & (t->size - 1)];
	t->b[h & (t->size - 1)] = e;
	t->n++;
}

void
rn_parser_done(struct rn_parser *p)
{
	free(p->remotes.b);
	free(p->sainfos.b);
	p->remotes.b = p->sainfos.b = NULL;
}

/* A remote's key: its name, or its address whatever the spelling. */
static uint64_t
remote_hash(const struct racoon_value *k)
{
	struct addr a;
	uint64_t h = fnv(14695981039346656037ULL, &k->kind, sizeof(k->kind));

	if (k->kind == RACOON_V_ADDR && numeric_addr(k->text, &a))
		return fnv(fnv(h, &a.family, 1), a.b, sizeof(a.b));
	return fnv_str(h, k->text);
}

static bool
remote_key_eq(const struct racoon_value *k, const struct racoon_value *key)
{
	struct addr a, b;

	if (k->kind != key->kind)
		return false;
	if (k->kind == RACOON_V_ADDR && numeric_addr(k->text, &a) &&
	    numeric_addr(key->text, &b))
		return addr_eq(&a, &b);
	return strcmp(k->text, key->text) == 0;
}

static const struct rn_hent *
lookup_remote(struct rn_parser *p, const struct racoon_value *key)
{
	uint64_t h = remote_hash(key);
	struct rn_hent *e;

	if (p->remotes.size == 0)
		return NULL;
	for (e = p->remotes.b[h & (p->remotes.size - 1)]; e != NULL;
	    e = e->next)
		if (e->h == h && remote_key_eq(e->stmt->args, key))
			return e;
	return NULL;
}

static void
check_proposal(struct rn_parser *p, const struct racoon_stmt *r,
    const struct racoon_stmt *prop, bool plain_peer, bool plain_key)
{
	static const char *const need[] = { "encryption_algorithm",
	    "hash_algorithm", "authentication_method", "dh_group" };
	const struct racoon_stmt *s;
	bool gssapi = false;
	size_t i;

	for (s = prop->body; s != NULL; s = s->next) {
		if (s->args != NULL && s->args->kind == RACOON_V_WORD &&
		    strcmp(s->keyword, "dh_group") != 0 &&
		    strcmp(s->keyword, "lifetime") != 0 &&
		    strcmp(s->keyword, "gss_id") != 0)
			rn_check_algs(p, s->keyword, s->args, true);
		if (strcmp(s->keyword, "authentication_method") == 0) {
			if (is(s->args, "gssapi_krb"))
				gssapi = true;
			if (is(s->args, "rsasig") && plain_peer && !plain_key)
				rn_err(p, s->args->loc, "racoon-plainrsa",
				    "rsasig with plain RSA peer keys needs "
				    "'certificate_type plain_rsa' before it");
		}
		if (strcmp(s->keyword, "gss_id") == 0 && !gssapi)
			rn_err(p, s->loc, "racoon-gss-id", "gss_id needs "
			    "'authentication_method gssapi_krb' before it");
	}
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (find_kw(prop->body, need[i]) == NULL) {
			/* racoon notices when the remote block closes */
			rn_err(p, r->end, "racoon-proposal",
			    "proposal has no %s", need[i]);
			diag_note(p->ds, prop->loc, "the proposal is here");
		}
}

void
rn_check_remote(struct rn_parser *p, struct racoon_stmt *r,
    struct racoon_value *parent, struct loc at)
{
	const struct racoon_stmt *s;
	const struct racoon_value *key = r->args;
	const struct rn_hent *pe = NULL;
	struct eff e, *keep;

	glued_list(p, r->args);
	if (parent != NULL) {
		if (is(parent, "anonymous"))
			rn_err(p, at, "racoon-inherit", "a remote cannot "
			    "inherit from 'anonymous': racoon never finds it");
		else if ((pe = lookup_remote(p, parent)) == NULL &&
		    !p->seen_include)
			rn_err(p, at, "racoon-inherit", "parent remote '%s' "
			    "is not defined before this point", parent->text);
	}
	if (key->kind == RACOON_V_STRING && lookup_remote(p, key) != NULL)
		rn_err(p, key->loc, "racoon-duplicate",
		    "remote \"%s\" is defined twice", key->text);

	/*
	 * An inheriting remote starts as a copy of its parent as racoon
	 * stored it, address included: a certificate set there counts as
	 * already defined here.  Then the body, in order.
	 */
	memset(&e, 0, sizeof(e));
	if (pe != NULL) {
		e = *(const struct eff *)pe->data;
		e.remote_addr = true;
	}
	if (key->kind != RACOON_V_STRING)
		e.remote_addr = true;
	for (s = r->body; s != NULL; s = s->next) {
		const struct racoon_value *v = last_arg(s);
		const char *kw = s->keyword;
		bool *once = strcmp(kw, "remote_address") == 0 ?
		    &e.remote_addr : strcmp(kw, "certificate_type") == 0 ?
		    &e.cert : strcmp(kw, "peers_certfile") == 0 ? &e.peers :
		    strcmp(kw, "ca_type") == 0 ? &e.ca : NULL;

		if (strcmp(kw, "dh_group") == 0)
			rn_err(p, s->loc, "racoon-dh-group-place", "dh_group "
			    "cannot be defined here: it belongs in a proposal");
		else if (strcmp(kw, "exchange_mode") == 0)
			e.xmode = s;
		else if (strcmp(kw, "my_identifier") == 0)
			e.myid = s;
		else if (once != NULL) {
			if (*once)
				rn_err(p, v->loc, "racoon-duplicate",
				    "%s already specified%s", kw,
				    parent != NULL ? " (or inherited)" : "");
			*once = true;
			e.x509cert |= strcmp(kw, "certificate_type") == 0 &&
			    is(s->args, "x509");
			e.plain_key |= strcmp(kw, "certificate_type") == 0 &&
			    is(s->args, "plain_rsa");
			e.plain_peer |= strcmp(kw, "peers_certfile") == 0 &&
			    is(s->args, "plain_rsa");
		} else if (s->kind == RACOON_PROPOSAL) {
			const struct racoon_stmt *d = find_kw(s->body,
			    "dh_group");
			unsigned long g = d != NULL ? dh_num(d->args) : 0;

			check_proposal(p, r, s, e.plain_peer, e.plain_key);
			if (e.proposals++ == 0)
				e.dh = g;
			else if (g != e.dh)
				e.dh_mixed = true;
		}
	}

	/*
	 * What racoon checks when the block closes (the parent must be
	 * known, and a statement lost to a syntax error would only make
	 * these checks repeat that error).
	 */
	if ((parent == NULL || pe != NULL) && p->syntax_line < r->loc.line) {
		if (e.xmode == NULL || e.xmode->args == NULL)
			rn_err(p, r->end, "racoon-exchange-mode",
			    "remote has no exchange_mode");
		if (e.myid != NULL && is(e.myid->args, "asn1dn") &&
		    e.myid->args->next == NULL && !e.x509cert)
			rn_err(p, r->end, "racoon-identifier", "my_identifier "
			    "asn1dn needs a DN or 'certificate_type x509'");
		if (e.proposals == 0)
			rn_err(p, r->end, "racoon-remote-proposal",
			    "remote has no proposal");
		if (e.xmode != NULL) {
			const struct racoon_value *m;

			for (m = e.xmode->args; m != NULL; m = m->next)
				if (is(m, "aggressive"))
					break;
			if (m != NULL && e.dh_mixed)
				rn_err(p, r->end, "racoon-aggressive-dh",
				    "with aggressive mode every proposal "
				    "needs the same dh_group");
			/* racoon computes the group at load time there */
			else if (m != NULL && (e.dh == 3 || e.dh == 4))
				rn_err(p, r->end, "racoon-aggressive-dh",
				    "racoon cannot compute DH group %lu (EC2N) "
				    "for aggressive mode", e.dh);
		}
	}

	/* the first one wins; racoon never looks anonymous up by key */
	if (!is(key, "anonymous") && lookup_remote(p, key) == NULL) {
		keep = arena_alloc(p->arena, sizeof(*keep));
		*keep = e;
		hash_add(p, &p->remotes, remote_hash(key), r, keep);
	}
}

static bool value_equal(const struct racoon_value *,
		    const struct racoon_value *);

/* Selectors plus remoteid: what makes two sainfos the same. */
static uint64_t
sainfo_hash(const struct racoon_stmt *sa, const struct racoon_stmt *rid)
{
	uint64_t h = 14695981039346656037ULL;
	const struct racoon_value *v;
	unsigned long r = rid != NULL ? rid->args->num : ~0UL;

	for (v = sa->args; v != NULL; v = v->next) {
		h = fnv(h, &v->kind, sizeof(v->kind));
		h = fnv_str(fnv_str(h, v->text), v->range_hi);
		h = fnv(h, &v->num, sizeof(v->num));
		h = fnv(h, &v->prefix, sizeof(v->prefix));
		h = fnv(h, &v->port, sizeof(v->port));
	}
	return fnv(h, &r, sizeof(r));
}

void
rn_check_sainfo(struct rn_parser *p, struct racoon_stmt *sa)
{
	static const char *const need[] = { "encryption_algorithm",
	    "authentication_algorithm", "compression_algorithm" };
	const struct racoon_stmt *s;
	size_t i;

	for (s = sa->body; s != NULL; s = s->next) {
		if (strcmp(s->keyword, "my_identifier") == 0)
			rn_err(p, s->loc, "racoon-dialect", "'my_identifier' "
			    "inside sainfo is KAME racoon syntax, not accepted "
			    "by racoon 0.8.2");
		else if (s->args != NULL && s->args->kind == RACOON_V_WORD &&
		    strstr(s->keyword, "_algorithm") != NULL)
			rn_check_algs(p, s->keyword, s->args, false);
	}
	for (i = 0; i < sizeof(need) / sizeof(need[0]) &&
	    p->syntax_line < sa->loc.line; i++)
		if (find_kw(sa->body, need[i]) == NULL)
			rn_err(p, sa->end, "racoon-sainfo-algorithm",
			    "sainfo has no %s%s", need[i],
			    i == 2 ? " (write 'compression_algorithm "
			    "deflate;')" : "");

	/* two sainfos with the same selectors and remoteid */
	if (!is(sa->args, "anonymous")) {
		const struct racoon_stmt *rid = find_kw(sa->body, "remoteid");
		uint64_t h = sainfo_hash(sa, rid);
		struct rn_hent *e;

		for (e = p->sainfos.size ? p->sainfos.b[h &
		    (p->sainfos.size - 1)] : NULL; e != NULL; e = e->next) {
			const struct racoon_value *a, *b;

			if (e->h != h)
				continue;
			for (a = sa->args, b = e->stmt->args;
			    a != NULL && b != NULL; a = a->next, b = b->next)
				if (!value_equal(a, b))
					break;
			if (a == NULL && b == NULL)
				break;
		}
		if (e != NULL) {
			rn_err(p, sa->end, "racoon-duplicate",
			    "sainfo with the same selectors defined twice");
			diag_note(p->ds, e->stmt->loc, "the first one is here");
		} else
			hash_add(p, &p->sainfos, h, sa, NULL);
	}
}

/* ------------------------------------------------------------------ */
/* queries */

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
value_equal(const struct racoon_value *a, const struct racoon_value *b)
{
	return a->kind == b->kind && str_eq(a->text, b->text) &&
	    a->num == b->num && a->prefix == b->prefix &&
	    a->port == b->port && str_eq(a->range_hi, b->range_hi) &&
	    a->comma == b->comma;
}

static bool
stmts_equal(const struct racoon_stmt *a, const struct racoon_stmt *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next) {
		const struct racoon_value *x, *y;

		if (a->kind != b->kind || !str_eq(a->keyword, b->keyword) ||
		    a->block != b->block)
			return false;
		for (x = a->args, y = b->args; x != NULL && y != NULL;
		    x = x->next, y = y->next)
			if (!value_equal(x, y))
				return false;
		if (x != NULL || y != NULL)
			return false;
		if (!stmts_equal(a->body, b->body))
			return false;
	}
	return a == NULL && b == NULL;
}

bool
racoon_equal(const struct racoon_file *a, const struct racoon_file *b)
{
	return stmts_equal(a->stmts, b->stmts);
}

const struct racoon_stmt *
racoon_find(const struct racoon_stmt *s, enum racoon_kind kind,
    const char *kw)
{
	for (; s != NULL; s = s->next)
		if (s->kind == kind && (kw == NULL || str_eq(s->keyword, kw)))
			return s;
	return NULL;
}

/*
 * A racoon.conf has racoon's block keywords at the start of a line:
 * "remote", "sainfo", "listen {", "padding {", "path pre_shared_key" ...
 */
bool
racoon_sniff(const char *buf, size_t len)
{
	static const char *const starts[] = { "remote ", "remote\t",
	    "sainfo ", "sainfo\t", "listen", "padding", "path ", "timer",
	    "mode_cfg", "privsep", "log ", "complex_bundle" };
	size_t i = 0, k, hits = 0;

	if (len > 65536)
		len = 65536;
	while (i < len) {
		size_t e = i;

		while (e < len && buf[e] != '\n')
			e++;
		while (i < e && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++) {
			size_t n = strlen(starts[k]);

			if (e - i >= n && memcmp(buf + i, starts[k], n) == 0)
				hits++;
		}
		/* setkey and rc.conf words rule it out */
		if ((e - i >= 6 && memcmp(buf + i, "spdadd", 6) == 0) ||
		    (e - i >= 8 && memcmp(buf + i, "ifconfig", 8) == 0))
			return false;
		i = e + 1;
	}
	return hits > 0;
}
