/*
 * setkey(8) input files (ipsec.conf, ipsec-tools.conf): the syntax tree, the
 * parser and the canonical printer.
 *
 * The grammar is ipsec-tools 0.8.2's setkey (token.l, parse.y) with the text
 * after -P parsed as libipsec's policy grammar does, plus the forms only
 * FreeBSD's sbin/setkey accepts.  Each element says which setkey programs
 * accept it (the `dialects` bit set), so that a linter can tell a file that
 * FreeBSD will refuse from one that only ipsec-tools will refuse.
 *
 * Host names are kept as names: resolving them is the deployed system's job.
 * Keys are kept as written; they never appear in a diagnostic.
 */
#ifndef TG_SETKEY_H
#define TG_SETKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/addr.h"
#include "model/arena.h"
#include "model/diag.h"
#include "model/loc.h"

/* Which setkey programs accept a form. */
#define SK_IPSEC_TOOLS	0x1u	/* ipsec-tools 0.8.2 (Linux, NetBSD, ports) */
#define SK_FREEBSD12	0x2u	/* FreeBSD sbin/setkey up to 12.x */
#define SK_FREEBSD13	0x4u	/* FreeBSD 13.0 and later (r360557) */
#define SK_FREEBSD	(SK_FREEBSD12 | SK_FREEBSD13)
#define SK_ALL		(SK_IPSEC_TOOLS | SK_FREEBSD)

enum sk_cmd {
	SK_ADD, SK_GET, SK_DELETE, SK_DELETEALL, SK_FLUSH, SK_DUMP,
	SK_SPDADD, SK_SPDUPDATE, SK_SPDDELETE, SK_SPDFLUSH, SK_SPDDUMP,
	SK_EXIT,
};

/* Security protocol of an SA (and the optional one of flush/dump). */
enum sk_satype {
	SK_SATYPE_NONE,		/* not given */
	SK_SATYPE_ESP, SK_SATYPE_AH,
	SK_SATYPE_ESP_OLD, SK_SATYPE_AH_OLD,	/* RFC 1827/1829 forms */
	SK_SATYPE_ESP_UDP,	/* NAT-T, ipsec-tools only */
	SK_SATYPE_IPCOMP,
	SK_SATYPE_TCP,		/* TCP-MD5 signature SA */
};

enum sk_port_kind {
	SK_PORT_NONE,		/* no brackets */
	SK_PORT_ANY,		/* [any] */
	SK_PORT_NUM,		/* [80] */
	SK_PORT_NAME,		/* [http]: a service name */
};

/* An address as setkey reads it: numeric, or a host name left unresolved. */
struct sk_host {
	struct loc	 loc;
	const char	*name;		/* host name; NULL when numeric */
	struct addr	 addr;		/* numeric address (family 0 for names) */
	const char	*zone;		/* "%em0" scope, without '%'; or NULL */
	int		 prefixlen;	/* -1 when not written */
	enum sk_port_kind port_kind;
	uint32_t	 port;		/* SK_PORT_NUM */
	const char	*port_name;	/* SK_PORT_NAME */
};

/* -E / -A / -C algorithm words. */
enum sk_alg {
	SK_ALG_UNKNOWN,
	/* encryption */
	SK_EALG_DES_CBC, SK_EALG_3DES_CBC, SK_EALG_NULL, SK_EALG_SIMPLE,
	SK_EALG_BLOWFISH_CBC, SK_EALG_CAST128_CBC, SK_EALG_DES_DERIV,
	SK_EALG_DES_32IV, SK_EALG_TWOFISH_CBC, SK_EALG_AES_CBC,
	SK_EALG_RIJNDAEL_CBC, SK_EALG_AES_CTR, SK_EALG_AES_GCM_16,
	SK_EALG_CAMELLIA_CBC,
	/* authentication */
	SK_AALG_HMAC_MD5, SK_AALG_HMAC_SHA1, SK_AALG_KEYED_MD5,
	SK_AALG_KEYED_SHA1, SK_AALG_HMAC_SHA2_256, SK_AALG_HMAC_SHA256,
	SK_AALG_HMAC_SHA2_384, SK_AALG_HMAC_SHA384, SK_AALG_HMAC_SHA2_512,
	SK_AALG_HMAC_SHA512, SK_AALG_HMAC_RIPEMD160, SK_AALG_AES_XCBC_MAC,
	SK_AALG_TCP_MD5, SK_AALG_NULL,
	/* compression */
	SK_CALG_OUI, SK_CALG_DEFLATE, SK_CALG_LZS,
	SK_ALG__COUNT
};

enum sk_alg_class { SK_ALG_ENC, SK_ALG_AUTH, SK_ALG_COMP };

