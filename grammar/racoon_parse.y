/*
 * racoon.conf grammar (the language of ipsec-tools 0.8.2's racoon).
 *
 * The scanner is modal, so every block keyword exists only inside its own
 * block: that lets all block bodies share one statement list here without
 * accepting anything racoon would not (a keyword of one block can never
 * reach another).  The two tokens that exist in more than one block with
 * different meanings (dh_group in remote vs proposal, my_identifier in
 * remote vs sainfo) are told apart when the block closes.
 *
 * Actions only build the tree and call the checks in racoon_model.c.
 */
%define api.pure full
%define api.prefix {rn_}
%define api.token.prefix {T_}
%define api.location.type {struct loc}
%define parse.error verbose
%locations
%expect 0
%param {void *scanner}
%parse-param {struct rn_parser *P}

%code requires {
#include <stddef.h>
#include "model/loc.h"
#include "grammar/racoon_model.h"
}

%code {
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/diag.h"

int	rn_lex(RN_STYPE *, struct loc *, void *);
int	rn_lex_destroy(void *);
int	rn_scan_begin(struct rn_parser *, void **);

static void rn_error(struct loc *, void *, struct rn_parser *,
		    const char *);
static void stray_brace(struct rn_parser *, struct loc);

#define YYLLOC_DEFAULT(Cur, Rhs, N) do {				\
	if (N)								\
		(Cur) = YYRHSLOC(Rhs, 1);				\
	else								\
		(Cur) = YYRHSLOC(Rhs, 0);				\
} while (0)
#define YYLOCATION_PRINT(f, l)	((void)0)
#define YY_LOCATION_PRINT(f, l)	((void)0)

#define S(kw, at, ...)	rn_simple(P, (kw), (at), __VA_ARGS__, NULL)
#define KWV(w)		(w)
}

%union {
	const char		*w;	/* a statement keyword */
	struct racoon_value	*v;
	struct racoon_stmt	*s;
	struct rn_vlist		 vl;
	struct rn_slist		 sl;
}

