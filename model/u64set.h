/*
 * An open-addressed table of nonzero 64-bit words, for the hash tables that
 * pack what they index into one word (a name's hash and entry, a pair of
 * indices).  The caller probes it; this grows it.
 */
#ifndef TG_U64SET_H
#define TG_U64SET_H

#include <stddef.h>
#include <stdint.h>

struct u64set {
	uint64_t	*slot;		/* 0: empty */
	size_t		 mask;		/* slots - 1, a power of 2 less one */
	size_t		 count;
};

/*
 * Make room for one more word: the table doubles when it would be more
 * than half full, placing each word again from home(word), its first slot
 * before masking.
 */
void	u64set_reserve(struct u64set *, size_t (*home)(uint64_t));
void	u64set_free(struct u64set *);

#endif
