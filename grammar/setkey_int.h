/*
 * Private to the setkey scanner, grammar and model builder: the parser state
 * they share (one per parse, no globals) and the builder calls the grammar
 * actions make.
 */
#ifndef TG_SETKEY_INT_H
#define TG_SETKEY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grammar/setkey.h"

/* The parser's location type: where a token or a part of a rule starts. */
struct sk_pos {
	int		 first_line, first_column;
};

/* A token's text (a slice of the scanner's buffer) and its keyword value. */
struct sk_tok {
	const char	*s;		/* NULL for an absent optional part */
	uint32_t	 n;
	int		 v;
};

/* Limits that turn hostile input into errors instead of waste. */
#define SK_MAX_LINE	65536		/* bytes in one line */
#define SK_MAX_ERRORS	50		/* reported before giving up */

struct sk_parser {
	struct arena	*arena;
	struct diag_sink *ds;
	const char	*file;		/* interned name */
	unsigned	 want;		/* dialects the caller accepts */

	/* scanner position */
	uint32_t	 line;
	const char	*line_start;	/* in the scanner's buffer */
	bool		 lexed_bad;	/* last token already reported */
	bool		 bad_in_stmt;	/* a bad character reported since ';' */
	bool		 saw_cr;
	size_t		 nerrors;	/* syntax errors reported */
	bool		 gave_up;

	/* the statement being built; reset after each ';' */
	struct sk_stmt	 cur;
	char		 flagbuf[64];
	size_t		 flaglen;
	struct sk_opt	*opts;		/* scratch, copied at the end */
	size_t		 nopts, capopts;
	struct sk_request *reqs;
	size_t		 nreqs, capreqs;
	struct sk_request req;		/* the request being built */
	struct sk_host	 hosts[3];	/* src, dst, esp-udp address */
	size_t		 nhosts;
	bool		 bad;		/* semantic error in this statement */
	int		 family;	/* -4 / -6 of this statement, or 0 */
	bool		 numeric;	/* -n: no host names */
	bool		 exited;	/* after exit: setkey reads no more */
	bool		 warned_exit;
	bool		 has_keys;	/* quote only a redacted text */

	struct sk_stmt	*head, **tail;
	size_t		 nstmts;
	unsigned	 dialects;
};

struct loc	 sk_loc(const struct sk_parser *, const struct sk_pos *pos);

/* Scanner (declared by hand: no flex header). */
typedef void	*sk_scan_t;
int		 sk_lex_init_extra(struct sk_parser *, sk_scan_t *);
int		 sk_lex_destroy(sk_scan_t);
/* Scan len bytes of buf, which holds two NULs more; false: too large. */
bool		 sk_scan_begin(struct sk_parser *, char *buf, size_t len,
		    sk_scan_t);

/* Diagnostics. */
void		 sk_diag(struct sk_parser *, const struct sk_pos *pos, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void		 sk_syntax_error(struct sk_parser *, const struct sk_pos *pos,
		    const char *msg);
void		 sk_dialect(struct sk_parser *, unsigned mask,
		    const struct sk_pos *pos, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/* Builder calls, one per grammar action. */
void		 sk_stmt_end(struct sk_parser *, enum sk_cmd, const struct sk_pos *pos);
void		 sk_stmt_discard(struct sk_parser *);
void		 sk_aiflag(struct sk_parser *, const struct sk_tok *,
		    const struct sk_pos *pos);
struct sk_host	*sk_host_make(struct sk_parser *, const struct sk_tok *addr,
		    const struct sk_pos *apos, const struct sk_tok *prefix,
		    const struct sk_pos *ppos, const struct sk_tok *port,
		    const struct sk_pos *portpos);
void		 sk_sa_end(struct sk_parser *, enum sk_cmd,
		    const struct sk_pos *, struct sk_host *src,
		    struct sk_host *dst);
void		 sk_satype(struct sk_parser *, const struct sk_tok *,
		    const struct sk_pos *pos, struct sk_host *natt_oa);
void		 sk_spi(struct sk_parser *, const struct sk_tok *, bool hex,
		    const struct sk_pos *pos);
void		 sk_opt(struct sk_parser *, enum sk_opt_kind,
		    const struct sk_tok *, const struct sk_pos *pos);
void		 sk_opt_ctx(struct sk_parser *, const struct sk_tok *doi,
		    const struct sk_tok *alg, const struct sk_tok *label,
		    const struct sk_pos *pos, bool in_spd);
void		 sk_alg(struct sk_parser *, enum sk_alg_class,
		    const struct sk_tok *, const struct sk_pos *pos,
		    const struct sk_tok *key, const struct sk_pos *keypos);
void		 sk_rawcpi(struct sk_parser *, const struct sk_pos *pos);
void		 sk_spd_hosts(struct sk_parser *, struct sk_host *src,
		    struct sk_host *dst);
void		 sk_spd_tag(struct sk_parser *, const struct sk_tok *,
		    const struct sk_pos *pos);
void		 sk_upper(struct sk_parser *, enum sk_upper_kind,
		    const struct sk_tok *, const struct sk_pos *pos);
void		 sk_upper_arg(struct sk_parser *, const struct sk_tok *,
		    const struct sk_pos *pos);
void		 sk_policy(struct sk_parser *, const struct sk_tok *dir,
		    const struct sk_pos *pos, const struct sk_tok *action);
void		 sk_prio(struct sk_parser *, enum sk_prio_kind,
		    const struct sk_tok *base, char sign,
		    const struct sk_tok *num, const struct sk_pos *pos);
void		 sk_req_begin(struct sk_parser *, const struct sk_tok *proto,
		    const struct sk_pos *ppos, const struct sk_tok *mode);
void		 sk_req_ends(struct sk_parser *, enum sk_ends,
		    const struct sk_tok *src, const struct sk_pos *spos,
		    const struct sk_tok *sport,
		    const struct sk_tok *dst, const struct sk_pos *dpos,
		    const struct sk_tok *dport);
void		 sk_req_level(struct sk_parser *, const struct sk_tok *,
		    const struct sk_pos *pos);
void		 sk_req_end(struct sk_parser *);

#endif
