#include "model/topology.h"

#include <stdint.h>
#include <string.h>

#include "model/arena.h"

const char *
host_ipsec_file(const struct host *h)
{
	return h->opt != NULL && h->opt->ipsec_file != NULL ?
	    h->opt->ipsec_file : TG_DEFAULT_IPSEC_FILE;
}

const char *
host_racoon_dir(const struct host *h)
{
	return h->opt != NULL && h->opt->racoon_dir != NULL ?
	    h->opt->racoon_dir : TG_DEFAULT_RACOON_DIR;
}

void
topology_free(struct topology *t)
{
	if (t == NULL)
		return;
	/* The topology itself lives in its arena. */
	arena_free(t->arena);
}

static size_t
name_hash(const char *s)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * (1099511628211ULL & SIZE_MAX);
	return h;
}

void
topology_index_hosts(struct topology *t)
{
	size_t cap = 16, i;

	while (cap < 2 * t->nhosts)
		cap *= 2;
	t->host_slots = arena_calloc(t->arena, cap, sizeof(*t->host_slots));
	t->host_nslots = cap;
	for (i = 0; i < t->nhosts; i++) {
		size_t h = name_hash(t->hosts[i].name) & (cap - 1);

		while (t->host_slots[h] != 0) {
			/* Same name twice: the first one is found. */
			if (strcmp(t->hosts[t->host_slots[h] - 1].name,
			    t->hosts[i].name) == 0)
				break;
			h = (h + 1) & (cap - 1);
		}
		if (t->host_slots[h] == 0)
			t->host_slots[h] = (uint32_t)i + 1;
	}
}

long
topology_find_host(const struct topology *t, const char *name)
{
	size_t i, h;

	if (t->host_slots == NULL) {
		/* Not indexed (a topology built by hand): scan. */
		for (i = 0; i < t->nhosts; i++)
			if (strcmp(t->hosts[i].name, name) == 0)
				return (long)i;
		return -1;
	}
	h = name_hash(name) & (t->host_nslots - 1);
	while (t->host_slots[h] != 0) {
		i = t->host_slots[h] - 1;
		if (strcmp(t->hosts[i].name, name) == 0)
			return (long)i;
		h = (h + 1) & (t->host_nslots - 1);
	}
	return -1;
}
