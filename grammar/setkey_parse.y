/*
 * setkey grammar: the statements of ipsec-tools 0.8.2's setkey (parse.y) and
 * libipsec's policy text after -P (policy_parse.y), in one pure parser.
 * Actions only hand their parts to the builder in setkey_model.c, which
 * checks them and fills the current statement; a statement in error is
 * dropped at its ';' and parsing goes on.
 */
%define api.pure full
%define api.token.raw
%define api.prefix {sk_}
%define api.location.type {struct sk_pos}
%define parse.error verbose
%define lr.default-reduction consistent
%locations
%expect 0
%param {sk_scan_t scanner}
%parse-param {struct sk_parser *p}

%code requires {
#include "grammar/setkey_int.h"

/* Only where a part starts is ever reported. */
#define YYLLOC_DEFAULT(cur, rhs, n) do {				\
	(cur).first_line = YYRHSLOC(rhs, (n) ? 1 : 0).first_line;	\
	(cur).first_column = YYRHSLOC(rhs, (n) ? 1 : 0).first_column;	\
} while (0)
}

%code {
int	sk_lex(SK_STYPE *, SK_LTYPE *, sk_scan_t);
static void sk_error(SK_LTYPE *, sk_scan_t, struct sk_parser *, const char *);
}

%union {
	struct sk_tok	 tok;
	struct sk_host	*host;
}

%token <tok> EOT ";" SLASH "/" BLCL "[" ELCL "]"
%token <tok> ADD "add" GET "get" DELETE "delete" DELETEALL "deleteall"
%token <tok> FLUSH "flush" DUMP "dump" EXIT "exit"
%token <tok> SPDADD "spdadd" SPDUPDATE "spdupdate" SPDDELETE "spddelete"
%token <tok> SPDDUMP "spddump" SPDFLUSH "spdflush" TAGGED "tagged"
%token <tok> PR_ESP "esp" PR_AH "ah" PR_IPCOMP "ipcomp" PR_ESPUDP "esp-udp"
%token <tok> PR_TCP "tcp"
%token <tok> F_AUTH "-A" F_ENC "-E" F_COMP "-C" F_RAWCPI "-R"
%token <tok> ALGNAME "algorithm name" ALG_COMP "compression algorithm"
%token <tok> F_MODE "-m" MODE "mode" F_REQID "-u" F_EXT "-f"
%token <tok> EXTENSION "padding type" NOCYCLICSEQ "nocyclic-seq"
%token <tok> F_REPLAY "-r" F_LIFETIME_HARD "-lh" F_LIFETIME_SOFT "-ls"
%token <tok> F_LIFEBYTE_HARD "-bh" F_LIFEBYTE_SOFT "-bs"
%token <tok> SECURITY_CTX "-ctx" F_AIFLAGS "address flag" F_POLICY "-P"
%token <tok> DECSTRING "number" HEXSTRING "hex string"
%token <tok> QUOTEDSTRING "quoted string" STRING "word" ANY "any"
%token <tok> P_DIR "direction" P_PRIORITY "priority" P_PRIO_BASE "low/def/high"
%token <tok> P_PLUS "+" P_NUM "policy number" P_ACTION "policy action"
%token <tok> P_PROTO "policy protocol" P_MODE "policy mode" P_ME "me"
%token <tok> P_ANY "policy any" P_LEVEL "level" P_UNIQUE_ID "unique:ID"
%token <tok> P_SLASH "policy /" P_HYPHEN "-" P_PORT "[port]"
%token <tok> P_ADDR "policy address"
%token BADTOKEN "invalid text"

%type <tok> port key
%type <host> sa_host plain_host spd_host

%%

file
	: %empty
	| file stmt
	;

stmt
	: cmd EOT
	| error EOT		{ sk_stmt_discard(p); yyerrok; }
	;

cmd
	: ADD aiflags sa_host sa_host satype spi exts algs
		{ sk_sa_end(p, SK_ADD, &@1, $3, $4); }
	| GET aiflags sa_host sa_host satype spi exts
		{ sk_sa_end(p, SK_GET, &@1, $3, $4); }
	| DELETE aiflags sa_host sa_host satype spi exts
		{ sk_sa_end(p, SK_DELETE, &@1, $3, $4); }
	| DELETEALL aiflags plain_host plain_host satype
		{ sk_sa_end(p, SK_DELETEALL, &@1, $3, $4); }
	| FLUSH satype		{ sk_stmt_end(p, SK_FLUSH, &@1); }
	| DUMP satype		{ sk_stmt_end(p, SK_DUMP, &@1); }
	| EXIT			{ sk_stmt_end(p, SK_EXIT, &@1); }
	| SPDADD selector policy_spec
				{ sk_stmt_end(p, SK_SPDADD, &@1); }
	| SPDADD tag policy_spec
				{ sk_stmt_end(p, SK_SPDADD, &@1); }
	| SPDUPDATE selector policy_spec
				{ sk_stmt_end(p, SK_SPDUPDATE, &@1); }
	| SPDUPDATE tag policy_spec
				{ sk_stmt_end(p, SK_SPDUPDATE, &@1); }
	| SPDDELETE selector policy_spec
				{ sk_stmt_end(p, SK_SPDDELETE, &@1); }
	| SPDFLUSH		{ sk_stmt_end(p, SK_SPDFLUSH, &@1); }
	| SPDDUMP		{ sk_stmt_end(p, SK_SPDDUMP, &@1); }
	;

