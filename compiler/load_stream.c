/*
 * libyaml's event stream, parsed on other threads.  Parsing is most of a
 * load's time and building the tree is the rest, and neither needs the
 * other's state: the parser runs ahead while the caller builds.
 *
 * The parser thread fills a ring of batches with compact records and frees
 * each event as soon as it is written, so its memory stays hot in that
 * thread as in a plain parse loop.  A small text, or no thread to be had,
 * is parsed in place by the caller.
 *
 * A big text is parsed in two halves at once (see "Split" below): the
 * second half from a line that starts another entry of a block mapping,
 * as the root of a document of its own, by a second parser thread.  The
 * records of both are stitched into the one stream a single parser would
 * have given; whenever that cannot be made certain, a single parser takes
 * over from the last record handed on, so the caller always sees that
 * stream, errors included.
 *
 * A record: a byte of type and flags, then unsigned LEB128 numbers (deltas
 * zigzag-coded, from the record before in its batch): start index, start
 * line, start column; a scalar's length and, unless its bytes are the
 * input's own, the bytes; an anchor's length, bytes and NUL.  How far the
 * parser had read is given once per batch, as of its last record.  A batch
 * also says where its part of the text begins, so that the second half's
 * marks count from the top of the text.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/load_int.h"
#include "model/arena.h"

#define REC_TYPE	0x0f
#define REC_PLAIN	0x10
#define REC_IN_TEXT	0x20
#define REC_ANCHOR	0x40

/* The most a record takes besides its scalar and anchor bytes. */
#define REC_FIXED	(1 + 5 * 10)

size_t ystream_thread_min = YSTREAM_THREAD_MIN;
size_t ystream_split_min = YSTREAM_SPLIT_MIN;
enum ysplit_outcome ystream_split_outcome;

/* ---- records ------------------------------------------------------ */

/* A signed delta as an unsigned number, small either way. */
static uint64_t
zigzag(size_t now, size_t before)
{
	uint64_t d = (uint64_t)now - (uint64_t)before;

	return d << 1 ^ (0 - (d >> 63));
}

static size_t
unzigzag(size_t before, uint64_t z)
{
	return (size_t)((uint64_t)before + (z >> 1 ^ (0 - (z & 1))));
}

