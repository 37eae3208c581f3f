/*
 * Internal to the racoon.conf grammar: the state one parse shares between
 * scanner, grammar actions and the tree helpers.  Not part of the API.
 */
#ifndef TG_RACOON_MODEL_H
#define TG_RACOON_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grammar/racoon.h"

/* Stop after this many errors: a binary file must not flood the sink. */
#define RN_MAX_ERRORS	100
#define RN_MAX_WARNINGS	1000
/* Braces deeper than this are refused outright (racoon nests at most 2). */
#define RN_MAX_DEPTH	8

struct rn_vlist {
	struct racoon_value	*head, *tail;
};

struct rn_slist {
	struct racoon_stmt	*head, *tail;
};

struct rn_glue {			/* the stray text glued to a value */
	const struct racoon_value *v;
	const char		*text;
	struct rn_glue		*next;
};

struct rn_hent {
	uint64_t		 h;
	const struct racoon_stmt *stmt;
	const void		*data;	/* remotes: what children inherit */
	struct rn_hent		*next;
};

/* Remotes by name/address and sainfos by selectors: lookups stay O(1). */
struct rn_hash {
	struct rn_hent		**b;	/* malloc'd; entries in the arena */
	size_t			 n, size;
};

struct rn_parser {
	struct arena		*arena;
	struct diag_sink	*ds;
	const char		*file;	/* interned */
	const char		*src;	/* the caller's input, never modified */
	size_t			 fed;	/* bytes handed to flex so far */
	size_t			 mend;	/* file offset after the last match */
	size_t			 tstart;	/* file offset of yytext */
	const char		*ttext;	/* yytext itself */
	size_t			 len;
	/* scanner position */
	unsigned		 line;
	size_t			 line_start;	/* offset of the line's 1st byte */
	size_t			 junk_off;	/* where pending stray chars start */
	size_t			 junk_len;
	int			 depth;		/* braces currently open */
	int			 last_tok;	/* the lookahead at an error */
	int			 prev_tok;	/* the token before it: "};" */
	size_t			 tok_off;	/* offset of last_tok */
	unsigned		 prev_line;	/* line of the token before it */
	bool			 prev_tok_ends_stmt;	/* it was ; { or } */
	unsigned		 last_line;
	unsigned		 syntax_line;	/* line of the last syntax error */
	int			 stray_open;	/* stray '{' not yet closed */
	bool			 stray_matched;	/* last stray '}' closed one */
	bool			 stop;		/* too many errors / too deep */
	bool			 recovering;	/* after a syntax error, up to
						 * the next ';' or '}' */
	/* semantic state */
	size_t			 errors;
	size_t			 warnings;
	bool			 seen_include;
	struct rn_hash		 remotes;	/* for inherit */
	struct rn_hash		 sainfos;	/* for duplicate checks */
	struct racoon_stmt	*top;		/* result */
	struct rn_glue		*glue;
};

struct racoon_value *rn_value(struct rn_parser *, enum racoon_vkind,
		    const char *text, unsigned long num, struct loc);
struct racoon_value *rn_word(struct rn_parser *, const char *, struct loc);
struct rn_vlist	 rn_vl(struct racoon_value *);
struct rn_vlist	 rn_vl_add(struct rn_vlist, struct racoon_value *);
struct rn_vlist	 rn_vl_cat(struct rn_vlist, struct rn_vlist);
struct rn_slist	 rn_sl_add(struct rn_slist, struct racoon_stmt *);

/* A statement: keyword + values (NULL-terminated). */
struct racoon_stmt *rn_simple(struct rn_parser *, const char *kw, struct loc,
		    ...);
struct racoon_stmt *rn_simple_vl(struct rn_parser *, const char *kw,
		    struct loc, struct rn_vlist);
struct racoon_stmt *rn_block(struct rn_parser *, enum racoon_kind,
		    const char *kw, struct loc, struct rn_vlist args,
		    struct rn_slist body, struct loc end);

/* Fold prefix, port and range into an address value; checks it. */
struct racoon_value *rn_addr(struct rn_parser *, struct racoon_value *addr,
		    struct racoon_value *range, struct racoon_value *prefix,
		    struct racoon_value *port, bool check);

/* Semantic checks racoon does while reading (each reports located). */
void		 rn_err(struct rn_parser *, struct loc, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void		 rn_warn(struct rn_parser *, struct loc, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void		 rn_syntax_error(struct rn_parser *, struct loc,
		    bool semicolon_after_brace, const char *msg);
void		 rn_check_algs(struct rn_parser *, const char *cls,
		    struct racoon_value *list, bool phase1);
void		 rn_check_dh(struct rn_parser *, struct racoon_value *);
void		 rn_check_ident(struct rn_parser *, struct racoon_value *type,
		    struct racoon_value *qual, struct racoon_value *val,
		    struct loc at);
void		 rn_check_ipv4(struct rn_parser *, struct racoon_value *,
		    const char *what);
void		 rn_check_adminsock_mode(struct rn_parser *,
		    struct racoon_value *);
void		 rn_check_cfg_source(struct rn_parser *, const char *kw,
		    struct racoon_value *val);
void		 rn_check_proto(struct rn_parser *, struct racoon_value *addr,
		    struct racoon_value *proto);
void		 rn_check_remote(struct rn_parser *, struct racoon_stmt *,
		    struct racoon_value *parent, struct loc at);
void		 rn_check_sainfo(struct rn_parser *, struct racoon_stmt *);
void		 rn_parser_done(struct rn_parser *);

#endif