struct sk_alg_info {
	const char	*name;		/* the word setkey reads */
	enum sk_alg_class class;
	bool		 nokey;		/* takes no key (null, simple) */
	unsigned	 dialects;	/* SK_* programs whose lexer knows it */
	unsigned	 minbits, maxbits;	/* key lengths the kernel takes */
};

/* Indexed by enum sk_alg; entry 0 (unknown) has a NULL name. */
extern const struct sk_alg_info sk_algs[SK_ALG__COUNT];
enum sk_alg	 sk_alg_lookup(enum sk_alg_class, const char *, size_t);

enum sk_key_kind { SK_KEY_NONE, SK_KEY_HEX, SK_KEY_QUOTED };

struct sk_key {
	struct loc	 loc;
	enum sk_key_kind kind;
	const char	*text;		/* hex digits after 0x (as written), or
					   the bytes between the quotes */
	size_t		 textlen;
	size_t		 bytes;		/* key length in bytes */
};

/* SA extensions, kept in the order written (later ones win in setkey). */
enum sk_opt_kind {
	SK_OPT_MODE,		/* -m transport|tunnel|any */
	SK_OPT_REQID,		/* -u N */
	SK_OPT_PAD,		/* -f zero-pad|random-pad|seq-pad */
	SK_OPT_NOCYCLIC,	/* -f nocyclic-seq */
	SK_OPT_REPLAY,		/* -r N */
	SK_OPT_LIFETIME_HARD,	/* -lh N */
	SK_OPT_LIFETIME_SOFT,	/* -ls N */
	SK_OPT_LIFEBYTE_HARD,	/* -bh N (ipsec-tools) */
	SK_OPT_LIFEBYTE_SOFT,	/* -bs N (ipsec-tools) */
	SK_OPT_CTX,		/* -ctx DOI ALG "label" (ipsec-tools) */
};

enum sk_mode { SK_MODE_ANY, SK_MODE_TRANSPORT, SK_MODE_TUNNEL };
enum sk_pad { SK_PAD_ZERO, SK_PAD_RANDOM, SK_PAD_SEQ };

struct sk_ctx {
	uint32_t	 doi, alg;
	const char	*label;		/* between the quotes */
	size_t		 labellen;
};

struct sk_opt {
	struct loc	 loc;
	enum sk_opt_kind kind;
	uint64_t	 num;		/* N, or enum sk_mode / sk_pad */
	struct sk_ctx	 ctx;		/* SK_OPT_CTX */
};

/* add, get, delete, deleteall. */
struct sk_sa {
	struct sk_host	 src, dst;
	enum sk_satype	 satype;
	struct loc	 satype_loc;
	struct sk_host	*natt_oa;	/* esp-udp ADDR (ipsec-tools) */
	bool		 has_spi;	/* not for deleteall */
	uint32_t	 spi;
	bool		 spi_hex;	/* written 0x... */
	struct loc	 spi_loc;
	struct sk_opt	*opts;
	size_t		 nopts;
	/* add only */
	enum sk_alg	 enc, auth, comp;
	struct loc	 enc_loc, auth_loc, comp_loc;
	struct sk_key	 enc_key, auth_key;
	bool		 rawcpi;	/* -R after -C */
};

/* Upper-layer protocol of a policy selector. */
enum sk_upper_kind { SK_UPPER_ANY, SK_UPPER_NUM, SK_UPPER_NAME };

struct sk_upper {
	struct loc	 loc;
	enum sk_upper_kind kind;
	int		 proto;		/* resolved number; -1 for any */
	const char	*name;		/* SK_UPPER_NAME: as written */
	const char	*arg;		/* "type,code" / GRE key, or NULL */
	struct loc	 arg_loc;
};

enum sk_dir { SK_DIR_IN, SK_DIR_OUT, SK_DIR_FWD };
enum sk_action {
	SK_ACTION_NONE_GIVEN,	/* "-P out": direction only (spddelete) */
	SK_ACTION_DISCARD, SK_ACTION_NONE, SK_ACTION_IPSEC,
	SK_ACTION_BYPASS, SK_ACTION_ENTRUST,
};
enum sk_prio_kind {
	SK_PRIO_NONE,
	SK_PRIO_NUM,		/* priority N or priority -N */
	SK_PRIO_BASE,		/* priority low|def|high [+|- N] */
};
enum sk_prio_base { SK_PRIO_LOW, SK_PRIO_DEF, SK_PRIO_HIGH };

struct sk_prio {
	enum sk_prio_kind kind;
	enum sk_prio_base base;
	char		 sign;		/* '+', '-' or 0 (no offset / positive) */
	uint32_t	 offset;
	struct loc	 loc;
};