static unsigned char *
put_num(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static const unsigned char *
get_num(const unsigned char *p, uint64_t *v)
{
	uint64_t r = 0;
	unsigned shift = 0;

	if (*p < 0x80) {	/* most are */
		*v = *p;
		return p + 1;
	}
	while (*p & 0x80) {
		r |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = r | (uint64_t)*p++ << shift;
	return p;
}

/* What the builder reads of an event; its marks count in `text`. */
static void
event_view(const char *text, size_t len, const yaml_event_t *e,
    struct yev *v)
{
	size_t at;

	v->type = e->type;
	v->plain = v->in_text = false;
	v->start = e->start_mark;
	v->value = NULL;
	v->len = 0;
	v->anchor = NULL;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		v->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		v->value = (const char *)e->data.scalar.value;
		v->len = e->data.scalar.length;
		v->anchor = (const char *)e->data.scalar.anchor;
		/*
		 * Most values are written as they are: then the input's own
		 * bytes serve, and nothing is copied.  (The index counts
		 * characters; past non-ASCII it misses, which costs a copy.)
		 */
		at = e->start_mark.index + !v->plain;
		if (at <= len && v->len <= len - at &&
		    memcmp(text + at, v->value, v->len) == 0) {
			v->value = text + at;
			v->in_text = true;
		}
		break;
	case YAML_ALIAS_EVENT:
		v->anchor = (const char *)e->data.alias.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		v->anchor = (const char *)e->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_START_EVENT:
		v->anchor = (const char *)e->data.mapping_start.anchor;
		break;
	default:
		break;
	}
}

/* An empty batch of the given part of the text. */
static void
batch_reset(struct ybatch *bt, const struct ypiece *pc)
{
	if (bt->rec == NULL) {
		bt->rec = xmalloc(YSTREAM_BATCH_BYTES);
		bt->cap = YSTREAM_BATCH_BYTES;
	}
	bt->used = bt->nrec = 0;
	bt->sum = 0;
	bt->error = bt->ended = false;
	bt->base = pc->base;
	bt->wpos.index = bt->wpos.line = 0;
	bt->end_off = 0;
}

/*
 * What a record adds to the check sum of the records handed on: a single
 * parser that takes over must have made the same events up to there.
 * The ends of collections and documents count by their type only: where
 * the first part's input stops, they are placed at its end, not before
 * the next key (the builder reads no place off them).
 */
static uint64_t
rec_mix(const yaml_event_t *e, const struct ypiece *pc)
{
	uint64_t h = (uint64_t)e->type * 0x9e3779b97f4a7c15ULL;

	switch (e->type) {
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		break;
	default:
		h ^= (uint64_t)(e->start_mark.index + pc->base.chars) *
		    0xc2b2ae3d27d4eb4fULL;
		h ^= (uint64_t)(e->end_mark.index + pc->base.chars) *
		    0x165667b19e3779f9ULL;
		break;
	}
	return h ^ h >> 29;
}

/* Write an event into bt; false when it does not fit. */
static bool
put_record(struct ybatch *bt, const struct ypiece *pc, const yaml_event_t *e)
{
	struct yev v;
	size_t alen, bytes, need;
	unsigned char *p;

	event_view(pc->text, pc->len, e, &v);
	alen = v.anchor != NULL ? strlen(v.anchor) : 0;
	bytes = v.in_text ? 0 : v.len;
	need = REC_FIXED + bytes + alen + 1;
	if (need > bt->cap - bt->used) {
		if (bt->used > 0)
			return false;
		/* One record bigger than a batch: this batch grows. */
		bt->rec = bt->borrowed ? xmalloc(need) : xrealloc(bt->rec, need);
		bt->borrowed = false;
		bt->cap = need;
	}
	p = bt->rec + bt->used;
	*p++ = (unsigned char)((unsigned)v.type & REC_TYPE) |
	    (v.plain ? REC_PLAIN : 0) | (v.in_text ? REC_IN_TEXT : 0) |
	    (v.anchor != NULL ? REC_ANCHOR : 0);
	p = put_num(p, zigzag(v.start.index, bt->wpos.index));
	p = put_num(p, zigzag(v.start.line, bt->wpos.line));
	p = put_num(p, v.start.column);
	bt->wpos.index = v.start.index;
	bt->wpos.line = v.start.line;
	if (v.type == YAML_SCALAR_EVENT) {
		p = put_num(p, v.len);
		if (bytes > 0) {
			memcpy(p, v.value, bytes);
			p += bytes;
		}
	}
	if (v.anchor != NULL) {
		p = put_num(p, alen);
		memcpy(p, v.anchor, alen + 1);
		p += alen + 1;
	}
	bt->used = (size_t)(p - bt->rec);
	bt->nrec++;
	bt->sum += rec_mix(e, pc);
	if (e->type == YAML_STREAM_END_EVENT)
		bt->ended = true;
	return true;
}

/* ---- the ring ----------------------------------------------------- */

/* The next free batch of the ring, or NULL when the caller stopped. */
static struct ybatch *
ring_take(struct ystream *q)
{
	struct ybatch *bt;

	pthread_mutex_lock(&q->mu);
	while (q->nfull == YSTREAM_BATCHES && !q->cancel)
		pthread_cond_wait(&q->cv_free, &q->mu);
	bt = q->cancel ? NULL : &q->batch[q->tail];
	pthread_mutex_unlock(&q->mu);
	return bt;
}

/* Is the last batch handed over the last there will be?  (Under mu.) */
static bool
parser_done(const struct ystream *q)
{
	const struct ybatch *last =
	    &q->batch[(q->tail + YSTREAM_BATCHES - 1) % YSTREAM_BATCHES];

	return q->nfull > 0 && (last->ended || last->error);
}

/* Hand the batch ring_take() gave over to the caller. */
static void
ring_put(struct ystream *q, struct ybatch *bt)
{
	q->handed += bt->nrec;
	q->handed_sum += bt->sum;
	pthread_mutex_lock(&q->mu);
	q->tail = (q->tail + 1) % YSTREAM_BATCHES;
	q->nfull++;
	/* Waking the reader costs a system call: it waits for a few. */
	if (q->reader_waits &&
	    (q->nfull >= YSTREAM_WAKE || parser_done(q)))
		pthread_cond_signal(&q->cv_full);
	pthread_mutex_unlock(&q->mu);
}

/* Hand over a copy of a batch made elsewhere (held, or the second part's). */
static bool
ring_copy_batch(struct ystream *q, const struct ybatch *from)
{
	struct ybatch *bt = ring_take(q);
	unsigned char *rec;
	size_t cap;

	if (bt == NULL)
		return false;
	if (bt->cap < from->used) {
		bt->rec = xrealloc(bt->rec, from->used);
		bt->cap = from->used;
	}
	rec = bt->rec;
	cap = bt->cap;
	*bt = *from;
	bt->rec = rec;
	bt->cap = cap;
	bt->borrowed = false;
	memcpy(bt->rec, from->rec, from->used);
	ring_put(q, bt);
	return true;
}

/*
 * Parse with q->parser into the ring until the stream ends, fails, or the
 * caller stops.  The event left over from a full batch starts the next.
 */
static void
parse_rest(struct ystream *q)
{
	struct ypiece whole = { q->text, q->len, { 0, 0, 0 } };
	yaml_event_t e;
	bool have = false;

	for (;;) {
		struct ybatch *bt = ring_take(q);

		if (bt == NULL)
			break;
		batch_reset(bt, &whole);
		if (have) {
			(void)put_record(bt, &whole, &e);
			yaml_event_delete(&e);
			have = false;
		}
		while (!bt->ended) {
			bt->end_off = q->parser.offset;
			if (!yaml_parser_parse(&q->parser, &e)) {
				bt->error = true;
				break;
			}
			if (!put_record(bt, &whole, &e)) {
				have = true;	/* the next batch's first */
				break;
			}
			yaml_event_delete(&e);
		}
		if (!have)
			bt->end_off = q->parser.offset;
		ring_put(q, bt);
		if (bt->error || bt->ended)
			break;
	}
	if (have)
		yaml_event_delete(&e);
}

/* ---- split -------------------------------------------------------- */

/*
 * Where a text can be cut in two: a line at `indent` spaces that begins a
 * plain key (what another entry of a block mapping looks like), near the
 * middle, and the line of the entry before it at the same indentation.
 * Whether they really are entries of one mapping is for the parsers to
 * confirm; this only picks likely places.
 */
static bool
plain_key_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* The indentation of the line at i if it starts a plain key, else 0. */
static size_t
key_line(const char *text, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && text[i + n] == ' ')
		n++;
	if (n == 0 || i + n >= len ||
	    !plain_key_start((unsigned char)text[i + n]))
		return 0;
	return n;
}

