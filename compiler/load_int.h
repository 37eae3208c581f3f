/*
 * Inside the YAML loader.  load_events.c turns libyaml's event stream into a
 * compact node tree (one pool, no per-event malloc; aliases point at their
 * anchor's node, so expansion costs nothing until the schema walk, and is
 * bounded up front), handing each host and tunnel to the schema as soon as
 * it is complete so that its nodes can be reused.  load_map.c gives the
 * schema each mapping's keys after `<<` merges, with duplicates reported.
 * load_schema.c walks the top level, hosts and tunnels into a struct
 * topology, with load_values.c (values on their own), load_ipsec.c (the
 * ipsec mapping and its merge) and load_psk.c (pre-shared keys).
 */
#ifndef TG_LOAD_INT_H
#define TG_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pthread.h>
#include <yaml.h>

#include "model/diag.h"
#include "model/loc.h"
#include "model/topology.h"

struct arena;

enum ykind {
	Y_SCALAR,
	Y_MAP,
	Y_SEQ,
	Y_ALIAS,
	Y_BAD,		/* an undefined alias, already reported */
};

struct ypair;

/*
 * 24 bytes: a big topology has millions.  Scalars point into the input when
 * their text is there verbatim (they are not NUL-terminated: use n).
 */
struct ynode {
	uint32_t	 line;		/* 1-based */
	uint16_t	 col;		/* 1-based, in bytes; saturates */
	uint8_t		 kind;
	bool		 plain;		/* scalar written without quotes */
	uint32_t	 n;		/* scalar bytes, pairs, or items */
	uint32_t	 size;		/* nodes when expanded; saturates */
	union {
		const char	*s;
		struct ypair	*pairs;
		struct ynode	**items;
		struct ynode	*target;
	} u;
};

struct ypair {
	struct ynode	*k, *v;
};

struct ypool;

struct ytree {
	struct ypool	*pool;		/* the nodes; freed after loading */
	struct ynode	*root;		/* NULL: no document */
	uint64_t	 distinct;	/* nodes written in the file */
	uint64_t	 expanded;	/* nodes with every alias expanded */
	bool		 ok;		/* no syntax error: root is complete */
};

/* Alias expansion bound: max(100000, 10 x distinct nodes). */
#define Y_EXPAND_FLOOR	100000
#define Y_EXPAND_FACTOR	10

/*
 * Streaming: a topology's big sections are consumed entry by entry while
 * the parse goes on, so that their nodes can be reused.  `section` is
 * called when a top-level value is complete, `entry` when a key/value pair
 * of a top-level mapping is; an entry it returns true for is dropped from
 * the tree (and its memory reused when it defined no anchor).  Hooks run
 * only while alias expansion so far is within the bound; once it is not,
 * they are not called again and everything is left in the tree.
 */
struct yhook {
	void	*arg;
	void	(*section)(void *, struct ynode *key, struct ynode *value);
	bool	(*entry)(void *, struct ynode *section, struct ynode *key,
		    struct ynode *value);
	/* How far the parse has read, now and then; NULL: not wanted. */
	void	*progress_arg;
	void	(*progress)(void *, size_t offset);
};

/*
 * The topology's text (load_text.c): a regular file is mapped and the
 * pages behind the parse are dropped as it goes (text_progress, called
 * with how far the parse has read); anything else is read into memory.
 */
struct stat;
struct text {
	const char	*buf;
	size_t		 len;
	char		*owned;		/* read, not mapped */
	bool		 mapped;
	size_t		 page, dropped;
};

bool		 text_open(struct text *, int fd, const char *path,
		    const struct stat *, int *err);
void		 text_progress(void *text, size_t offset);
/* The read text, now the caller's to free (NULL when mapped). */
char		*text_take(struct text *);
void		 text_close(struct text *);

/*
 * libyaml's events, parsed ahead on a second thread (load_stream.c).
 * ystream_next() gives the next event as the builder needs it (valid until
 * the next call) and how far the parser had read (at least past this
 * event), or false on a parse error; then, after ystream_stop(), q->parser
 * says what went wrong.
 */
