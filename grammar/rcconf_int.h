/*
 * Shared between the rc.conf scanner, parser and model builder; not part of
 * the public API (grammar/rcconf.h).
 */
#ifndef TG_RCCONF_INT_H
#define TG_RCCONF_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "grammar/rcconf.h"

/*
 * A shell word as the scanner assembled it.  Every word is laid out as an
 * assignment (name NULL for other words) so that keeping one costs no copy:
 * a.value is the text with quoting removed, a.name_loc where the word
 * starts.
 */
struct rcc_word {
	struct rcconf_assign	 a;
	size_t			 name_hash;	/* rcc_name_hash(a.name) */
	unsigned		 flags;
	struct rcc_word		*next;	/* the next assignment of a command */
};

#define RCC_W_QUOTED	0x01	/* quotes or backslashes were removed */
#define RCC_W_EXPAND	0x02	/* has $ or $(...) */
#define RCC_W_BACKQUOTE	0x04	/* has `...` */
#define RCC_W_TILDE	0x08	/* assignment value with an unquoted ~ */
#define RCC_W_DOLLAR	0x10	/* starts with $NAME= (a $name="..." line) */

/* What a command turned out to be, decided when its list is complete. */
enum rcc_cmd_kind {
	RCC_CMD_ASSIGN,		/* only assignments: kept */
	RCC_CMD_SIMPLE,		/* a command */
	RCC_CMD_REDIR,		/* assignments with a redirection */
	RCC_CMD_IF,
	RCC_CMD_CASE,
	RCC_CMD_LOOP,
	RCC_CMD_GROUP,
	RCC_CMD_SUBSHELL,
	RCC_CMD_FUNCTION,
	RCC_CMD_PIPELINE,
	RCC_CMD_ANDOR,
	RCC_CMD_NOT,
};

struct rcc_cmd {
	enum rcc_cmd_kind	 kind;
	struct loc		 loc;
	const struct rcc_word	*word;	/* command name, loop keyword... */
	struct rcc_word		*first, *last;	/* assignments, in order */
	struct rcc_cmd		*next_free;
};

/* The parser's state: the file being built and where we are in it. */
struct rcc_state {
	struct arena		*arena;
	struct diag_sink	*ds;
	struct rcconf_file	*file;
	struct rcc_cmd		*free_cmds;
	/*
	 * The name index, built as assignments are kept (while they are
	 * still in the cache): first and last assignment of each name.
	 */
	struct rcc_slot {
		struct rcconf_assign	*first, *last;
		size_t			 hash;
	}			*slots;
	size_t			 nslots, slots_size;
	/* Kept assignments in file order, copied to the arena at the end. */
	struct rcconf_assign	**vec;
	size_t			 nvec, capvec;
	/* > 0 inside if/case/loop bodies: assignments are conditional. */
	int			 cond_depth;
	/* > 0 inside function bodies and subshells: nothing is kept. */
	int			 discard_depth;
	/* > 0 inside any compound command: already reported. */
	int			 nest_depth;
	uint32_t		 cond_group, ngroups;
};

/* Scope markers pushed by the grammar; see rcc_enter(). */
enum rcc_scope {
	RCC_SCOPE_PLAIN,	/* { } */
	RCC_SCOPE_COND,		/* if, case, loops */
	RCC_SCOPE_DISCARD,	/* ( ), function bodies */
};

/* The hash of names, for the scanner's table and the name index. */
size_t	 rcc_name_hash(const char *, size_t);

/* The scanner (rcconf_scan.l). */
int	 rcc_scan_open(void **scanner, struct rcc_state *, const char *file,
	    const char *buf, size_t len);
void	 rcc_scan_close(void *scanner);

/* The parser (rcconf_parse.y). */
int	 rcc_parse(void *scanner, struct rcc_state *);

/* Actions (rcconf_model.c). */
struct rcc_cmd *rcc_cmd_new(struct rcc_state *, enum rcc_cmd_kind,
	    struct loc, const struct rcc_word *);
struct rcc_cmd *rcc_cmd_assign(struct rcc_state *, struct rcc_cmd *,
	    struct rcc_word *);
struct rcc_cmd *rcc_cmd_word(struct rcc_state *, struct rcc_cmd *,
	    struct rcc_word *);
struct rcc_cmd *rcc_cmd_redir(struct rcc_state *, struct rcc_cmd *,
	    struct loc);
struct rcc_cmd *rcc_cmd_wrap(struct rcc_state *, enum rcc_cmd_kind,
	    struct rcc_cmd *);
void	 rcc_commit(struct rcc_state *, struct rcc_cmd *, bool background);
int	 rcc_enter(struct rcc_state *, enum rcc_scope);
void	 rcc_leave(struct rcc_state *, int scope);
void	 rcc_syntax_error(struct rcc_state *, struct loc, const char *);

#endif