/*
 * Where the last top-level section begins: the line after the last line
 * break that is followed by something at column 0 other than a comment.
 * Eight bytes at a time: it is read from the end over half the text.
 */
static size_t
last_section(const char *text, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t nls = 0x0a0a0a0a0a0a0a0aULL;
	size_t i = len;

	while (i > 0) {
		size_t from = i >= 8 ? i - 8 : 0, k;

		if (i - from == 8) {
			uint64_t w, x;

			memcpy(&w, text + from, sizeof(w));
			x = w ^ nls;
			if (((x - ones) & ~x & 0x8080808080808080ULL) == 0) {
				i = from;
				continue;
			}
		}
		for (k = i; k > from; k--) {
			unsigned char c;

			if (text[k - 1] != '\n' || k >= len)
				continue;
			c = (unsigned char)text[k];
			if (c != ' ' && c != '\n' && c != '\r' && c != '#')
				return k;
		}
		i = from;
	}
	return 0;
}

bool
ysplit_find(const char *text, size_t len, size_t *cut, size_t *fence,
    size_t *indent)
{
	const char *nl;
	size_t from, i, j, tries, ind, best = 0, prev = SIZE_MAX;
	size_t sect = last_section(text, len);

	/* The cut goes into the last section: nothing after it ends it. */
	if (sect > len - len / 8)
		return false;
	from = sect > len / 2 ? sect : len / 2;
	/*
	 * The indentation of the section's entries: the least of the key
	 * lines among the next 256 (not the keys inside each entry).
	 */
	for (tries = 0, i = from; tries < 256; tries++) {
		if ((nl = memchr(text + i, '\n', len - i)) == NULL)
			break;
		i = (size_t)(nl - text) + 1;
		if ((ind = key_line(text, len, i)) != 0 &&
		    (best == 0 || ind < best))
			best = ind;
	}
	if (best == 0)
		return false;
	/* An entry line before `from`, within the section: the fence. */
	for (tries = 0, j = from; tries < 4096 && j > sect; tries++) {
		size_t k = j - 1;

		while (k > 0 && text[k - 1] != '\n')
			k--;
		if (k > sect && key_line(text, len, k) == best) {
			prev = k;
			break;
		}
		j = k;
	}
	/* The cut: the next entry line; the fence: the one before it. */
	for (tries = 0, i = from; tries < 4096; tries++) {
		if ((nl = memchr(text + i, '\n', len - i)) == NULL)
			return false;
		i = (size_t)(nl - text) + 1;
		if (key_line(text, len, i) != best)
			continue;
		if (prev != SIZE_MAX) {
			*cut = i;
			*fence = prev;
			*indent = best;
			return true;
		}
		prev = i;
	}
	return false;
}

/*
 * The first part's input: the text up to the cut, then the end of input,
 * unless the split is off (the second part gave up on its cut), and then
 * all of it: the first part is a single parse.  Which it is, is settled
 * at the first read that would cross the cut, so that a single parse gets
 * its input in the very pieces the whole text's parser would: libyaml's
 * reader checks characters a piece at a time, ahead of the parse.
 */
static int
read_first(void *data, unsigned char *buf, size_t size, size_t *got)
{
	struct ystream *q = data;
	struct ysplit *sp = &q->sp;
	size_t end;

	if (!sp->settled && size > sp->cut - sp->a_pos) {
		pthread_mutex_lock(&q->mu);
		while (sp->b_state == YB_PRESCAN && !q->cancel)
			pthread_cond_wait(&q->cv_split, &q->mu);
		sp->whole = sp->b_state == YB_ABANDONED;
		pthread_mutex_unlock(&q->mu);
		sp->settled = true;
	}
	end = sp->whole ? q->len : sp->cut;
	*got = end - sp->a_pos < size ? end - sp->a_pos : size;
	memcpy(buf, q->text + sp->a_pos, *got);
	sp->a_pos += *got;
	return 1;
}

/*
 * The second part's batches lie in blocks given back whole once every
 * batch in them was handed on: freed one by one, half the text's records
 * would stay in that thread's heap after the load, on top of the peak the
 * model makes next.
 */
#define YSTREAM_BLOCK	(1u << 20)

struct ybblock {
	atomic_size_t	 refs;		/* its batches not yet handed on, and
					   one while batches are cut from it */
	size_t		 used;
	unsigned char	 data[];
};

static void
block_release(struct ybblock *blk)
{
	if (atomic_fetch_sub(&blk->refs, 1) == 1)
		free(blk);
}

/* A batch of the second part, waiting to be handed on. */
struct ybnode {
	struct ybnode	*next;
	struct ybatch	 bt;
	struct ybblock	*blk;		/* where bt.rec lies, if borrowed */
};

static struct ybnode *
b_node(struct ysplit *sp, const struct ypiece *pc)
{
	struct ybnode *n = xcalloc(1, sizeof(*n));
	struct ybblock *blk = sp->b_blk;

	if (blk == NULL || YSTREAM_BLOCK - blk->used < YSTREAM_BATCH_BYTES) {
		if (blk != NULL)
			block_release(blk);
		blk = sp->b_blk = xmalloc(sizeof(*blk) + YSTREAM_BLOCK);
		atomic_init(&blk->refs, 1);
		blk->used = 0;
	}
	n->bt.rec = blk->data + blk->used;
	n->bt.cap = YSTREAM_BATCH_BYTES;
	n->bt.borrowed = true;
	blk->used += YSTREAM_BATCH_BYTES;
	atomic_fetch_add(&blk->refs, 1);
	n->blk = blk;
	batch_reset(&n->bt, pc);
	return n;
}