struct yev {
	yaml_event_type_t type;
	bool		 plain;		/* a scalar written without quotes */
	/*
	 * The scalar's bytes are the input's own (value points into it and
	 * lives as long as it), not a copy of them with escapes resolved.
	 */
	bool		 in_text;
	yaml_mark_t	 start;
	const char	*value;		/* a scalar's len bytes, not terminated */
	size_t		 len;
	const char	*anchor;	/* anchor or alias name, or NULL */
};

/*
 * The parser thread writes each event into a batch as a compact record
 * (a few bytes: deltas of its marks, and the text only of a scalar that is
 * not the input's own) and frees it at once, as a plain parse loop would.
 * What crosses to the other core is these records, not libyaml's 100-byte
 * events and their strings: moving cache lines between cores is what a
 * hand-off costs.  A batch grows for a record bigger than it.
 */
#ifndef YSTREAM_BATCH_BYTES
#define YSTREAM_BATCH_BYTES	(16u << 10)
#endif
#ifndef YSTREAM_BATCHES
#define YSTREAM_BATCHES		32
#endif
/*
 * A waiting reader is woken when this many batches are ready: the parser
 * is the slower side, and each wake costs it a system call.
 */
#ifndef YSTREAM_WAKE
#define YSTREAM_WAKE		16
#endif
/*
 * Smaller texts are parsed in place: a thread would cost more than it saves
 * (ystream_thread_min: the split's fuzzer lowers it).
 */
#define YSTREAM_THREAD_MIN	(64u << 10)
extern size_t ystream_thread_min;
/*
 * Texts from this size on are parsed in two parts at once, when a place to
 * cut them is found (ystream_split_min: tests lower it).
 */
#define YSTREAM_SPLIT_MIN	(2u << 20)
extern size_t ystream_split_min;
/* How the last split went, for tests (set before ystream_stop returns). */
enum ysplit_outcome {
	YSPLIT_NONE,		/* not tried: small text, or no place to cut */
	YSPLIT_STITCHED,	/* two parts, stitched */
	YSPLIT_WHOLE,		/* the cut was no good: one part read it all */
	YSPLIT_TAKEN_OVER,	/* a single parser took over */
};
extern enum ysplit_outcome ystream_split_outcome;

/* Where a part of the text begins: its marks count from there. */
struct ybase {
	size_t		 bytes, chars, lines;
};

struct ypiece {
	const char	*text;
	size_t		 len;
	struct ybase	 base;
};

/* The marks of the last record, which the next one is a delta of. */
struct yrecpos {
	size_t		 index, line;
};

struct ybatch {
	unsigned char	*rec;
	size_t		 used, cap;
	size_t		 nrec;		/* records */
	uint64_t	 sum;		/* their check sum (load_stream.c) */
	struct ybase	 base;		/* of the part they come from */
	struct yrecpos	 wpos;		/* the writer's */
	size_t		 end_off;	/* how far its parser had read */
	bool		 borrowed;	/* rec lies in a block, not its own */
	bool		 error;		/* the parse failed after the last record */
	bool		 ended;		/* the last record is the stream's end */
};

enum yb_state {
	YB_PRESCAN,		/* looking the cut over before parsing */
	YB_RUNNING,
	YB_ABANDONED,		/* the cut is no good: the first part reads on */
	YB_FAILED,		/* a single parser must take over */
	YB_DONE,
};

struct ybnode;
struct ybblock;

/* A text parsed in two parts (load_stream.c). */
struct ysplit {
	bool		 on;
	size_t		 cut;		/* where the second part begins */
	size_t		 fence;		/* the first part's records from here
					   on wait for its end */
	size_t		 indent;	/* of the mapping the cut is in */
	yaml_parser_t	 a_parser;
	size_t		 a_pos;		/* of its input */
	bool		 settled;	/* whether the split stands is known */
	bool		 whole;		/* the first part reads the whole text */
	pthread_t	 b_th;
	yaml_parser_t	 b_parser;
	struct ypiece	 b_piece;
	struct ybblock	*b_blk;		/* B's thread's: batches come from it */
	bool		 b_root_closed;	/* B's thread's */
	/* Under the stream's mu: */
	enum yb_state	 b_state;
	struct ybnode	*b_first, **b_last;	/* its batches, waiting */
	bool		 b_drop;	/* they are not wanted any more */
};

