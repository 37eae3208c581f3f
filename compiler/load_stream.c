/*
 * libyaml's event stream, parsed on a second thread.  Parsing is most of a
 * load's time and building the tree is the rest, and neither needs the
 * other's state: the parser runs ahead in batches of events while the
 * caller builds, so a load takes about as long as the parse alone.
 *
 * The parser thread fills a ring of batches; the caller reads a batch and
 * hands it back, and the parser deletes its events before filling it
 * again, so every event is made and freed by the thread that parsed it.
 * A small text, or no thread to be had, is parsed in place by the caller.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load_int.h"
#include "model/arena.h"

static void *
parse_thread(void *arg)
{
	struct ystream *q = arg;

	for (;;) {
		struct ybatch *bt;
		size_t i;
		bool stop;

		pthread_mutex_lock(&q->mu);
		while (q->nfull == YSTREAM_BATCHES && !q->cancel)
			pthread_cond_wait(&q->cv_free, &q->mu);
		stop = q->cancel;
		bt = &q->batch[q->tail];
		pthread_mutex_unlock(&q->mu);
		if (stop)
			break;
		/* The caller is done with this batch's last events. */
		for (i = 0; i < bt->n; i++)
			yaml_event_delete(&bt->ev[i]);
		bt->n = 0;
		bt->error = bt->ended = false;
		while (bt->n < YSTREAM_BATCH) {
			if (!yaml_parser_parse(&q->parser, &bt->ev[bt->n])) {
				bt->error = true;
				break;
			}
			bt->off[bt->n] = q->parser.offset;
			if (bt->ev[bt->n++].type == YAML_STREAM_END_EVENT) {
				bt->ended = true;
				break;
			}
		}
		pthread_mutex_lock(&q->mu);
		q->tail = (q->tail + 1) % YSTREAM_BATCHES;
		q->nfull++;
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
	q->batch = xcalloc(YSTREAM_BATCHES, sizeof(*q->batch));
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
	q->threaded = pthread_create(&q->th, NULL, parse_thread, q) == 0;
	if (!q->threaded) {
		pthread_cond_destroy(&q->cv_free);
		pthread_cond_destroy(&q->cv_full);
		pthread_mutex_destroy(&q->mu);
	}
	return true;
}

/* Parse in place: one event at a time in the first batch. */
static bool
next_inline(struct ystream *q, const yaml_event_t **ev, size_t *off)
{
	struct ybatch *bt = &q->batch[0];

	if (bt->n > 0)
		yaml_event_delete(&bt->ev[0]);
	bt->n = 0;
	if (!yaml_parser_parse(&q->parser, &bt->ev[0]))
		return false;
	bt->n = 1;
	*ev = &bt->ev[0];
	*off = q->parser.offset;
	return true;
}

bool
ystream_next(struct ystream *q, const yaml_event_t **ev, size_t *off)
{
	struct ybatch *bt = q->cur;

	if (!q->threaded)
		return next_inline(q, ev, off);
	if (bt != NULL && q->pos == bt->n) {
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
		while (q->nfull == 0)
			pthread_cond_wait(&q->cv_full, &q->mu);
		bt = q->cur = &q->batch[q->head];
		pthread_mutex_unlock(&q->mu);
		q->pos = 0;
		if (bt->n == 0)		/* an error before any event */
			return false;
	}
	*ev = &bt->ev[q->pos];
	*off = bt->off[q->pos];
	q->pos++;
	return true;
}

void
ystream_stop(struct ystream *q)
{
	size_t i, j;

	if (q->batch == NULL)
		return;
	if (q->threaded) {
		pthread_mutex_lock(&q->mu);
		q->cancel = true;
		pthread_cond_signal(&q->cv_free);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->th, NULL);
		pthread_cond_destroy(&q->cv_free);
		pthread_cond_destroy(&q->cv_full);
		pthread_mutex_destroy(&q->mu);
		q->threaded = false;
	}
	for (i = 0; i < YSTREAM_BATCHES; i++) {
		for (j = 0; j < q->batch[i].n; j++)
			yaml_event_delete(&q->batch[i].ev[j]);
		q->batch[i].n = 0;
	}
	free(q->batch);
	q->batch = NULL;
}

void
ystream_free(struct ystream *q)
{
	ystream_stop(q);
	yaml_parser_delete(&q->parser);
}