static void
b_node_free(struct ybnode *n)
{
	if (!n->bt.borrowed)
		free(n->bt.rec);
	block_release(n->blk);
	free(n);
}

/*
 * The length of the character at p if libyaml's reader takes it (UTF-8 in
 * its shortest form, of the characters YAML allows), else 0.  Stricter is
 * safe here: a character it rejects only keeps the text in one part.
 */
static size_t
yaml_char_len(const unsigned char *p, size_t n, uint32_t *value)
{
	unsigned c = p[0];
	size_t w, k;
	uint32_t v;

	*value = c;
	if (c < 0x80)
		return c == 0x09 || c == 0x0a || c == 0x0d ||
		    (c >= 0x20 && c <= 0x7e) ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf) {
		w = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		w = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		w = 4;
		v = c & 0x07;
	} else
		return 0;
	if (n < w)
		return 0;
	for (k = 1; k < w; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[k] & 0x3f);
	}
	if ((w == 3 && v < 0x800) || (w == 4 && v < 0x10000))
		return 0;
	*value = v;
	return v == 0x85 || (v >= 0xa0 && v <= 0xd7ff) ||
	    (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff) ?
	    w : 0;
}

/*
 * The second part first makes sure its cut is worth it and safe:
 *  - only ASCII before it: marks count characters, the records need bytes;
 *  - line breaks only of LF and CRLF;
 *  - nothing after it that libyaml's reader rejects: the reader decodes
 *    ahead of the parse, so a single parse stops short of such a character
 *    by up to a buffer's worth of events that the first part, whose input
 *    ends at the cut, would have made;
 *  - no line at column 0 after it: another top-level key would end its
 *    document there, and the cut would only cost.
 */
/* Word-at-a-time tests, each byte of w at once (all bytes below 0x80). */
#define ONES		0x0101010101010101ULL
#define HIGHS		0x8080808080808080ULL

/* The bytes of w equal to c, as their high bits. */
static uint64_t
bytes_eq(uint64_t w, unsigned char c)
{
	uint64_t t = w ^ (ONES * c);

	return ~(((t & ~HIGHS) + ~HIGHS) | t) & HIGHS;
}

/* Are all bytes of w printable ASCII (0x20 to 0x7e)? */
static bool
all_printable(uint64_t w)
{
	uint64_t below = (w - ONES * 0x20) & ~w & HIGHS;
	uint64_t above = ((w + ONES * (127 - 0x7e)) | w) & HIGHS;

	return (below | above) == 0;
}

static bool
b_prescan(struct ystream *q)
{
	struct ysplit *sp = &q->sp;
	const unsigned char *p = (const unsigned char *)q->text;
	size_t i, w, lines = 0;
	uint64_t x, nl;

	for (i = 0; i < sp->cut; ) {
		if (i + 8 <= sp->cut) {
			memcpy(&x, p + i, sizeof(x));
			if ((x & HIGHS) == 0 && bytes_eq(x, '\r') == 0) {
				nl = bytes_eq(x, '\n') >> 7;
				lines += (size_t)((nl * ONES) >> 56);
				i += 8;
				continue;
			}
		}
		if (p[i] >= 0x80)
			return false;
		if (p[i] == '\n')
			lines++;
		else if (p[i] == '\r' && p[i + 1] != '\n')
			return false;	/* a break of its own, see below */
		i++;
	}
	for (i = sp->cut; i < q->len; i += w) {
		uint32_t v;

		if (i + 8 <= q->len) {
			memcpy(&x, p + i, sizeof(x));
			if (all_printable(x)) {
				w = 8;
				continue;
			}
		}
		if ((w = yaml_char_len(p + i, q->len - i, &v)) == 0)
			return false;
		/*
		 * libyaml also breaks lines at a lone CR, NEL, LS and PS;
		 * the cut and the lines counted above know only LF and CRLF.
		 */
		if ((v == '\r' && (i + 1 >= q->len || p[i + 1] != '\n')) ||
		    v == 0x85 || v == 0x2028 || v == 0x2029)
			return false;
		if (p[i] == '\n' && i + 1 < q->len && p[i + 1] != ' ' &&
		    p[i + 1] != '\n' && p[i + 1] != '\r' && p[i + 1] != '#')
			return false;
	}
	sp->b_piece.text = q->text + sp->cut;
	sp->b_piece.len = q->len - sp->cut;
	sp->b_piece.base.bytes = sp->cut;
	sp->b_piece.base.chars = sp->cut;
	sp->b_piece.base.lines = lines;
	return true;
}

/* Queue a batch of the second part's; false when it is not wanted. */
static bool
b_publish(struct ystream *q, struct ybnode *n, size_t end_off)
{
	struct ysplit *sp = &q->sp;

	n->bt.end_off = end_off;
	pthread_mutex_lock(&q->mu);
	if (q->cancel || sp->b_drop) {
		pthread_mutex_unlock(&q->mu);
		b_node_free(n);
		return false;
	}
	*sp->b_last = n;
	sp->b_last = &n->next;
	pthread_mutex_unlock(&q->mu);
	return true;
}

static void
b_set_state(struct ystream *q, enum yb_state st)
{
	pthread_mutex_lock(&q->mu);
	q->sp.b_state = st;
	pthread_cond_broadcast(&q->cv_split);
	pthread_mutex_unlock(&q->mu);
}