aiflags
	: %empty
	| aiflags F_AIFLAGS	{ sk_aiflag(p, &$2, &@2); }
	;

plain_host
	: STRING		{ $$ = sk_host_make(p, &$1, &@1, NULL, NULL,
				    NULL, NULL); }
	;

sa_host
	: STRING		{ $$ = sk_host_make(p, &$1, &@1, NULL, NULL,
				    NULL, NULL); }
	| STRING port		{ $$ = sk_host_make(p, &$1, &@1, NULL, NULL,
				    &$2, &@2); }
	;

/* The optional parts are spelled out: no empty rule to reduce. */
spd_host
	: STRING		{ $$ = sk_host_make(p, &$1, &@1, NULL, NULL,
				    NULL, NULL); }
	| STRING SLASH DECSTRING
				{ $$ = sk_host_make(p, &$1, &@1, &$3, &@3,
				    NULL, NULL); }
	| STRING port		{ $$ = sk_host_make(p, &$1, &@1, NULL, NULL,
				    &$2, &@2); }
	| STRING SLASH DECSTRING port
				{ $$ = sk_host_make(p, &$1, &@1, &$3, &@3,
				    &$4, &@4); }
	;

port
	: BLCL ANY ELCL		{ $$ = $2; $$.v = SK_PORT_ANY; @$ = @2; }
	| BLCL DECSTRING ELCL	{ $$ = $2; $$.v = SK_PORT_NUM; @$ = @2; }
	| BLCL STRING ELCL	{ $$ = $2; $$.v = SK_PORT_NAME; @$ = @2; }
	;

satype
	: %empty		{ sk_satype(p, NULL, &@$, NULL); }
	| PR_ESP		{ sk_satype(p, &$1, &@1, NULL); }
	| PR_AH			{ sk_satype(p, &$1, &@1, NULL); }
	| PR_IPCOMP		{ sk_satype(p, &$1, &@1, NULL); }
	| PR_TCP		{ sk_satype(p, &$1, &@1, NULL); }
	| PR_ESPUDP		{ sk_satype(p, &$1, &@1, NULL); }
	| PR_ESPUDP plain_host	{ sk_satype(p, &$1, &@1, $2); }
	;

spi
	: DECSTRING		{ sk_spi(p, &$1, false, &@1); }
	| HEXSTRING		{ sk_spi(p, &$1, true, &@1); }
	;

exts
	: %empty
	| exts ext
	;

ext
	: F_EXT EXTENSION	{ sk_opt(p, SK_OPT_PAD, &$2, &@1); }
	| F_EXT NOCYCLICSEQ	{ sk_opt(p, SK_OPT_NOCYCLIC, &$2, &@1); }
	| F_MODE MODE		{ sk_opt(p, SK_OPT_MODE, &$2, &@1); }
	| F_MODE ANY		{ sk_opt(p, SK_OPT_MODE, NULL, &@1); }
	| F_REQID DECSTRING	{ sk_opt(p, SK_OPT_REQID, &$2, &@1); }
	| F_REPLAY DECSTRING	{ sk_opt(p, SK_OPT_REPLAY, &$2, &@1); }
	| F_LIFETIME_HARD DECSTRING
				{ sk_opt(p, SK_OPT_LIFETIME_HARD, &$2, &@1); }
	| F_LIFETIME_SOFT DECSTRING
				{ sk_opt(p, SK_OPT_LIFETIME_SOFT, &$2, &@1); }
	| F_LIFEBYTE_HARD DECSTRING
				{ sk_opt(p, SK_OPT_LIFEBYTE_HARD, &$2, &@1); }
	| F_LIFEBYTE_SOFT DECSTRING
				{ sk_opt(p, SK_OPT_LIFEBYTE_SOFT, &$2, &@1); }
	| SECURITY_CTX DECSTRING DECSTRING QUOTEDSTRING
				{ sk_opt_ctx(p, &$2, &$3, &$4, &@1, false); }
	;

algs
	: F_ENC enc_alg
	| F_ENC enc_alg F_AUTH auth_alg
	| F_AUTH auth_alg
	| F_COMP ALG_COMP	{ sk_alg(p, SK_ALG_COMP, &$2, &@2, NULL, NULL); }
	| F_COMP ALG_COMP F_RAWCPI
				{ sk_alg(p, SK_ALG_COMP, &$2, &@2, NULL, NULL);
				  sk_rawcpi(p, &@3); }
	;

