/* Placeholder until derivation lands. */
#include "model/derive.h"

#include <stdio.h>

void
derive_topology(struct topology *t)
{
	(void)t;
}

int
mtu_compute(const struct tunnel *t, int outer_family)
{
	(void)t;
	return outer_family == AF_V6 ? 1460 : 1480;
}

void
iface_name(const struct tunnel *t, int end, char buf[16])
{
	if (t->type == TUN_IPSEC || t->end[end].unit < 0) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, 16, "%s%d", t->type == TUN_GRE ? "gre" : "gif",
	    t->end[end].unit);
}

void
route_name(const struct tunnel *t, size_t i, char *buf, size_t len)
{
	(void)i;
	snprintf(buf, len, "%s", t->name);
}