/* Is this one of the three events that open the second part? */
static bool
b_head_ok(const struct ysplit *sp, size_t seen, const yaml_event_t *e)
{
	switch (seen) {
	case 1:
		return e->type == YAML_STREAM_START_EVENT;
	case 2:
		return e->type == YAML_DOCUMENT_START_EVENT &&
		    e->data.document_start.implicit;
	default:
		return e->type == YAML_MAPPING_START_EVENT &&
		    e->data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE &&
		    e->start_mark.line == 0 &&
		    e->start_mark.column == sp->indent;
	}
}

/* Write e into *np, starting a new batch when it is full. */
static bool
b_put(struct ystream *q, struct ybnode **np, const yaml_event_t *e)
{
	const struct ypiece *pc = &q->sp.b_piece;

	if (put_record(&(*np)->bt, pc, e))
		return true;
	if (!b_publish(q, *np, q->sp.b_parser.offset)) {
		*np = NULL;	/* freed */
		return false;
	}
	*np = b_node(&q->sp, pc);
	(void)put_record(&(*np)->bt, pc, e);
	return true;
}

/*
 * The second part, parsed as a document of its own whose root mapping is
 * the cut's mapping.  Its first three events (stream, document, mapping
 * start) are the cut's own and are not handed on.  When that mapping ends
 * the single parse would end the topology's root mapping as well: one
 * more mapping end goes before the document end.  Its batches wait until
 * it has ended well; then they are all handed on.
 */
static void *
b_thread(void *arg)
{
	struct ystream *q = arg;
	struct ysplit *sp = &q->sp;
	const struct ypiece *pc = &sp->b_piece;
	yaml_parser_t *p = &sp->b_parser;
	struct ybnode *n = NULL;
	yaml_event_t e;
	yaml_event_type_t type;
	size_t seen = 0, depth = 0;
	bool post = false;

	memset(&e, 0, sizeof(e));
	if (!b_prescan(q)) {
		b_set_state(q, YB_ABANDONED);
		return NULL;
	}
	b_set_state(q, YB_RUNNING);
	yaml_parser_set_input_string(p, (const unsigned char *)pc->text,
	    pc->len);
	n = b_node(sp, pc);
	for (;;) {
		if (!yaml_parser_parse(p, &e))
			goto failed;
		if (e.type == YAML_NO_EVENT)	/* past the end: cannot be */
			goto failed;
		if (++seen <= 3) {
			bool good = b_head_ok(sp, seen, &e);

			yaml_event_delete(&e);
			if (!good)
				goto failed;
			depth = seen == 3;
			continue;
		}
		/*
		 * Then the cut's key, whole on its line: a single parse reads
		 * it the same way, in the mapping the first part ended in.
		 */
		if (seen == 4) {
			if (e.type != YAML_SCALAR_EVENT ||
			    e.start_mark.line != 0 ||
			    e.start_mark.column != sp->indent ||
			    e.end_mark.line != 0) {
				yaml_event_delete(&e);
				goto failed;
			}
		}
		if (e.type == YAML_MAPPING_START_EVENT ||
		    e.type == YAML_SEQUENCE_START_EVENT)
			depth++;
		if (post && e.type == YAML_DOCUMENT_END_EVENT &&
		    !sp->b_root_closed) {
			yaml_event_t me;

			memset(&me, 0, sizeof(me));
			me.type = YAML_MAPPING_END_EVENT;
			me.start_mark = me.end_mark = e.start_mark;
			sp->b_root_closed = true;
			if (!b_put(q, &n, &me))
				goto stopped;
		}
		if (!b_put(q, &n, &e))
			goto stopped;
		type = e.type;
		yaml_event_delete(&e);
		if (type == YAML_STREAM_END_EVENT)
			break;
		if (type == YAML_MAPPING_END_EVENT ||
		    type == YAML_SEQUENCE_END_EVENT) {
			if (depth == 0)		/* cannot happen */
				goto failed_event;
			if (--depth == 0) {
				/* The cut's mapping ended; a second one ends
				   it all (another document). */
				if (post)
					goto failed_event;
				post = true;
			}
		}
	}
	if (!sp->b_root_closed)
		goto failed_event;
	if (!b_publish(q, n, p->offset)) {
		n = NULL;
		goto stopped;
	}
	b_set_state(q, YB_DONE);
	return NULL;
stopped:
	yaml_event_delete(&e);
	if (n != NULL)
		b_node_free(n);
	b_set_state(q, YB_FAILED);
	return NULL;
failed:
failed_event:
	if (n != NULL)
		b_node_free(n);
	b_set_state(q, YB_FAILED);
	return NULL;
}

/*
 * Hand on the second part's batches, all of them: it ended well.  False
 * when the caller stopped.
 */
static bool
run_b_batches(struct ystream *q)
{
	struct ysplit *sp = &q->sp;

	for (;;) {
		struct ybnode *n;

		pthread_mutex_lock(&q->mu);
		if ((n = sp->b_first) != NULL) {
			sp->b_first = n->next;
			if (sp->b_first == NULL)
				sp->b_last = &sp->b_first;
		}
		pthread_mutex_unlock(&q->mu);
		if (n == NULL)
			return true;
		if (!ring_copy_batch(q, &n->bt)) {
			b_node_free(n);
			return false;
		}
		b_node_free(n);
	}
}

/*
 * What the first part has parsed, to tell at its end whether the cut fell
 * between two entries of a block mapping at depth 2 (the value of a key
 * of the root mapping) at the cut's indentation: then the first part ends
 * with exactly that mapping's end, the root's, the document's and the
 * stream's, which the cut made and which are dropped.
 */
struct ytrack {
	size_t		 depth;
	size_t		 d2_col;	/* where the last depth-2 node began */
	bool		 d2_block_map;
	uint8_t		 last[4];	/* the last four events' types */
	/* The held batch and its state before each of the last four. */
	struct yat {
		size_t		 batch, used, nrec;
		uint64_t	 sum;
		size_t		 end_off;
	}		 at[4];
};