struct ystream {
	/* The whole text's parser: the caller reads a parse error off it. */
	yaml_parser_t	 parser;
	const char	*text;
	size_t		 len;
	struct ybatch	*batch;
	bool		 threaded;
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv_full, cv_free, cv_split;
	unsigned	 head, tail, nfull;	/* under mu */
	bool		 cancel;		/* under mu */
	bool		 reader_waits;		/* under mu */
	/* The parser thread's: records handed on so far, and their sum. */
	size_t		 handed;
	uint64_t	 handed_sum;
	struct ysplit	 sp;
	/* The caller's: its batch and place in it, or the event in place. */
	struct ybatch	*cur;
	size_t		 pos;
	struct yrecpos	 rpos;
	yaml_event_t	 inl;
	bool		 have_inl;
};

/*
 * A likely place to cut a text in two (near its middle, a line starting
 * another entry of a block mapping) and the entry line before it.
 */
bool		 ysplit_find(const char *text, size_t len, size_t *cut,
		    size_t *fence, size_t *indent);

/* False when libyaml cannot start (out of memory). */
bool		 ystream_start(struct ystream *, const char *buf, size_t len);
bool		 ystream_next(struct ystream *, struct yev *, size_t *offset);
/* End the parser thread and free the events; the parser stays. */
void		 ystream_stop(struct ystream *);
void		 ystream_free(struct ystream *);

/*
 * Build the tree of the first document.  Syntax errors, a second document,
 * undefined aliases and runaway alias expansion are reported here.
 */
void		 ytree_build(struct ytree *, const char *file, const char *buf,
		    size_t len, struct diag_sink *, const struct yhook *);
void		 ytree_free(struct ytree *);
/* Scratch memory that lives as long as the tree (8-byte aligned). */
void		*ytree_alloc(struct ytree *, size_t);

static inline struct ynode *
ynode_deref(struct ynode *n)
{
	return n != NULL && n->kind == Y_ALIAS ? n->u.target : n;
}

/* The walk's state, shared by the schema, map and psk code. */
struct lctx {
	struct diag_sink *ds;
	const char	*file;		/* interned */
	const char	*dir;		/* for psk files */
	struct arena	*a;		/* the model's arena */
	struct ytree	*tree;		/* scratch that lives as long as it */
	size_t		 silent;	/* errors counted but not reported */
	size_t		 soft;		/* errors that leave their object usable */
	size_t		 suggest_budget;	/* did-you-mean work left */
	bool		 literal_psk;
	/* The last key resolved from each source: one key often serves many. */
	struct psk	 last_env, last_file;
	char		 show[4][96];	/* yshow()'s buffers */
	unsigned	 nshow;
};

static inline struct loc
yloc(const struct lctx *c, const struct ynode *n)
{
	struct loc l = { c->file, n->line, n->col };

	return l;
}

/* The same place as the model keeps it (the file is the topology's). */
static inline struct tloc
ytloc(const struct ynode *n)
{
	struct tloc l = { n->line, n->col };

	return l;
}

/* A place the model keeps, for a diagnostic. */
static inline struct loc
lloc(const struct lctx *c, struct tloc l)
{
	return tloc_at(c->file, l);
}

/*
 * Errors so far, reported or silent: a change means "this object is bad".
 * A warning made an error by --strict does not make an object bad, nor
 * does a key that cannot be read: the relation checks must still see the
 * tunnel (and report their own findings).
 */
static inline size_t
lctx_errors(const struct lctx *c)
{
	return diag_hard_errors(c->ds) + c->silent - c->soft;
}

/*
 * The keys of a mapping with `<<` merges applied (explicit keys win, then
 * merged mappings in order), non-scalar and duplicate keys reported and
 * left out.  `what` names the mapping in messages ("host 'hq'").  The array
 * lives in the tree's pool.
 */
size_t		 ymap_pairs(struct lctx *, struct ytree *, struct ynode *map,
		    const char *what, struct ypair **out);

const char	*ykind_name(const struct ynode *);
/*
 * a + b + c into buf, cut to fit: message contexts are built for every
 * entry, and snprintf would cost more than the rest of a small entry.
 */
void		 join3(char *buf, size_t size, const char *a, const char *b,
		    const char *c);
