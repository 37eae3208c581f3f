/*
 * The topology checks behind validate_topology(), one per concern, and the
 * few helpers they share.  Every check reads the derived model and reports
 * through the sink; none of them may assume the model is free of errors the
 * loader already reported, so each skips what it cannot judge.  All of them
 * run in O(n log n) in hosts plus tunnels: overlaps and duplicates are found
 * by sorting and sweeping, never by comparing all pairs.
 */
#ifndef TG_CHECKS_H
#define TG_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/diag.h"
#include "model/topology.h"

void	check_addresses(const struct topology *, struct diag_sink *);
void	check_inner(const struct topology *, struct diag_sink *);
void	check_interfaces(const struct topology *, struct diag_sink *);
void	check_routes(const struct topology *, struct diag_sink *);
void	check_pairs(const struct topology *, struct diag_sink *);
void	check_ipsec(const struct topology *, struct diag_sink *);
void	check_mtu(const struct topology *, struct diag_sink *);

/* The host at an end, or NULL when the loader could not resolve it. */
static inline const struct host *
end_host(const struct topology *top, const struct tunnel *t, int e)
{
	return t->end[e].host < top->nhosts ? &top->hosts[t->end[e].host] :
	    NULL;
}

/* Order of two places in the topology file: line, then column. */
int	tloc_cmp(struct tloc, struct tloc);
const char *family_name(int family);

/*
 * A prefix as a small, integer-compared sort key of 32 bytes: sorting
 * hundreds of thousands of these is several times faster than sorting the
 * models' structs with prefix_cmp.  Order: group, family, address, length,
 * rank, place, idx.
 */
struct pkey {
	uint64_t	 hi, lo;	/* address bytes 0-7 and 8-15 */
	uint32_t	 gf;		/* group << 1 | 1 for IPv6 */
	uint32_t	 line;		/* where, for file order among equals */
	uint32_t	 idx;		/* index of the caller's record */
	uint16_t	 col;		/* saturated, as the loader's are */
	uint8_t		 len, rank;
};

/* The caller's group (such as a host index, below 2^31). */
static inline void
pkey_set_group(struct pkey *k, uint32_t group)
{
	k->gf = group << 1 | (k->gf & 1);
}

static inline uint32_t
pkey_group(const struct pkey *k)
{
	return k->gf >> 1;
}

static inline int
pkey_family(const struct pkey *k)
{
	return k->gf & 1 ? AF_V6 : AF_V4;
}

void	pkey_set(struct pkey *, const struct prefix *, struct tloc,
	    size_t idx);
int	pkey_cmp(const void *, const void *);
/* Sorts by pkey_cmp's order, several times faster than qsort. */
void	pkey_sort(struct pkey *, size_t n);

/* The prefix a key was made of. */
void	pkey_prefix(const struct pkey *, struct prefix *);
/* Does a's prefix hold b's?  (Same family; groups are not compared.) */
bool	pkey_covers(const struct pkey *a, const struct pkey *b);

/*
 * An overlap sweep: every item (a prefix, or an address as a full-length
 * prefix) that lies inside an earlier pushed one is reported with the
 * innermost such item.  Prefixes either nest or are disjoint, so one stack
 * holds every open prefix: O(n log n) overall.  An item is one 40-byte sort
 * key, since a big topology has hundreds of thousands.  rank orders equal
 * prefixes (lower first), so that an item which is never pushed still sees
 * an equal one that is.
 */
struct skey {
	uint64_t	 hi, lo;	/* as in struct pkey */
	uint32_t	 line;
	uint32_t	 owner, sub;	/* the caller's */
	uint16_t	 col;
	uint8_t		 family, len, rank;
	uint8_t		 kind;		/* the caller's */
	bool		 push;		/* may contain later items */
};

struct sweep {
	struct skey	*keys;
	size_t		 n, cap;
};

/* An item as found() sees it. */
struct sweep_item {
	struct prefix	 p;
	struct tloc	 loc;
	int		 kind;
	int		 rank;
	bool		 push;
	size_t		 owner;
	size_t		 sub;
};

/* Room for n items. */
void	sweep_init(struct sweep *, size_t n);
void	sweep_add(struct sweep *, const struct prefix *, struct tloc,
	    int kind, int rank, bool push, size_t owner, size_t sub);
/* Sort, call found(outer, inner) for each item inside another, free. */
void	sweep_run(struct sweep *,
	    void (*found)(const struct sweep_item *outer,
		const struct sweep_item *inner, void *ctx), void *ctx);

#endif