static void
track(struct ytrack *tr, const yaml_event_t *e)
{
	memmove(tr->last, tr->last + 1, 3);
	tr->last[3] = (uint8_t)e->type;
	switch (e->type) {
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (++tr->depth == 2) {
			tr->d2_col = e->start_mark.column;
			tr->d2_block_map = e->type == YAML_MAPPING_START_EVENT &&
			    e->data.mapping_start.style ==
			    YAML_BLOCK_MAPPING_STYLE;
		}
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (tr->depth > 0)
			tr->depth--;
		break;
	default:
		break;
	}
}

static bool
track_ok(const struct ytrack *tr, const struct ysplit *sp)
{
	return tr->depth == 0 && tr->d2_block_map &&
	    tr->d2_col == sp->indent &&
	    tr->last[0] == YAML_MAPPING_END_EVENT &&
	    tr->last[1] == YAML_MAPPING_END_EVENT &&
	    tr->last[2] == YAML_DOCUMENT_END_EVENT &&
	    tr->last[3] == YAML_STREAM_END_EVENT;
}

/* The first part's records from the fence on, held until its end. */
struct yheld {
	struct ybatch	*bt;
	size_t		 n, cap;
};

static struct ybatch *
held_new(struct yheld *h, const struct ypiece *pc)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 4;
		h->bt = xreallocarray(h->bt, h->cap, sizeof(*h->bt));
	}
	memset(&h->bt[h->n], 0, sizeof(h->bt[h->n]));
	batch_reset(&h->bt[h->n], pc);
	return &h->bt[h->n++];
}

static void
held_free(struct yheld *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->bt[i].rec);
	free(h->bt);
	memset(h, 0, sizeof(*h));
}

/* Hand on the first `upto` held batches; false when the caller stopped. */
static bool
held_put(struct ystream *q, struct yheld *h, size_t upto)
{
	size_t i;

	for (i = 0; i < upto && i < h->n; i++)
		if (h->bt[i].nrec > 0 && !ring_copy_batch(q, &h->bt[i]))
			return false;
	return true;
}

/* Hold a record of the first part's, noting where it went. */
static void
hold(struct yheld *h, struct ybatch **hbp, struct ytrack *tr,
    const struct ypiece *pc, const yaml_event_t *e, size_t end_off)
{
	struct ybatch *hb = *hbp;

	if (hb == NULL)
		hb = *hbp = held_new(h, pc);
	memmove(tr->at, tr->at + 1, 3 * sizeof(tr->at[0]));
	tr->at[3].batch = h->n - 1;
	tr->at[3].used = hb->used;
	tr->at[3].nrec = hb->nrec;
	tr->at[3].sum = hb->sum;
	tr->at[3].end_off = hb->end_off;
	if (!put_record(hb, pc, e)) {
		hb = *hbp = held_new(h, pc);
		tr->at[3].batch = h->n - 1;
		tr->at[3].used = tr->at[3].nrec = 0;
		tr->at[3].sum = 0;
		tr->at[3].end_off = 0;
		(void)put_record(hb, pc, e);
	}
	hb->end_off = end_off;
}

/*
 * The first part, on the parser thread.  True when the stream is complete
 * (stitched with the second part's, or the first part turned out to be a
 * single parse of it all) or the caller stopped; false when a single
 * parser must take over after the records handed on so far.
 */
static bool
run_split(struct ystream *q)
{
	struct ysplit *sp = &q->sp;
	struct ypiece whole = { q->text, q->len, { 0, 0, 0 } };
	yaml_parser_t *p = &sp->a_parser;
	struct ytrack tr;
	struct yheld held = { NULL, 0, 0 };
	struct ybatch *bt = NULL, *hb = NULL;
	struct yat *cl;
	yaml_event_t e;
	bool failed = false, ended = false, holding = false, done = true;
	bool b_ok;

	memset(&tr, 0, sizeof(tr));
	yaml_parser_set_input(p, read_first, q);
	for (;;) {
		if (!yaml_parser_parse(p, &e)) {
			failed = true;
			break;
		}
		track(&tr, &e);
		ended = e.type == YAML_STREAM_END_EVENT;
		if (!holding && !sp->whole && e.end_mark.index >= sp->fence) {
			/* What came before the fence is final. */
			if (bt != NULL && bt->nrec > 0)
				ring_put(q, bt);
			bt = NULL;
			holding = true;
		}
		if (holding && sp->whole) {
			/* The split is off: what was held goes on as normal. */
			if (!held_put(q, &held, held.n))
				goto stop_event;
			held_free(&held);
			hb = NULL;
			holding = false;
		}
		if (holding)
			hold(&held, &hb, &tr, &whole, &e, p->offset);
		else {
			if (bt == NULL) {
				if ((bt = ring_take(q)) == NULL)
					goto stop_event;
				batch_reset(bt, &whole);
			}
			if (!put_record(bt, &whole, &e)) {
				ring_put(q, bt);
				if ((bt = ring_take(q)) == NULL)
					goto stop_event;
				batch_reset(bt, &whole);
				(void)put_record(bt, &whole, &e);
			}
			bt->end_off = p->offset;
		}
		yaml_event_delete(&e);
		if (ended)
			break;
	}
	if (sp->whole) {
		/* A single parse of it all: its end, error or not, is final. */
		if (bt == NULL) {
			if ((bt = ring_take(q)) == NULL)
				goto out;
			batch_reset(bt, &whole);
		}
		if (failed) {
			/* The caller reads the error off q->parser. */
			yaml_parser_delete(&q->parser);
			q->parser = *p;
			memset(p, 0, sizeof(*p));
			bt->error = true;
			bt->end_off = q->parser.offset;
		}
		ring_put(q, bt);
		goto out;
	}
	if (bt != NULL && bt->nrec > 0)
		ring_put(q, bt);
	bt = NULL;
	if (failed || !ended || !holding || !track_ok(&tr, sp)) {
		done = false;
		goto out;
	}
	/*
	 * Nothing from the cut on is handed on before the second part has
	 * ended well: a single parse reads past the cut before it ends the
	 * entry above it, and its reader reads ahead, so only a second part
	 * that read all the rest shows that parse would have got this far.
	 * The parts run side by side: the wait is short.
	 */
	pthread_mutex_lock(&q->mu);
	while (sp->b_state == YB_RUNNING && !q->cancel)
		pthread_cond_wait(&q->cv_split, &q->mu);
	b_ok = sp->b_state == YB_DONE;
	pthread_mutex_unlock(&q->mu);
	if (!b_ok) {
		done = false;
		goto out;
	}
	/* Drop the four closing events the cut made; hand the rest on. */
	cl = &tr.at[0];
	held.bt[cl->batch].used = cl->used;
	held.bt[cl->batch].nrec = cl->nrec;
	held.bt[cl->batch].sum = cl->sum;
	held.bt[cl->batch].end_off = cl->end_off;
	held.bt[cl->batch].ended = false;
	if (!held_put(q, &held, cl->batch + 1))
		goto out;
	held_free(&held);
	(void)run_b_batches(q);
out:
	held_free(&held);
	return done;
stop_event:
	yaml_event_delete(&e);
	goto out;
}

