/*
 * Grammar of rc.conf files: the POSIX sh command language, reduced to what
 * is needed to find every assignment and to skip everything else whole.
 * Actions only build commands and hand complete ones to rcc_commit()
 * (rcconf_model.c), which decides what is kept and what is reported: a
 * command is known to be a plain assignment only once its list is complete
 * (`test -f x && y=1` must not keep y).
 */
%code top {
#include "config.h"
}

%code requires {
#include <stdbool.h>
#include <stddef.h>

#include "model/loc.h"

struct rcc_word;
struct rcc_cmd;
struct rcc_state;
}

%code {
#include "grammar/rcconf_int.h"

int	rcc_lex(RCC_STYPE *, RCC_LTYPE *, void *);
static void rcc_error(RCC_LTYPE *, void *, struct rcc_state *, const char *);

#define YYLLOC_DEFAULT(Cur, Rhs, N) do {				\
	(Cur) = (N) ? YYRHSLOC(Rhs, 1) : YYRHSLOC(Rhs, 0);		\
} while (0)
}

%define api.prefix {rcc_}
%define api.pure full
%define api.location.type {struct loc}
%define parse.error verbose
/* Detect errors in the state that can recover (seq), not after it. */
%define lr.type canonical-lr
%define lr.default-reduction consistent
%locations
%expect 0
%param {void *scanner}
%parse-param {struct rcc_state *st}

%union {
	struct rcc_word	*w;
	struct rcc_cmd	*c;
	int		 scope;
	bool		 amp;
}

%token END 0 "end of file"
%token NEWLINE "newline"
%token SEMI ";" DSEMI ";;" AMP "&" AND_IF "&&" OR_IF "||" PIPE "|"
%token LPAREN "(" RPAREN ")" REDIR "redirection"
%token <w> WORD "word" ASSIGN "assignment"
%token IF "if" THEN "then" ELSE "else" ELIF "elif" FI "fi"
%token CASE "case" ESAC "esac" IN "in"
%token FOR "for" WHILE "while" UNTIL "until" DO "do" DONE "done"
%token LBRACE "{" RBRACE "}" BANG "!"

%type <c> and_or command compound prefix funcdef
%type <c> if_clause case_clause for_clause while_clause brace subshell

%type <amp> sep
%type <scope> cond discard plain

/* A scope popped by error recovery must still be left. */
%destructor { rcc_leave(st, $$); } <scope>

%%

/* The scanner ends every file with a newline: no list needs to end open. */
program		: seq
		;

/* A list may end without a separator before ) ;; fi done esac } etc. */
list		: seq
		| seq and_or			{ rcc_commit(st, $2, false); }
		;

seq		: %empty
		| seq NEWLINE
		| seq and_or sep		{ rcc_commit(st, $2, $3); }
		| seq error NEWLINE		{ yyerrok; }
		;

sep		: ";"				{ $$ = false; }
		| "&"				{ $$ = true; }
		| NEWLINE			{ $$ = false; }
		;

linebreak	: %empty
		| linebreak NEWLINE
		;

/*
 * Pipelines and && || lists in one rule: nothing here is evaluated, a list
 * of more than one command is only reported, and fewer unit reductions
 * keep the common case (one assignment a line) cheap.
 */
and_or		: command
		| "!" command		{ $$ = rcc_cmd_wrap(st, RCC_CMD_NOT, $2); }
		| and_or "|" linebreak command
			{ $$ = rcc_cmd_wrap(st, RCC_CMD_PIPELINE, $1); }
		| and_or "|" linebreak "!" command
			{ $$ = rcc_cmd_wrap(st, RCC_CMD_PIPELINE, $1); }
		| and_or "&&" linebreak command
			{ $$ = rcc_cmd_wrap(st, RCC_CMD_ANDOR, $1); }
		| and_or "&&" linebreak "!" command
			{ $$ = rcc_cmd_wrap(st, RCC_CMD_ANDOR, $1); }
		| and_or "||" linebreak command
			{ $$ = rcc_cmd_wrap(st, RCC_CMD_ANDOR, $1); }
		| and_or "||" linebreak "!" command
			{ $$ = rcc_cmd_wrap(st, RCC_CMD_ANDOR, $1); }
		;

command		: prefix
		| prefix WORD suffix		{ $$ = rcc_cmd_word(st, $1, $2); }
		| WORD suffix			{ $$ = rcc_cmd_word(st, NULL, $1); }
		| compound
		| compound redirs
		| funcdef
		;

compound	: brace
		| subshell
		| if_clause
		| case_clause
		| for_clause
		| while_clause
		;

prefix		: ASSIGN			{ $$ = rcc_cmd_assign(st, NULL, $1); }
		| redirect			{ $$ = rcc_cmd_redir(st, NULL, @1); }
		| prefix ASSIGN			{ $$ = rcc_cmd_assign(st, $1, $2); }
		| prefix redirect		{ $$ = rcc_cmd_redir(st, $1, @2); }
		;

suffix		: %empty
		| suffix WORD
		| suffix redirect
		;

redirect	: REDIR WORD
		;

redirs		: redirect
		| redirs redirect
		;

/* Scopes: entered after the keyword, left when the construct ends. */
cond		: %empty		{ $$ = rcc_enter(st, RCC_SCOPE_COND); }
		;
discard		: %empty		{ $$ = rcc_enter(st, RCC_SCOPE_DISCARD); }
		;
plain		: %empty		{ $$ = rcc_enter(st, RCC_SCOPE_PLAIN); }
		;

brace		: "{" plain list "}"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_GROUP, @1, NULL);
			}
		;

subshell	: "(" discard list ")"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_SUBSHELL, @1, NULL);
			}
		;

funcdef		: WORD "(" ")" discard linebreak compound
			{
				rcc_leave(st, $4);
				$$ = rcc_cmd_new(st, RCC_CMD_FUNCTION, @1, $1);
			}
		;

if_clause	: "if" cond list "then" list else_part "fi"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_IF, @1, NULL);
			}
		;

else_part	: %empty
		| "else" list
		| "elif" list "then" list else_part
		;

while_clause	: "while" cond list "do" list "done"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_LOOP, @1, NULL);
			}
		| "until" cond list "do" list "done"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_LOOP, @1, NULL);
			}
		;

for_clause	: "for" cond WORD linebreak "do" list "done"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_LOOP, @1, NULL);
			}
		| "for" cond WORD ";" linebreak "do" list "done"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_LOOP, @1, NULL);
			}
		| "for" cond WORD linebreak "in" words for_sep linebreak
		  "do" list "done"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_LOOP, @1, NULL);
			}
		;

words		: %empty
		| words WORD
		;

for_sep		: ";"
		| NEWLINE
		;

case_clause	: "case" cond WORD linebreak "in" linebreak case_body "esac"
			{
				rcc_leave(st, $2);
				$$ = rcc_cmd_new(st, RCC_CMD_CASE, @1, NULL);
			}
		;

case_body	: %empty
		| case_items
		| case_items case_last
		| case_last
		;

case_items	: case_item
		| case_items case_item
		;

case_item	: pattern ")" list ";;" linebreak
		;

case_last	: pattern ")" list
		;

pattern		: pword
		| "(" pword
		| pattern "|" pword
		;

pword		: WORD
		| ASSIGN
		;

%%

static void
rcc_error(RCC_LTYPE *loc, void *scanner, struct rcc_state *st,
    const char *msg)
{
	(void)scanner;
	rcc_syntax_error(st, *loc, msg);
}
