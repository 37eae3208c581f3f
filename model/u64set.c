#include "model/u64set.h"

#include <stdlib.h>

#include "model/arena.h"

void
u64set_reserve(struct u64set *s, size_t (*home)(uint64_t))
{
	uint64_t *old = s->slot;
	size_t oldcap = old != NULL ? s->mask + 1 : 0, i;

	if (old != NULL && 2 * (s->count + 1) <= s->mask + 1)
		return;
	s->mask = oldcap ? 2 * oldcap - 1 : 63;
	s->slot = xcalloc(s->mask + 1, sizeof(*s->slot));
	for (i = 0; i < oldcap; i++) {
		size_t k;

		if (old[i] == 0)
			continue;
		k = home(old[i]) & s->mask;
		while (s->slot[k] != 0)
			k = (k + 1) & s->mask;
		s->slot[k] = old[i];
	}
	free(old);
}

void
u64set_free(struct u64set *s)
{
	free(s->slot);
	s->slot = NULL;
	s->mask = s->count = 0;
}