/*
 * A single parser takes over from where the split got to: it parses the
 * events already handed on again, and must make the same ones.  (It
 * cannot differ; if it ever did, the load fails rather than go on with
 * another stream.)
 */
static bool
take_over(struct ystream *q)
{
	struct ypiece whole = { q->text, q->len, { 0, 0, 0 } };
	struct ybatch *bt;
	uint64_t sum = 0;
	yaml_event_t e;
	size_t i;

	pthread_mutex_lock(&q->mu);
	q->sp.b_drop = true;
	pthread_cond_broadcast(&q->cv_split);
	pthread_mutex_unlock(&q->mu);
	for (i = 0; i < q->handed; i++) {
		if (!yaml_parser_parse(&q->parser, &e))
			break;
		sum += rec_mix(&e, &whole);
		yaml_event_delete(&e);
	}
	if (i == q->handed && sum == q->handed_sum)
		return true;
	if (q->parser.error == YAML_NO_ERROR) {
		q->parser.error = YAML_PARSER_ERROR;
		q->parser.problem = "the parse in two parts differs from the "
		    "parse in one (a tunnelgen bug)";
		q->parser.problem_mark = q->parser.mark;
		q->parser.context = NULL;
	}
	if ((bt = ring_take(q)) != NULL) {
		batch_reset(bt, &whole);
		bt->error = true;
		ring_put(q, bt);
	}
	return false;
}

/* ---- the threads and the caller ----------------------------------- */

static void *
parse_thread(void *arg)
{
	struct ystream *q = arg;

	if (q->sp.on) {
		if (run_split(q)) {
			ystream_split_outcome = q->sp.whole ? YSPLIT_WHOLE :
			    YSPLIT_STITCHED;
			return NULL;
		}
		ystream_split_outcome = YSPLIT_TAKEN_OVER;
		if (!take_over(q))
			return NULL;
	}
	parse_rest(q);
	return NULL;
}

static size_t
online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (size_t)n : 1;
}

/* Start the second part's thread if the text is worth cutting. */
static void
split_start(struct ystream *q)
{
	struct ysplit *sp = &q->sp;

	if (q->len < ystream_split_min || online_cpus() < 2 ||
	    !ysplit_find(q->text, q->len, &sp->cut, &sp->fence, &sp->indent))
		return;
	if (!yaml_parser_initialize(&sp->a_parser))
		return;
	if (!yaml_parser_initialize(&sp->b_parser)) {
		yaml_parser_delete(&sp->a_parser);
		return;
	}
	sp->b_last = &sp->b_first;
	sp->b_state = YB_PRESCAN;
	if (pthread_create(&sp->b_th, NULL, b_thread, q) != 0) {
		yaml_parser_delete(&sp->b_parser);
		yaml_parser_delete(&sp->a_parser);
		return;
	}
	sp->on = true;
}

/* Stop the second part's thread and free what it left. */
static void
split_stop(struct ystream *q)
{
	struct ysplit *sp = &q->sp;
	struct ybnode *n, *next;

	if (!sp->on)
		return;
	pthread_mutex_lock(&q->mu);
	sp->b_drop = true;
	pthread_cond_broadcast(&q->cv_split);
	pthread_mutex_unlock(&q->mu);
	pthread_join(sp->b_th, NULL);
	for (n = sp->b_first; n != NULL; n = next) {
		next = n->next;
		b_node_free(n);
	}
	if (sp->b_blk != NULL)
		block_release(sp->b_blk);
	sp->b_blk = NULL;
	sp->b_first = NULL;
	sp->b_last = &sp->b_first;
	yaml_parser_delete(&sp->a_parser);
	yaml_parser_delete(&sp->b_parser);
	sp->on = false;
}