/* top-level keywords */
%token PRIVSEP "privsep" PATH "path" INCLUDE "include"
%token PFKEY_BUFFER "pfkey_buffer" COMPLEX_BUNDLE "complex_bundle"
%token LOGGING "log" PADDING "padding" LISTEN "listen" RADCFG "radiuscfg"
%token LDAPCFG "ldapcfg" MODECFG "mode_cfg" RETRY "timer"
%token SAINFO "sainfo" REMOTE "remote" GSS_ID_ENC "gss_id_enc"
/* statement keywords inside blocks: their value is the canonical word */
%token <w> USER "user" CHROOT "chroot" X_ISAKMP "isakmp" X_ADMIN "admin"
%token <w> ADMINSOCK "adminsock" STRICT_ADDRESS "strict_address"
%token <w> RAD_SERVER "radius server" LDAP_VERSION "version"
%token <w> CFG_ADDR "mode_cfg address keyword"
%token <w> CFG_ADDRLIST "mode_cfg address list keyword"
%token <w> CFG_SOURCE "mode_cfg source keyword"
%token <w> CFG_STRLIST "mode_cfg list keyword"
%token <w> CFG_SPLIT_NETWORK "split_network" PFS_GROUP "pfs_group"
%token <w> MY_IDENTIFIER "my_identifier" LIFETIME "lifetime"
%token <w> ALGCLASS "algorithm keyword" REMOTE_ADDRESS "remote_address"
%token <w> EXCHANGE_MODE "exchange_mode" KW_DOI "doi" KW_SITUATION "situation"
%token <w> XAUTH_LOGIN "xauth_login" PEERS_IDENTIFIER "peers_identifier"
%token <w> CERTIFICATE_TYPE "certificate_type" CA_TYPE "ca_type"
%token <w> PEERS_CERTFILE "peers_certfile" DH_GROUP "dh_group"
%token <w> GENERATE_POLICY "generate_policy" PROPOSAL_CHECK "proposal_check"
%token <w> KEEPALIVE "keepalive" SCRIPT "script" PROPOSAL "proposal"
%token <w> GSS_ID "gss_id"
/* keywords grouped by the shape of their statement */
%token <w> KW_NUMBER "keyword taking a number"
%token <w> KW_SWITCH "keyword taking on/off"
%token <w> KW_SWITCH_FORCE "keyword taking on/off/force"
%token <w> KW_STRING "keyword taking a string"
%token <w> KW_TIME "keyword taking a time"
/* words that end up as values */
%token <v> GROUP "group" PATHTYPE "path type" LOGLEV "log level"
%token <v> DISABLED "disabled" CFG_WORD "mode_cfg source"
%token <v> CFG_SPLIT_TYPE "split type"
%token <v> ANONYMOUS "anonymous" CLIENTADDR "clientaddr" PORTANY "[any]"
%token <v> ANY "any" FROM "from" LIFETYPE_TIME "time" LIFETYPE_BYTE "byte"
%token <v> INHERIT "inherit" EXCHANGETYPE "exchange type"
%token <v> KW_DOIVAL "ipsec_doi" SITUATIONTYPE "situation type"
%token <v> CERT_X509 "x509" CERT_PLAINRSA "plain_rsa" DNSSEC "dnssec"
%token <v> GENERATE_LEVEL "generate_policy level" FORCE "force"
%token <v> PROPOSAL_CHECK_LEVEL "proposal_check level"
%token <v> SCRIPT_EVENT "script event" GSS_ID_ENCTYPE "encoding"
/* valid everywhere */
%token <v> SWITCH "on/off" PREFIX "/prefix" PORT "[port]"
%token <v> ADDRRANGE "-address" UL_PROTO "protocol"
%token <v> ALGORITHMTYPE "algorithm" IDENTIFIERTYPE "identifier type"
%token <v> IDENTIFIERQUAL "tag/file" UNIT_BYTE "byte unit"
%token <v> UNIT_TIME "time unit" BOOLEAN "yes/no" NUMBER "number"
%token <v> HEXSTRING "hex string" QUOTEDSTRING "string" ADDRSTRING "address"
%token EOS "';'" BOC "'{'" EOC "'}'" COMMA "','"
%token STRAY_BRACE "brace outside a block"

%type <s> top_stmt stmt remote_block remote_tail
%type <sl> top body
%type <v> addr_port remote_index prefix port ul_proto ident_value keylength
%type <v> dh_group algorithm block_kw
%type <vl> sainfo_name sainfo_id sainfo_param addr_list str_list
%type <vl> split_list alg_list exchange_modes

%%

file
	: top			{ P->top = $1.head; }
	;

top
	: %empty		{ $$ = (struct rn_slist){ NULL, NULL }; }
	| top top_stmt		{ $$ = rn_sl_add($1, $2); }
	| top error EOS		{ $$ = $1; yyerrok; }
	| top error EOC		{ $$ = $1; yyerrok; }
	/* a bad block header: skip the block it opens */
	| top error BOC body EOC	{ $$ = $1; yyerrok; }
	| top STRAY_BRACE	{ $$ = $1; stray_brace(P, @2); }
	;

