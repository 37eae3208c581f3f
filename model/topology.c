#include "model/topology.h"

#include <string.h>

#include "model/arena.h"

void
topology_free(struct topology *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
}

long
topology_find_host(const struct topology *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nhosts; i++)
		if (strcmp(t->hosts[i].name, name) == 0)
			return (long)i;
	return -1;
}