bool
ystream_start(struct ystream *q, const char *buf, size_t len)
{
	memset(q, 0, sizeof(*q));
	ystream_split_outcome = YSPLIT_NONE;
	if (!yaml_parser_initialize(&q->parser))
		return false;
	yaml_parser_set_input_string(&q->parser, (const unsigned char *)buf,
	    len);
	q->text = buf;
	q->len = len;
	if (len < ystream_thread_min || pthread_mutex_init(&q->mu, NULL) != 0)
		return true;
	if (pthread_cond_init(&q->cv_full, NULL) != 0)
		goto no_cv_full;
	if (pthread_cond_init(&q->cv_free, NULL) != 0)
		goto no_cv_free;
	if (pthread_cond_init(&q->cv_split, NULL) != 0)
		goto no_cv_split;
	q->batch = xcalloc(YSTREAM_BATCHES, sizeof(*q->batch));
	split_start(q);
	q->threaded = pthread_create(&q->th, NULL, parse_thread, q) == 0;
	if (q->threaded)
		return true;
	split_stop(q);
	free(q->batch);
	q->batch = NULL;
	pthread_cond_destroy(&q->cv_split);
no_cv_split:
	pthread_cond_destroy(&q->cv_free);
no_cv_free:
	pthread_cond_destroy(&q->cv_full);
no_cv_full:
	pthread_mutex_destroy(&q->mu);
	return true;
}

/* Parse in place: the caller's event is the one just parsed. */
static bool
next_inline(struct ystream *q, struct yev *ev, size_t *off)
{
	if (q->have_inl)
		yaml_event_delete(&q->inl);
	q->have_inl = false;
	if (!yaml_parser_parse(&q->parser, &q->inl))
		return false;
	q->have_inl = true;
	event_view(q->text, q->len, &q->inl, ev);
	*off = q->parser.offset;
	return true;
}

/* Read the record at the caller's place in its batch. */
static void
get_record(struct ystream *q, struct yev *ev, size_t *off)
{
	const struct ybatch *bt = q->cur;
	const unsigned char *p = bt->rec + q->pos;
	unsigned flags = *p++;
	uint64_t v;

	ev->type = (yaml_event_type_t)(flags & REC_TYPE);
	ev->plain = (flags & REC_PLAIN) != 0;
	ev->in_text = (flags & REC_IN_TEXT) != 0;
	p = get_num(p, &v);
	q->rpos.index = unzigzag(q->rpos.index, v);
	p = get_num(p, &v);
	q->rpos.line = unzigzag(q->rpos.line, v);
	p = get_num(p, &v);
	ev->start.index = bt->base.chars + q->rpos.index;
	ev->start.line = bt->base.lines + q->rpos.line;
	ev->start.column = (size_t)v;
	*off = bt->base.bytes + bt->end_off;
	ev->value = NULL;
	ev->len = 0;
	ev->anchor = NULL;
	if (ev->type == YAML_SCALAR_EVENT) {
		p = get_num(p, &v);
		ev->len = (size_t)v;
		if (ev->in_text)
			ev->value = q->text + bt->base.bytes + q->rpos.index +
			    !ev->plain;
		else {
			ev->value = (const char *)p;
			p += ev->len;
		}
	}
	if (flags & REC_ANCHOR) {
		p = get_num(p, &v);
		ev->anchor = (const char *)p;
		p += v + 1;
	}
	q->pos = (size_t)(p - bt->rec);
}

bool
ystream_next(struct ystream *q, struct yev *ev, size_t *off)
{
	struct ybatch *bt = q->cur;

	if (!q->threaded)
		return next_inline(q, ev, off);
	if (bt != NULL && q->pos == bt->used) {
		if (bt->error)
			return false;
		/* Hand the batch back for the parser to refill. */
		pthread_mutex_lock(&q->mu);
		q->head = (q->head + 1) % YSTREAM_BATCHES;
		q->nfull--;
		pthread_cond_signal(&q->cv_free);
		pthread_mutex_unlock(&q->mu);
		bt = q->cur = NULL;
	}
	if (bt == NULL) {
		pthread_mutex_lock(&q->mu);
		if (q->nfull == 0) {
			q->reader_waits = true;
			while (q->nfull < YSTREAM_WAKE && !parser_done(q))
				pthread_cond_wait(&q->cv_full, &q->mu);
			q->reader_waits = false;
		}
		bt = q->cur = &q->batch[q->head];
		pthread_mutex_unlock(&q->mu);
		q->pos = 0;
		q->rpos.index = q->rpos.line = 0;
		if (bt->used == 0)	/* an error before any event */
			return false;
	}
	get_record(q, ev, off);
	return true;
}

void
ystream_stop(struct ystream *q)
{
	size_t i;

	if (q->have_inl)
		yaml_event_delete(&q->inl);
	q->have_inl = false;
	if (!q->threaded)
		return;
	pthread_mutex_lock(&q->mu);
	q->cancel = true;
	q->sp.b_drop = true;
	pthread_cond_broadcast(&q->cv_free);
	pthread_cond_broadcast(&q->cv_split);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	split_stop(q);
	pthread_cond_destroy(&q->cv_split);
	pthread_cond_destroy(&q->cv_free);
	pthread_cond_destroy(&q->cv_full);
	pthread_mutex_destroy(&q->mu);
	q->threaded = false;
	for (i = 0; i < YSTREAM_BATCHES; i++)
		free(q->batch[i].rec);
	free(q->batch);
	q->batch = NULL;
	q->cur = NULL;
}

void
ystream_free(struct ystream *q)
{
	ystream_stop(q);
	yaml_parser_delete(&q->parser);
}