top_stmt
	: PATH PATHTYPE QUOTEDSTRING EOS
		{ $$ = S("path", @1, $2, $3); $$->kind = RACOON_PATH; }
	| INCLUDE QUOTEDSTRING EOS
		{ $$ = S("include", @1, $2); $$->kind = RACOON_INCLUDE;
		  P->seen_include = true; }
	| PFKEY_BUFFER NUMBER EOS
		{ $$ = S("pfkey_buffer", @1, $2); $$->kind = RACOON_PFKEY_BUFFER; }
	| COMPLEX_BUNDLE SWITCH EOS
		{ $$ = S("complex_bundle", @1, $2); $$->kind = RACOON_COMPLEX_BUNDLE; }
	| GSS_ID_ENC GSS_ID_ENCTYPE EOS
		{ $$ = S("gss_id_enc", @1, $2); $$->kind = RACOON_GSS_ID_ENC; }
	| LOGGING LOGLEV EOS
		{ $$ = S("log", @1, $2); $$->kind = RACOON_LOG; }
	| block_kw BOC body EOC
		{ $$ = rn_block(P, (enum racoon_kind)$1->num, $1->text, @1,
		      rn_vl(NULL), $3, @4); }
	| block_kw BOC body error EOC
		{ $$ = rn_block(P, (enum racoon_kind)$1->num, $1->text, @1,
		      rn_vl(NULL), $3, @5); yyerrok; }
	| SAINFO sainfo_name sainfo_param BOC body EOC
		{ $$ = rn_block(P, RACOON_SAINFO, "sainfo", @1,
		      rn_vl_cat($2, $3), $5, @6);
		  rn_check_sainfo(P, $$); }
	| SAINFO sainfo_name sainfo_param BOC body error EOC
		{ $$ = rn_block(P, RACOON_SAINFO, "sainfo", @1,
		      rn_vl_cat($2, $3), $5, @7); yyerrok; }
	| REMOTE QUOTEDSTRING INHERIT QUOTEDSTRING remote_tail
		{ $$ = $5;
		  $$->args = rn_vl_add(rn_vl_add(rn_vl($2), $3), $4).head;
		  $$->loc = @1;
		  rn_check_remote(P, $$, $4, @5); }
	| REMOTE QUOTEDSTRING remote_block
		{ $$ = $3; $$->args = $2; $$->loc = @1;
		  rn_check_remote(P, $$, NULL, @3); }
	| REMOTE remote_index INHERIT remote_index remote_tail
		{ $$ = $5;
		  $$->args = rn_vl_add(rn_vl_add(rn_vl($2), $3), $4).head;
		  $$->loc = @1;
		  rn_check_remote(P, $$, $4, @5); }
	| REMOTE remote_index remote_block
		{ $$ = $3; $$->args = $2; $$->loc = @1;
		  rn_check_remote(P, $$, NULL, @3); }
	;

block_kw
	: PRIVSEP	{ $$ = rn_word(P, "privsep", @1); $$->num = RACOON_PRIVSEP; }
	| PADDING	{ $$ = rn_word(P, "padding", @1); $$->num = RACOON_PADDING; }
	| LISTEN	{ $$ = rn_word(P, "listen", @1); $$->num = RACOON_LISTEN; }
	| RETRY		{ $$ = rn_word(P, "timer", @1); $$->num = RACOON_TIMER; }
	| MODECFG	{ $$ = rn_word(P, "mode_cfg", @1); $$->num = RACOON_MODE_CFG; }
	| LDAPCFG	{ $$ = rn_word(P, "ldapcfg", @1); $$->num = RACOON_LDAPCFG; }
	| RADCFG	{ $$ = rn_word(P, "radiuscfg", @1); $$->num = RACOON_RADIUSCFG; }
	;

remote_block
	: BOC body EOC
		{ $$ = rn_block(P, RACOON_REMOTE, "remote", @1, rn_vl(NULL),
		      $2, @3); }
	| BOC body error EOC
		{ $$ = rn_block(P, RACOON_REMOTE, "remote", @1, rn_vl(NULL),
		      $2, @4); yyerrok; }
	;

remote_tail
	: remote_block		{ $$ = $1; }
	| EOS
		{ $$ = rn_block(P, RACOON_REMOTE, "remote", @1, rn_vl(NULL),
		      (struct rn_slist){ NULL, NULL }, @1);
		  $$->block = false; }
	;

remote_index
	: ANONYMOUS		{ $$ = $1; }
	| ANONYMOUS PORT	{ $$ = $1;
				  $$->port = $2->num > 99999 ? 99999 :
				      (int32_t)$2->num; }
	| addr_port		{ $$ = $1; }
	;

addr_port
	: ADDRSTRING		{ $$ = rn_addr(P, $1, NULL, NULL, NULL, true); }
	| ADDRSTRING PORT	{ $$ = rn_addr(P, $1, NULL, NULL, $2, true); }
	;

body
	: %empty		{ $$ = (struct rn_slist){ NULL, NULL }; }
	| body stmt		{ $$ = rn_sl_add($1, $2); }
	| body error EOS	{ $$ = $1; yyerrok; }
	| body STRAY_BRACE	{ $$ = $1; stray_brace(P, @2); }
	;

