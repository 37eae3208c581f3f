/* Helpers shared by the topology checks. */
#include "validate/checks.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

const struct host *
end_host(const struct topology *top, const struct tunnel *t, int e)
{
	if (t->end[e].host >= top->nhosts)
		return NULL;
	return &top->hosts[t->end[e].host];
}

int
loc_cmp(struct loc a, struct loc b)
{
	if (a.file != b.file) {
		if (a.file == NULL || b.file == NULL)
			return a.file == NULL ? -1 : 1;
		return strcmp(a.file, b.file) < 0 ? -1 : 1;
	}
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.col != b.col)
		return a.col < b.col ? -1 : 1;
	return 0;
}

struct loc
loc_or(struct loc a, struct loc b)
{
	return loc_is_set(a) ? a : b;
}

const char *
family_name(int family)
{
	return family == AF_V6 ? "IPv6" : family == AF_V4 ? "IPv4" : "no";
}

static int
sweep_cmp(const void *a, const void *b)
{
	const struct sweep_item *x = a, *y = b;
	int c = prefix_cmp(&x->p, &y->p);

	if (c != 0)
		return c;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	c = loc_cmp(x->loc, y->loc);
	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
sweep_overlaps(struct sweep_item *items, size_t n,
    void (*found)(const struct sweep_item *, const struct sweep_item *,
	void *), void *ctx)
{
	const struct sweep_item **stack;
	size_t i, depth = 0;

	if (n == 0)
		return;
	qsort(items, n, sizeof(*items), sweep_cmp);
	stack = xcalloc(n, sizeof(*stack));
	for (i = 0; i < n; i++) {
		const struct sweep_item *it = &items[i];

		while (depth > 0 && !prefix_covers(&stack[depth - 1]->p, &it->p))
			depth--;
		if (depth > 0)
			found(stack[depth - 1], it, ctx);
		if (it->push)
			stack[depth++] = it;
	}
	free(stack);
}
