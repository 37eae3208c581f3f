/*
 * libyaml's event stream, parsed on a second thread.  Parsing is most of a
 * load's time and building the tree is the rest, and neither needs the
 * other's state: the parser runs ahead while the caller builds, so a load
 * takes about as long as the parse alone.
 *
 * The parser thread fills a ring of batches with compact records and frees
 * each event as soon as it is written, so its memory stays hot in that
 * thread as in a plain parse loop.  A small text, or no thread to be had,
 * is parsed in place by the caller.
 *
 * A record: a byte of type and flags, then unsigned LEB128 numbers (deltas
 * zigzag-coded, from the record before): start index, start line, start
 * column; a scalar's length and, unless its bytes are the input's own, the
 * bytes; an anchor's length, bytes and NUL.  How far the parser had read
 * is given once per batch, as of its last record: the reader only uses it
 * to follow the parse.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load_int.h"
#include "model/arena.h"

#define REC_TYPE	0x0f
#define REC_PLAIN	0x10
#define REC_IN_TEXT	0x20
#define REC_ANCHOR	0x40

/* The most a record takes besides its scalar and anchor bytes. */
#define REC_FIXED	(1 + 5 * 10)

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

/* What the builder reads of an event. */
static void
event_view(const struct ystream *q, const yaml_event_t *e, struct yev *v)
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
		if (at <= q->len && v->len <= q->len - at &&
		    memcmp(q->text + at, v->value, v->len) == 0) {
			v->value = q->text + at;
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

/* Write an event into bt; false when it does not fit. */
static bool
put_record(struct ystream *q, struct ybatch *bt, const yaml_event_t *e)
{
	struct yev v;
	size_t alen, bytes, need;
	unsigned char *p;

	event_view(q, e, &v);
	alen = v.anchor != NULL ? strlen(v.anchor) : 0;
	bytes = v.in_text ? 0 : v.len;
	need = REC_FIXED + bytes + alen + 1;
	if (need > bt->cap - bt->used) {
		if (bt->used > 0)
			return false;
		/* One record bigger than a batch: this batch grows. */
		bt->rec = xrealloc(bt->rec, need);
		bt->cap = need;
	}
	p = bt->rec + bt->used;
	*p++ = (unsigned char)((unsigned)v.type & REC_TYPE) |
	    (v.plain ? REC_PLAIN : 0) | (v.in_text ? REC_IN_TEXT : 0) |
	    (v.anchor != NULL ? REC_ANCHOR : 0);
	p = put_num(p, zigzag(v.start.index, q->wpos.index));
	p = put_num(p, zigzag(v.start.line, q->wpos.line));
	p = put_num(p, v.start.column);
	q->wpos.index = v.start.index;
	q->wpos.line = v.start.line;
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
	if (e->type == YAML_STREAM_END_EVENT)
		bt->ended = true;
	return true;
}

/* Fill one batch: the held event first, then parse until it is full. */
static void
fill_batch(struct ystream *q, struct ybatch *bt)
{
	bt->used = 0;
	bt->error = bt->ended = false;
	if (bt->rec == NULL) {
		bt->rec = xmalloc(YSTREAM_BATCH_BYTES);
		bt->cap = YSTREAM_BATCH_BYTES;
	}
	if (q->have_held) {
		(void)put_record(q, bt, &q->held);
		yaml_event_delete(&q->held);
		q->have_held = false;
	}
	while (!bt->ended) {
		bt->end_off = q->parser.offset;
		if (!yaml_parser_parse(&q->parser, &q->held)) {
			bt->error = true;
			return;
		}
		if (!put_record(q, bt, &q->held)) {
			q->have_held = true;	/* the next batch's first */
			return;
		}
		yaml_event_delete(&q->held);
	}
	bt->end_off = q->parser.offset;
}

/* Is the last batch the parser handed over its last one? (Under mu.) */
static bool
parser_done(const struct ystream *q)
{
	const struct ybatch *last =
	    &q->batch[(q->tail + YSTREAM_BATCHES - 1) % YSTREAM_BATCHES];

	return q->nfull > 0 && (last->ended || last->error);
}

static void *
parse_thread(void *arg)
{
	struct ystream *q = arg;

	for (;;) {
		struct ybatch *bt;
		bool stop;

		pthread_mutex_lock(&q->mu);
		while (q->nfull == YSTREAM_BATCHES && !q->cancel)
			pthread_cond_wait(&q->cv_free, &q->mu);
		stop = q->cancel;
		bt = &q->batch[q->tail];
		pthread_mutex_unlock(&q->mu);
		if (stop)
			break;
		fill_batch(q, bt);
		pthread_mutex_lock(&q->mu);
		q->tail = (q->tail + 1) % YSTREAM_BATCHES;
		q->nfull++;
		/*
		 * Waking the reader costs a system call: it waits for a few
		 * batches, not for each.
		 */
		if (q->reader_waits &&
		    (q->nfull >= YSTREAM_WAKE || parser_done(q)))
			pthread_cond_signal(&q->cv_full);
		pthread_mutex_unlock(&q->mu);
		if (bt->error || bt->ended)
			break;
	}
	return NULL;
}

bool
ystream_start(struct ystream *q, const char *buf, size_t len)
{
	memset(q, 0, sizeof(*q));
	if (!yaml_parser_initialize(&q->parser))
		return false;
	yaml_parser_set_input_string(&q->parser, (const unsigned char *)buf,
	    len);
	q->text = buf;
	q->len = len;
	if (len < YSTREAM_THREAD_MIN || pthread_mutex_init(&q->mu, NULL) != 0)
		return true;
	if (pthread_cond_init(&q->cv_full, NULL) != 0) {
		pthread_mutex_destroy(&q->mu);
		return true;
	}
	if (pthread_cond_init(&q->cv_free, NULL) != 0) {
		pthread_cond_destroy(&q->cv_full);
		pthread_mutex_destroy(&q->mu);
		return true;
	}
	q->batch = xcalloc(YSTREAM_BATCHES, sizeof(*q->batch));
	q->threaded = pthread_create(&q->th, NULL, parse_thread, q) == 0;
	if (!q->threaded) {
		free(q->batch);
		q->batch = NULL;
		pthread_cond_destroy(&q->cv_free);
		pthread_cond_destroy(&q->cv_full);
		pthread_mutex_destroy(&q->mu);
	}
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
	event_view(q, &q->inl, ev);
	*off = q->parser.offset;
	return true;
}

/* Read the record at the caller's place in its batch. */
static void
get_record(struct ystream *q, struct yev *ev, size_t *off)
{
	const unsigned char *p = q->cur->rec + q->pos;
	unsigned flags = *p++;
	uint64_t v;

	ev->type = (yaml_event_type_t)(flags & REC_TYPE);
	ev->plain = (flags & REC_PLAIN) != 0;
	ev->in_text = (flags & REC_IN_TEXT) != 0;
	p = get_num(p, &v);
	ev->start.index = q->rpos.index = unzigzag(q->rpos.index, v);
	p = get_num(p, &v);
	ev->start.line = q->rpos.line = unzigzag(q->rpos.line, v);
	p = get_num(p, &v);
	ev->start.column = (size_t)v;
	*off = q->cur->end_off;
	ev->value = NULL;
	ev->len = 0;
	ev->anchor = NULL;
	if (ev->type == YAML_SCALAR_EVENT) {
		p = get_num(p, &v);
		ev->len = (size_t)v;
		if (ev->in_text)
			ev->value = q->text + ev->start.index + !ev->plain;
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
	q->pos = (size_t)(p - q->cur->rec);
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
	pthread_cond_signal(&q->cv_free);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	pthread_cond_destroy(&q->cv_free);
	pthread_cond_destroy(&q->cv_full);
	pthread_mutex_destroy(&q->mu);
	q->threaded = false;
	if (q->have_held)
		yaml_event_delete(&q->held);
	q->have_held = false;
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