enum sk_proto { SK_PROTO_ESP, SK_PROTO_AH, SK_PROTO_IPCOMP, SK_PROTO_TCP };
enum sk_level {
	SK_LEVEL_OMITTED,	/* no level written: the kernel default */
	SK_LEVEL_DEFAULT, SK_LEVEL_USE, SK_LEVEL_REQUIRE, SK_LEVEL_UNIQUE,
};
enum sk_ends {
	SK_ENDS_NONE,		/* esp/transport//require */
	SK_ENDS_ADDRS,		/* esp/tunnel/A-B/require */
	SK_ENDS_ME_ANY,		/* me-any (outbound only) */
	SK_ENDS_ANY_ME,		/* any-me (inbound only) */
};

/* One PROTO/MODE/SRC-DST/LEVEL request of an ipsec policy. */
struct sk_request {
	struct loc	 loc;
	enum sk_proto	 proto;
	enum sk_mode	 mode;		/* transport or tunnel */
	enum sk_ends	 ends;
	struct addr	 src, dst;	/* SK_ENDS_ADDRS */
	const char	*src_zone, *dst_zone;
	bool		 has_ports;	/* A[port]-B[port] (ipsec-tools) */
	uint32_t	 src_port, dst_port;
	struct loc	 src_loc, dst_loc;
	enum sk_level	 level;
	uint32_t	 unique_id;	/* unique:N; 0 for plain unique */
	struct loc	 level_loc;
};

struct sk_policy {
	struct loc	 loc;
	enum sk_dir	 dir;
	struct sk_prio	 prio;
	enum sk_action	 action;
	struct sk_request *reqs;
	size_t		 nreqs;
};

/* spdadd, spdupdate, spddelete. */
struct sk_spd {
	bool		 tagged;	/* spdadd tagged "TAG" -P ... */
	const char	*tag;
	size_t		 taglen;
	struct sk_host	 src, dst;
	struct sk_upper	 upper;
	bool		 has_ctx;	/* -ctx DOI ALG "label" */
	struct sk_ctx	 ctx;
	struct loc	 ctx_loc;
	struct sk_policy policy;
};

struct sk_stmt {
	struct loc	 loc;		/* of the command word */
	enum sk_cmd	 cmd;
	unsigned	 dialects;	/* SK_* programs accepting all of it */
	const char	*flags;		/* "-4n" etc. as written, joined by ' ';
					   NULL when none */
	enum sk_satype	 satype;	/* flush and dump */
	struct loc	 satype_loc;
	struct sk_stmt	*next;
	/*
	 * Last, and allocated only as far as the command needs: read sa
	 * only for add/get/delete/deleteall, spd only for the spd commands
	 * with selectors; the other statements have neither.
	 */
	union {
		struct sk_sa	 sa;	/* add get delete deleteall */
		struct sk_spd	 spd;	/* spdadd spdupdate spddelete */
	};
};

struct setkey_file {
	const char	*name;		/* interned */
	struct sk_stmt	*stmts;		/* in file order; NULL when none */
	size_t		 nstmts;
	unsigned	 dialects;	/* intersection over the statements */
};

/*
 * Parse setkey input.  Never returns NULL: syntax errors go to the sink
 * ([setkey-syntax] and more specific codes), statements in error are left
 * out of the tree (the rest is kept), and the caller checks diag_errors().
 * The text and the arena must live until the sink is flushed: when the
 * file holds keys or draws diagnostics, the sink is given a copy (in the
 * arena) with every quoted and long hex string blanked out to quote lines
 * from, so keys never show.
 */
struct setkey_file *setkey_parse(const char *name, const char *buf,
		    size_t len, struct arena *, struct diag_sink *);
/*
 * The same, but also reject every form that none of the given programs
 * accepts ([setkey-dialect]): SK_IPSEC_TOOLS reproduces ipsec-tools'
 * verdict, SK_FREEBSD13 FreeBSD 13's.  setkey_parse() is SK_ALL.
 * Errors are located at the offending word; for an error inside a policy
 * spanning lines, setkey itself names the line where the policy ends.
 */
struct setkey_file *setkey_parse_dialect(const char *name, const char *buf,
		    size_t len, struct arena *, struct diag_sink *,
		    unsigned dialects);

/* Canonical form: one statement a line, normalized spacing, no comments. */
void		 setkey_print(const struct setkey_file *, FILE *);
void		 setkey_print_stmt(const struct sk_stmt *, FILE *);

/* Does this content look like a setkey file? */
bool		 setkey_sniff(const char *buf, size_t len);

/* Structural equality, locations aside (for round-trip checks and diff). */
bool		 setkey_equal(const struct setkey_file *,
		    const struct setkey_file *);

const char	*sk_cmd_name(enum sk_cmd);
const char	*sk_satype_name(enum sk_satype);
/* "ipsec-tools", "FreeBSD 12", ... joined with ", " into buf. */
const char	*sk_dialect_names(unsigned, char *buf, size_t len);

#endif
