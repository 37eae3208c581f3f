/*
 * A growing text for the tests that write big topologies (test_validate,
 * test_split): printf onto its end, no limit but memory.
 */
#ifndef TG_TESTS_TEXTBUF_H
#define TG_TESTS_TEXTBUF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct textbuf {
	char	*text;
	size_t	 len, cap;
};

/* Empty it (the first time, allocate it). */
static inline void
tb_reset(struct textbuf *tb)
{
	if (tb->text == NULL) {
		tb->cap = 1 << 20;
		if ((tb->text = malloc(tb->cap)) == NULL)
			abort();
	}
	tb->len = 0;
	tb->text[0] = '\0';
}

static inline void
tb_put(struct textbuf *tb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void
tb_put(struct textbuf *tb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (tb->text == NULL)
		tb_reset(tb);
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(tb->text + tb->len, tb->cap - tb->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < tb->cap - tb->len)
			break;
		tb->cap = tb->cap * 2 + (size_t)n;
		if ((tb->text = realloc(tb->text, tb->cap)) == NULL)
			abort();
	}
	tb->len += (size_t)n;
}

static inline void
tb_free(struct textbuf *tb)
{
	free(tb->text);
	tb->text = NULL;
	tb->len = tb->cap = 0;
}

#endif