/* A scalar's text fit for a message: cut short, control bytes as '?'. */
const char	*yshow(struct lctx *, const struct ynode *);
bool		 yscalar_is(const struct ynode *, const char *);

/* Closest candidate within edit distance 2, or NULL. */
const char	*suggest(const char *s, size_t n, const char *const *cands,
		    size_t ncands);
unsigned	 edit_distance(const char *a, size_t na, const char *b,
		    size_t nb, unsigned max);

/*
 * Resolve a psk node (`{env: X}`, `{file: P}` or a literal) into *p and
 * check the key.  Returns false after reporting.
 */
bool		 psk_load(struct lctx *, struct ytree *, struct ynode *,
		    const char *what, struct psk *p);

/* Schema key tables: a handler's index is its key's position. */
#define KEYS_MAX	8
#define NKEYS(a)	(sizeof(a) / sizeof((a)[0]))

/* Values read on their own (load_values.c); each reports what is wrong. */
void		 lv_name_ctx(char *buf, size_t len, const char *kind,
		    struct lctx *, const struct ynode *name);
/*
 * Split a mapping into the values of the keys in names[] (NULL when not
 * given); unknown keys are reported with a did-you-mean.
 */
void		 lv_collect(struct lctx *, struct ynode *map, const char *what,
		    const char *const *names, size_t nnames,
		    struct ynode **keys, struct ynode **vals);
bool		 lv_want(struct lctx *, struct ynode *, enum ykind,
		    const char *what);
/* An empty plain value (YAML's null) where a collection is expected. */
bool		 lv_is_empty(const struct ynode *);
bool		 lv_check_name(struct lctx *, struct ynode *key,
		    const char *kind);
bool		 lv_parse_uint(const struct ynode *, long *);
bool		 lv_ranged(struct lctx *, struct ynode *, const char *what,
		    long lo, long hi, int *out);
/* The index of the value in names[], or -1 after a [bad-value]. */
int		 lv_enum(struct lctx *, struct ynode *, const char *what,
		    const char *const *names, size_t n);
void		 lv_clear_host_bits(struct prefix *);
bool		 lv_network(struct lctx *, struct ynode *, const char *what,
		    struct prefix *);
bool		 lv_prefix_list(struct lctx *, struct ynode *, const char *what,
		    const char *item, struct prefix **, struct tloc **,
		    size_t *);
bool		 lv_path(struct lctx *, struct ynode *, const char *what,
		    const char **out);

/* Which ipsec values were given (merging works bit by bit). */
enum {
	IB_PROTO = 1 << 0, IB_LEVEL = 1 << 1, IB_NATT = 1 << 2,
	IB_PSK = 1 << 3,
	IB_P1MODE = 1 << 4, IB_P1ENC = 1 << 5, IB_P1HASH = 1 << 6,
	IB_P1DH = 1 << 7, IB_P1LIFE = 1 << 8,
	IB_P2ENC = 1 << 9, IB_P2AUTH = 1 << 10, IB_P2PFS = 1 << 11,
	IB_P2LIFE = 1 << 12,
};

struct ipsec_in {
	struct ipsec	 v;		/* v.pol unset: see below */
	struct ipsec_policy pol;
	unsigned	 set;		/* given */
	unsigned	 bad;		/* given, but wrong */
};

/*
 * Read an `ipsec` value (key: its key, for the loc); `owner` names the
 * tunnel or "defaults" in messages.
 */
void		 ipsec_load(struct lctx *, struct ynode *key, struct ynode *v,
		    const char *owner, struct ipsec_in *);
/* Take from defaults what the tunnel does not give; false: a bad one. */
bool		 ipsec_merge(struct ipsec_in *, const struct ipsec_in *dflt);
/* The schema's defaults for whatever is still not given. */
void		 ipsec_fill_defaults(struct ipsec_in *);

/*
 * The schema walk: schema_new() before the parse (its hooks stream hosts
 * and tunnels), schema_finish() after it for whatever is left in the tree.
 */
struct schema;

struct schema	*schema_new(struct lctx *, struct ytree *, struct topology *,
		    struct yhook *);
bool		 schema_finish(struct schema *);
void		 schema_free(struct schema *);

#endif
