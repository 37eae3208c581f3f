/*
 * racoon.conf as ipsec-tools 0.8.2's racoon reads it: a parser that accepts
 * exactly that language (same lexical quirks, same statements, the same
 * semantic checks that make racoon refuse a file), a syntax tree that keeps
 * every statement with its location, and a printer for a canonical form.
 *
 * The tree is deliberately generic: a statement is a kind, a list of
 * argument values and, for blocks, a list of child statements.  Consumers
 * (lint, diff) look statements up by kind and read their values in order.
 */
#ifndef TG_RACOON_H
#define TG_RACOON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/loc.h"

struct arena;
struct diag_sink;

enum racoon_kind {
	/* top level */
	RACOON_PATH,		/* TYPE "str" */
	RACOON_INCLUDE,		/* "glob" (kept, never followed) */
	RACOON_PFKEY_BUFFER,	/* N */
	RACOON_COMPLEX_BUNDLE,	/* on|off */
	RACOON_GSS_ID_ENC,	/* latin1|utf-16le */
	RACOON_LOG,		/* level */
	RACOON_PRIVSEP,		/* block */
	RACOON_PADDING,		/* block */
	RACOON_LISTEN,		/* block */
	RACOON_TIMER,		/* block */
	RACOON_MODE_CFG,	/* block */
	RACOON_LDAPCFG,		/* block */
	RACOON_RADIUSCFG,	/* block */
	RACOON_REMOTE,		/* header values; block unless "inherit ...;" */
	RACOON_SAINFO,		/* header values; block */
	/* inside remote */
	RACOON_PROPOSAL,	/* block */
	/*
	 * Every other statement: a keyword followed by values.  The keyword
	 * (canonical spelling) is in racoon_stmt.keyword.
	 */
	RACOON_SIMPLE,
};

enum racoon_vkind {
	RACOON_V_WORD,		/* a keyword used as a value: on, main, aes */
	RACOON_V_NUMBER,	/* decimal number */
	RACOON_V_STRING,	/* "quoted" (text = contents, no quotes) */
	RACOON_V_ADDR,		/* address literal, with prefix/port/range */
	RACOON_V_UNIT,		/* sec min hour byte KB MB TB */
};

#define RACOON_NONE	(-1)	/* no prefix / no port */
#define RACOON_ANY	(-2)	/* port [any] */

/* 64 bytes: a large file holds millions of them. */
struct racoon_value {
	const char		*text;	/* WORD/UNIT: canonical word; STRING:
					 * contents; ADDR: the address as
					 * racoon reads it; NUMBER: NULL, or
					 * its spelling when it matters (an
					 * adminsock mode "0660") */
	unsigned long		 num;	/* NUMBER; UNIT: its multiplier */
	const char		*range_hi;	/* ADDR: upper end of A-B */
	struct racoon_value	*next;
	struct loc		 loc;
	enum racoon_vkind	 kind;
	int32_t			 port;	/* ADDR: [N], RACOON_ANY, RACOON_NONE */
	int16_t			 prefix;	/* ADDR: /N, or RACOON_NONE */
	bool			 comma;	/* written after a ',' in a list */
	bool			 glued;	/* racoon glued stray text in front of
					 * it (an error once the value is used) */
};

struct racoon_stmt {
	enum racoon_kind	 kind;
	const char		*keyword;	/* canonical spelling */
	struct racoon_value	*args;
	bool			 block;		/* has { } */
	struct racoon_stmt	*body;		/* children, in order */
	struct loc		 loc;		/* the keyword */
	struct loc		 end;		/* blocks: '}'; "remote ... inherit
						 * ...;": the ';'; others: = loc */
	struct racoon_stmt	*next;
};

struct racoon_file {
	const char		*name;		/* interned by the diag sink */
	struct racoon_stmt	*stmts;
	size_t			 errors;	/* errors this parse reported */
};

/*
 * Parse one file held in memory.  Never returns NULL: on errors the tree
 * holds what could be recovered and every error went to the sink (code
 * [racoon-syntax] or a more specific [racoon-...] code, always located).
 * The tree lives in the arena.
 */
struct racoon_file *racoon_parse(const char *name, const char *buf, size_t len,
		    struct arena *, struct diag_sink *);
/* Canonical form: one statement per line, a tab per block level. */
void		 racoon_print(const struct racoon_file *, FILE *);
/* Does this text look like a racoon.conf (for format detection)? */
bool		 racoon_sniff(const char *buf, size_t len);

/* Structural equality, ignoring locations (round-trip tests). */
bool		 racoon_equal(const struct racoon_file *,
		    const struct racoon_file *);
/* The first statement of a kind (and keyword, for RACOON_SIMPLE) in a list. */
const struct racoon_stmt *racoon_find(const struct racoon_stmt *list,
		    enum racoon_kind, const char *keyword);

#endif