stmt
	: KW_NUMBER NUMBER EOS		{ $$ = S(KWV($1), @1, $2); }
	| KW_SWITCH SWITCH EOS		{ $$ = S(KWV($1), @1, $2); }
	| KW_SWITCH_FORCE SWITCH EOS	{ $$ = S(KWV($1), @1, $2); }
	| KW_SWITCH_FORCE FORCE EOS	{ $$ = S(KWV($1), @1, $2); }
	| KW_STRING QUOTEDSTRING EOS	{ $$ = S(KWV($1), @1, $2); }
	| KW_TIME NUMBER UNIT_TIME EOS	{ $$ = S(KWV($1), @1, $2, $3); }
	| LDAP_VERSION NUMBER EOS
		{ $$ = S("version", @1, $2);
		  if ($2->num < 2 || $2->num > 3)
			rn_err(P, @2, "racoon-ldap-version",
			    "ldap version must be 2 or 3"); }
	/* privsep */
	| USER QUOTEDSTRING EOS		{ $$ = S("user", @1, $2); }
	| USER NUMBER EOS		{ $$ = S("user", @1, $2); }
	| GROUP QUOTEDSTRING EOS	{ $$ = S("group", @1, $2); }
	| GROUP NUMBER EOS		{ $$ = S("group", @1, $2); }
	| CHROOT QUOTEDSTRING EOS	{ $$ = S("chroot", @1, $2); }
	/* listen */
	| X_ISAKMP addr_port EOS	{ $$ = S(KWV($1), @1, $2); }
	| ADMINSOCK QUOTEDSTRING QUOTEDSTRING QUOTEDSTRING NUMBER EOS
		{ $$ = S("adminsock", @1, $2, $3, $4, $5);
		  rn_check_adminsock_mode(P, $5); }	/* keeps "0660" */
	| ADMINSOCK QUOTEDSTRING EOS	{ $$ = S("adminsock", @1, $2); }
	| ADMINSOCK DISABLED EOS	{ $$ = S("adminsock", @1, $2); }
	| STRICT_ADDRESS EOS		{ $$ = S("strict_address", @1, NULL); }
	/* radiuscfg */
	| RAD_SERVER QUOTEDSTRING QUOTEDSTRING EOS
		{ $$ = S(KWV($1), @1, $2, $3); }
	| RAD_SERVER QUOTEDSTRING NUMBER QUOTEDSTRING EOS
		{ $$ = S(KWV($1), @1, $2, $3, $4); }
	/* mode_cfg */
	| CFG_ADDR ADDRSTRING EOS
		{ $$ = S(KWV($1), @1, $2); rn_check_ipv4(P, $2, KWV($1)); }
	| CFG_ADDRLIST addr_list EOS
		{ struct racoon_value *a;
		  $$ = rn_simple_vl(P, KWV($1), @1, $2);
		  for (a = $2.head; a != NULL; a = a->next)
			rn_check_ipv4(P, a, KWV($1)); }
	| CFG_SPLIT_NETWORK CFG_SPLIT_TYPE split_list EOS
		{ $$ = rn_simple_vl(P, "split_network", @1,
		      rn_vl_cat(rn_vl($2), $3)); }
	| CFG_STRLIST str_list EOS	{ $$ = rn_simple_vl(P, KWV($1), @1, $2); }
	| CFG_SOURCE CFG_WORD EOS
		{ $$ = S(KWV($1), @1, $2); rn_check_cfg_source(P, $1, $2); }
	/* remote */
	| REMOTE_ADDRESS addr_port EOS	{ $$ = S("remote_address", @1, $2); }
	| EXCHANGE_MODE exchange_modes EOS
		{ $$ = rn_simple_vl(P, "exchange_mode", @1, $2); }
	| KW_DOI KW_DOIVAL EOS		{ $$ = S("doi", @1, $2); }
	| KW_SITUATION SITUATIONTYPE EOS { $$ = S("situation", @1, $2); }
	| CERTIFICATE_TYPE CERT_X509 QUOTEDSTRING QUOTEDSTRING EOS
		{ $$ = S("certificate_type", @1, $2, $3, $4); }
	| CERTIFICATE_TYPE CERT_PLAINRSA QUOTEDSTRING EOS
		{ $$ = S("certificate_type", @1, $2, $3); }
	| PEERS_CERTFILE QUOTEDSTRING EOS
		{ $$ = S("peers_certfile", @1, $2);
		  rn_warn(P, @2, "racoon-deprecated", "peers_certfile without "
		      "a type is deprecated: write 'peers_certfile x509'"); }
	| PEERS_CERTFILE CERT_X509 QUOTEDSTRING EOS
		{ $$ = S("peers_certfile", @1, $2, $3); }
	| PEERS_CERTFILE CERT_PLAINRSA QUOTEDSTRING EOS
		{ $$ = S("peers_certfile", @1, $2, $3); }
	| PEERS_CERTFILE DNSSEC EOS	{ $$ = S("peers_certfile", @1, $2); }
	| CA_TYPE CERT_X509 QUOTEDSTRING EOS
		{ $$ = S("ca_type", @1, $2, $3); }
	| MY_IDENTIFIER IDENTIFIERTYPE ident_value EOS
		{ $$ = S("my_identifier", @1, $2, $3);
		  rn_check_ident(P, $2, NULL, $3, @4); }
	| MY_IDENTIFIER IDENTIFIERTYPE IDENTIFIERQUAL ident_value EOS
		{ $$ = S("my_identifier", @1, $2, $3, $4);
		  rn_check_ident(P, $2, $3, $4, @5); }
	| PEERS_IDENTIFIER IDENTIFIERTYPE ident_value EOS
		{ $$ = S("peers_identifier", @1, $2, $3);
		  rn_check_ident(P, $2, NULL, $3, @4); }
	| PEERS_IDENTIFIER IDENTIFIERTYPE IDENTIFIERQUAL ident_value EOS
		{ $$ = S("peers_identifier", @1, $2, $3, $4);
		  rn_check_ident(P, $2, $3, $4, @5); }
	| XAUTH_LOGIN ident_value EOS	{ $$ = S("xauth_login", @1, $2); }
	| DH_GROUP dh_group EOS		{ $$ = S("dh_group", @1, $2); }
	| SCRIPT QUOTEDSTRING SCRIPT_EVENT EOS
		{ $$ = S("script", @1, $2, $3); }
	| GENERATE_POLICY SWITCH EOS	{ $$ = S("generate_policy", @1, $2); }
	| GENERATE_POLICY GENERATE_LEVEL EOS
		{ $$ = S("generate_policy", @1, $2); }
	| PROPOSAL_CHECK PROPOSAL_CHECK_LEVEL EOS
		{ $$ = S("proposal_check", @1, $2); }
	| LIFETIME LIFETYPE_TIME NUMBER UNIT_TIME EOS
		{ $$ = S("lifetime", @1, $2, $3, $4); }
	| LIFETIME LIFETYPE_BYTE NUMBER UNIT_BYTE EOS
		{ $$ = S("lifetime", @1, $2, $3, $4);
		  rn_err(P, @2, "racoon-lifetime-byte", "'lifetime byte' "
		      "is not supported by racoon 0.8.2: use 'lifetime time'"); }
	| PROPOSAL BOC body EOC
		{ $$ = rn_block(P, RACOON_PROPOSAL, "proposal", @1,
		      rn_vl(NULL), $3, @4); }
	| PROPOSAL BOC body error EOC
		{ $$ = rn_block(P, RACOON_PROPOSAL, "proposal", @1,
		      rn_vl(NULL), $3, @5); yyerrok; }
	/* proposal and sainfo */
	| ALGCLASS alg_list EOS
		{ $$ = rn_simple_vl(P, KWV($1), @1, $2); }	/* checked with its block */
	| GSS_ID QUOTEDSTRING EOS	{ $$ = S("gss_id", @1, $2); }
	| PFS_GROUP dh_group EOS	{ $$ = S("pfs_group", @1, $2); }
	;

