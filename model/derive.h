/*
 * What the schema leaves to tunnelgen to decide, computed once for compile,
 * check and lint alike: interface units, inner addresses from a prefix, the
 * MTU, and the rc.conf names of routes.
 */
#ifndef TG_DERIVE_H
#define TG_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/topology.h"

/* FreeBSD clones units 0 to IF_MAXUNIT (0x7fff, net/if.h) of each type. */
#define TG_UNIT_MAX	32767

/*
 * Inner addresses (prefix form: A = network + 1, B = network + 2; /31 and
 * /127 take both addresses, A the lower), interface units (pins first, then
 * the lowest free unit of the type on each host, tunnels in file order) and
 * eff_mtu.  Safe to call on a topology with errors: it never fails, it only
 * fills what can be filled (a unit stays -1 when none could be given).
 */
void	derive_topology(struct topology *);

/*
 * The computed MTU of a tunnel (fact sheet section 5): 1500 minus the outer
 * header, GRE's 4 bytes, NAT-T's 8, and the ESP/AH overhead of the chosen
 * algorithms; never below 1280 for gif with IPv6 inside.
 */
int	mtu_compute(const struct tunnel *, int outer_family);

/* "gif3" for the end's unit; "" for type ipsec. */
void	iface_name(const struct tunnel *, int end, char buf[16]);

/*
 * rc.conf route name for the i-th (0-based) routed prefix of one end:
 * the tunnel name with every byte outside [A-Za-z0-9_] made '_', then
 * "_2", "_3" ... from the second prefix on, so adding a route never renames
 * an existing one.
 */
void	route_name(const struct tunnel *, size_t i, char *buf, size_t len);
/* A byte of a tunnel name as route_name() writes it. */
static inline char
route_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' ? c : '_';
}
/* Room for any route name: a 63-byte tunnel name, "_" and a number. */
#define TG_ROUTE_NAME_MAX	96

/* The family of the tunnel's inner addresses; 0 for type ipsec or none. */
int	tunnel_inner_family(const struct tunnel *);
/*
 * The subnet both inner addresses live in: the prefix, or for the mapping
 * form A's address cut to A's length.  false when there is none.
 */
bool	tunnel_inner_prefix(const struct tunnel *, struct prefix *out);
/* a cut to its first len bits. */
void	prefix_mask(const struct addr *a, unsigned len, struct prefix *out);

#endif
