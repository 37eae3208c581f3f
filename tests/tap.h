/*
 * A few TAP helpers for the C unit tests: each check prints one "ok" or
 * "not ok" line; tap_done() prints the plan and sets the exit status.
 */
#ifndef TG_TAP_H
#define TG_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int ok_c_ = !!(cond);						\
	printf("%sok %d - ", ok_c_ ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_c_) {							\
		tap_failed++;						\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__,	\
		    #cond);						\
	}								\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *is_g_ = (got), *is_w_ = (want);			\
	ok(is_g_ != NULL && strcmp(is_g_, is_w_) == 0, __VA_ARGS__);	\
	if (is_g_ == NULL || strcmp(is_g_, is_w_) != 0)			\
		printf("#   got '%s', want '%s'\n",			\
		    is_g_ ? is_g_ : "(null)", is_w_);			\
} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