exchange_modes
	: %empty		{ $$ = rn_vl(NULL); }
	| exchange_modes EXCHANGETYPE
		{ $2->comma = $1.head != NULL; $$ = rn_vl_add($1, $2); }
	;

ident_value
	: %empty		{ $$ = NULL; }
	| ADDRSTRING		{ $$ = $1; }
	| QUOTEDSTRING		{ $$ = $1; }
	;

dh_group
	: ALGORITHMTYPE		{ $$ = $1; rn_check_dh(P, $1); }
	| NUMBER		{ $$ = $1; rn_check_dh(P, $1); }
	;

alg_list
	: algorithm			{ $$ = rn_vl($1); }
	| alg_list COMMA algorithm	{ $3->comma = true;
					  $$ = rn_vl_add($1, $3); }
	;

/* The key length is kept as the algorithm value's num (0 = none). */
algorithm
	: ALGORITHMTYPE keylength
		{ $$ = $1; $$->num = $2 ? $2->num : 0; }
	;

keylength
	: %empty		{ $$ = NULL; }
	| NUMBER		{ $$ = $1; }
	;

addr_list
	: ADDRSTRING			{ $$ = rn_vl($1); }
	| addr_list COMMA ADDRSTRING	{ $3->comma = true;
					  $$ = rn_vl_add($1, $3); }
	;

