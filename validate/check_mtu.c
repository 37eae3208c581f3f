/*
 * Explicit MTUs (rule 13).
 *
 *   mtu-range  an explicit mtu below 1280 on a tunnel that carries IPv6:
 *              IPv6 needs links of at least 1280 bytes
 */
#include "validate/checks.h"

#include "model/derive.h"

void
check_mtu(const struct topology *top, struct diag_sink *ds)
{
	size_t i;

	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC || t->mtu <= 0 ||
		    tunnel_inner_family(t) != AF_V6 || t->mtu >= 1280)
			continue;
		diag_error(ds, topo_loc(top, tloc_or(t->mtu_loc, t->name_loc)),
		    "mtu-range",
		    "tunnel '%s': mtu %d is below 1280, the smallest link MTU "
		    "IPv6 allows, and the tunnel carries IPv6", t->name,
		    t->mtu);
	}
}