enc_alg
	: ALGNAME		{ sk_alg(p, SK_ALG_ENC, &$1, &@1, NULL, NULL); }
	| ALGNAME key		{ sk_alg(p, SK_ALG_ENC, &$1, &@1, &$2, &@2); }
	;

auth_alg
	: ALGNAME		{ sk_alg(p, SK_ALG_AUTH, &$1, &@1, NULL, NULL); }
	| ALGNAME key		{ sk_alg(p, SK_ALG_AUTH, &$1, &@1, &$2, &@2); }
	;

key
	: QUOTEDSTRING		{ $$ = $1; $$.v = SK_KEY_QUOTED; }
	| HEXSTRING		{ $$ = $1; $$.v = SK_KEY_HEX; }
	;

selector
	: aiflags spd_host spd_host upper upper_tail
				{ sk_spd_hosts(p, $2, $3); }
	;

tag
	: TAGGED QUOTEDSTRING	{ sk_spd_tag(p, &$2, &@1); }
	;

upper
	: DECSTRING		{ sk_upper(p, SK_UPPER_NUM, &$1, &@1); }
	| ANY			{ sk_upper(p, SK_UPPER_ANY, &$1, &@1); }
	| PR_TCP		{ sk_upper(p, SK_UPPER_NAME, &$1, &@1); }
	| PR_ESP		{ sk_upper(p, SK_UPPER_NAME, &$1, &@1); }
	| STRING		{ sk_upper(p, SK_UPPER_NAME, &$1, &@1); }
	;

/* Optional parts spelled out, as for addresses. */
upper_tail
	: %empty
	| upper_arg
	| ctx
	| upper_arg ctx
	;

upper_arg
	: STRING		{ sk_upper_arg(p, &$1, &@1); }
	;

ctx
	: SECURITY_CTX DECSTRING DECSTRING QUOTEDSTRING
				{ sk_opt_ctx(p, &$2, &$3, &$4, &@1, true); }
	;

policy_spec
	: F_POLICY P_DIR	{ sk_policy(p, &$2, &@2, NULL); }
	| F_POLICY P_DIR P_ACTION requests
				{ sk_policy(p, &$2, &@2, &$3); }
	| F_POLICY P_DIR prio P_ACTION requests
				{ sk_policy(p, &$2, &@2, &$4); }
	;

prio
	: P_PRIORITY P_NUM	{ sk_prio(p, SK_PRIO_NUM, NULL, 0, &$2, &@1); }
	| P_PRIORITY P_HYPHEN P_NUM
				{ sk_prio(p, SK_PRIO_NUM, NULL, '-', &$3, &@1); }
	| P_PRIORITY P_PRIO_BASE
				{ sk_prio(p, SK_PRIO_BASE, &$2, 0, NULL, &@1); }
	| P_PRIORITY P_PRIO_BASE P_PLUS P_NUM
				{ sk_prio(p, SK_PRIO_BASE, &$2, '+', &$4, &@1); }
	| P_PRIORITY P_PRIO_BASE P_HYPHEN P_NUM
				{ sk_prio(p, SK_PRIO_BASE, &$2, '-', &$4, &@1); }
	;

requests
	: %empty
	| requests request	{ sk_req_end(p); }
	;

request
	: proto_mode
	| proto_mode P_SLASH
	| proto_mode P_SLASH P_SLASH level
	| proto_mode P_SLASH ends
	| proto_mode P_SLASH ends P_SLASH
	| proto_mode P_SLASH ends P_SLASH level
	;

proto_mode
	: P_PROTO P_SLASH P_MODE
				{ sk_req_begin(p, &$1, &@1, &$3); }
	;

ends
	: P_ADDR P_HYPHEN P_ADDR
				{ sk_req_ends(p, SK_ENDS_ADDRS, &$1, &@1, NULL,
				    &$3, &@3, NULL); }
	| P_ADDR P_PORT P_HYPHEN P_ADDR P_PORT
				{ sk_req_ends(p, SK_ENDS_ADDRS, &$1, &@1, &$2,
				    &$4, &@4, &$5); }
	| P_ME P_HYPHEN P_ANY	{ sk_req_ends(p, SK_ENDS_ME_ANY, &$1, &@1, NULL,
				    &$3, &@3, NULL); }
	| P_ANY P_HYPHEN P_ME	{ sk_req_ends(p, SK_ENDS_ANY_ME, &$1, &@1, NULL,
				    &$3, &@3, NULL); }
	;

level
	: P_LEVEL		{ sk_req_level(p, &$1, &@1); }
	| P_UNIQUE_ID		{ sk_req_level(p, &$1, &@1); }
	;

%%

static void
sk_error(SK_LTYPE *pos, sk_scan_t scanner, struct sk_parser *p,
    const char *msg)
{
	(void)scanner;
	sk_syntax_error(p, pos, msg);
}