str_list
	: QUOTEDSTRING			{ $$ = rn_vl($1); }
	| str_list COMMA QUOTEDSTRING	{ $3->comma = true;
					  $$ = rn_vl_add($1, $3); }
	;

split_list
	: ADDRSTRING PREFIX
		{ $$ = rn_vl(rn_addr(P, $1, NULL, $2, NULL, false));
		  rn_check_ipv4(P, $1, "split_network"); }
	| split_list COMMA ADDRSTRING PREFIX
		{ struct racoon_value *a;
		  a = rn_addr(P, $3, NULL, $4, NULL, false);
		  rn_check_ipv4(P, $3, "split_network");
		  a->comma = true; $$ = rn_vl_add($1, a); }
	;

sainfo_name
	: ANONYMOUS			{ $$ = rn_vl($1); }
	| ANONYMOUS CLIENTADDR		{ $$ = rn_vl_add(rn_vl($1), $2); }
	| ANONYMOUS sainfo_id		{ $$ = rn_vl_cat(rn_vl($1), $2); }
	| sainfo_id ANONYMOUS		{ $$ = rn_vl_add($1, $2); }
	| sainfo_id CLIENTADDR		{ $$ = rn_vl_add($1, $2); }
	| sainfo_id sainfo_id		{ $$ = rn_vl_cat($1, $2); }
	;

sainfo_id
	: IDENTIFIERTYPE ADDRSTRING prefix port ul_proto
		{ struct racoon_value *a;
		  a = rn_addr(P, $2, NULL, $3, $4, true);
		  rn_check_proto(P, a, $5);
		  $$ = rn_vl_add(rn_vl_add(rn_vl($1), a), $5); }
	| IDENTIFIERTYPE ADDRSTRING ADDRRANGE prefix port ul_proto
		{ struct racoon_value *a;
		  a = rn_addr(P, $2, $3, $4, $5, true);
		  rn_check_proto(P, a, $6);
		  $$ = rn_vl_add(rn_vl_add(rn_vl($1), a), $6); }
	| IDENTIFIERTYPE QUOTEDSTRING
		{ if (strcmp($1->text, "asn1dn") == 0)
			rn_err(P, @1, "racoon-sainfo-id",
			    "asn1dn is not allowed as a sainfo selector");
		  $$ = rn_vl_add(rn_vl($1), $2); }
	;

prefix
	: %empty	{ $$ = NULL; }
	| PREFIX	{ $$ = $1; }
	;

port
	: %empty	{ $$ = NULL; }
	| PORT		{ $$ = $1; }
	| PORTANY	{ $$ = $1; }
	;

ul_proto
	: NUMBER	{ $$ = $1; }
	| UL_PROTO	{ $$ = $1; }
	| ANY		{ $$ = $1; }
	;

sainfo_param
	: %empty		{ $$ = rn_vl(NULL); }
	| FROM IDENTIFIERTYPE ident_value
		{ $$ = rn_vl_add(rn_vl_add(rn_vl($1), $2), $3);
		  rn_check_ident(P, $2, NULL, $3, @2); }
	| GROUP QUOTEDSTRING	{ $$ = rn_vl_add(rn_vl($1), $2); }
	;

%%

/* bison's error callback: a syntax error at the lookahead token */
static void
rn_error(struct loc *l, void *scanner, struct rn_parser *p, const char *msg)
{
	(void)scanner;
	rn_syntax_error(p, *l, p->last_tok == T_EOS && p->prev_tok == T_EOC,
	    msg);
}

/*
 * racoon drops a brace that opens no block (or, in a block, reads it as a
 * second one): either way the structure is not what it looks like.  One
 * error per run of braces.
 */
static void
stray_brace(struct rn_parser *p, struct loc l)
{
	if (p->prev_tok != T_STRAY_BRACE && !p->stray_matched)
		rn_err(p, l, "racoon-stray-brace",
		    "brace outside a block: racoon ignores it");
}

/*
 * Check every byte sequence is UTF-8 and that there is no NUL byte; the
 * ASCII fast path keeps it cheap.
 */
static void
check_utf8(struct rn_parser *p, const unsigned char *s, size_t n)
{
	size_t i = 0, line_start = 0;
	unsigned line = 1, reported = 0, nuls = 0;

	while (i < n) {
		unsigned char c;
		size_t k, need;
		uint64_t w;

		/* the common case: eight ASCII bytes, count their newlines */
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			if (((w ^ 0x0a0a0a0a0a0a0a0aULL) - 0x0101010101010101ULL) &
			    ~(w ^ 0x0a0a0a0a0a0a0a0aULL) & 0x8080808080808080ULL)
				break;		/* has a '\n' */
			if ((w - 0x0101010101010101ULL) & ~w &
			    0x8080808080808080ULL)
				break;		/* has a NUL */
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c == '\0') {
			/* anywhere, comments included: racoon reads C strings */
			if (nuls++ < 10)
				rn_err(p, (struct loc){ p->file, line,
				    (uint32_t)(i - line_start + 1) }, "racoon-nul",
				    "NUL byte in input");
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c == '\n') {
				line++;
				line_start = i + 1;
			}
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3;
		else
			need = 0;
		for (k = 1; need != 0 && k <= need; k++)
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				need = 0;
		/* overlong 3/4-byte forms, surrogates, > U+10FFFF */
		if (need == 2 && ((c == 0xe0 && s[i + 1] < 0xa0) ||
		    (c == 0xed && s[i + 1] >= 0xa0)))
			need = 0;
		if (need == 3 && ((c == 0xf0 && s[i + 1] < 0x90) ||
		    (c == 0xf4 && s[i + 1] >= 0x90)))
			need = 0;
		if (need == 0) {
			if (reported++ < 10)
				rn_err(p, (struct loc){ p->file, line,
				    (uint32_t)(i - line_start + 1) },
				    "racoon-encoding", "invalid UTF-8 byte 0x%02x",
				    c);
			i++;
			continue;
		}
		i += need + 1;
	}
}

struct racoon_file *
racoon_parse(const char *name, const char *buf, size_t len, struct arena *a,
    struct diag_sink *ds)
{
	struct racoon_file *f = arena_calloc(a, 1, sizeof(*f));
	struct rn_parser p;
	void *scanner;

	memset(&p, 0, sizeof(p));
	p.arena = a;
	p.ds = ds;
	p.file = diag_source(ds, name, buf, len);
	p.len = len;
	p.src = buf;
	p.line = 1;
	f->name = p.file;
	check_utf8(&p, (const unsigned char *)buf, len);

	if (rn_scan_begin(&p, &scanner) != 0) {
		rn_err(&p, (struct loc){ p.file, 0, 0 }, "racoon-syntax",
		    "cannot start the scanner");
		f->errors = p.errors;
		return f;
	}
	(void)rn_parse(scanner, &p);
	rn_lex_destroy(scanner);
	rn_parser_done(&p);
	f->stmts = p.top;
	f->errors = p.errors;
	return f;
}
