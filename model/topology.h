/*
 * The topology as loaded from YAML (schema v1, see tunnelgen.yaml(5)):
 * defaults already merged, names resolved to indices, every value paired with
 * the place it came from.  The loader fills it and checks each value on its
 * own (syntax, type, range); validate/ checks the relations between values;
 * model/derive.c computes what the schema leaves to be allocated.
 *
 * Values the file does not give hold the schema's defaults; their loc is
 * the enclosing object's (the tunnel's name, its `ipsec` key), or unset
 * where the value lives in a shared record (an IPsec policy, a host's
 * rarely set values): readers then fall back to the enclosing place.  A
 * value inherited from `defaults` keeps the loc it has there.
 */
#ifndef TG_TOPOLOGY_H
#define TG_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/addr.h"
#include "model/algs.h"
#include "model/loc.h"

struct arena;

enum tun_type {
	TUN_GIF,
	TUN_GRE,
	TUN_IPSEC,
};

enum ipsec_proto {
	IPSEC_ESP,
	IPSEC_AH,
	IPSEC_ESP_AH,
};

enum ipsec_level {
	LEVEL_REQUIRE,
	LEVEL_USE,
	LEVEL_UNIQUE,
};

enum natt_mode {
	NATT_OFF,
	NATT_ON,
	NATT_FORCE,
};

enum xchg_mode {
	XCHG_MAIN,
	XCHG_AGGRESSIVE,
};

enum psk_kind {
	PSK_NONE,	/* not given */
	PSK_ENV,
	PSK_FILE,
	PSK_LITERAL,
};

struct psk {
	uint8_t		 kind;		/* enum psk_kind */
	bool		 resolved;	/* by the loader; never printed */
	uint32_t	 keylen;
	struct tloc	 loc;		/* the psk value (or mapping) */
	const char	*ref;		/* env name, or path as written */
	const char	*key;
};

/*
 * Phase 1 and 2 proposals, in a shared struct ipsec_policy: most tunnels
 * take them whole from `defaults`, so the loader keeps one record per
 * distinct policy (values and places) and the tunnels point at it.  A
 * value the schema supplies has no place of its own (line 0): report it at
 * the tunnel's `ipsec` key.
 */
struct phase1 {
	enum xchg_mode	 mode;		struct tloc mode_loc;
	enum enc_alg	 enc;		struct tloc enc_loc;
	enum hash_alg	 hash;		struct tloc hash_loc;
	int		 dh_group;	struct tloc dh_group_loc;
	uint32_t	 lifetime;	struct tloc lifetime_loc; /* seconds */
};

struct phase2 {
	enum enc_alg	 enc;		struct tloc enc_loc;
	enum auth_alg	 auth;		struct tloc auth_loc;
	int		 pfs_group;	struct tloc pfs_group_loc; /* 0 = none */
	uint32_t	 lifetime;	struct tloc lifetime_loc;
};

/*
 * Everything of a tunnel's IPsec but its key: shared like the phases (all
 * its members are 4 bytes, so it has no padding and compares as bytes).
 */
struct ipsec_policy {
	enum ipsec_proto protocol;	struct tloc protocol_loc;
	enum ipsec_level level;		struct tloc level_loc;
	enum natt_mode	 natt;		struct tloc natt_loc;
	struct phase1	 p1;
	struct phase2	 p2;
};

struct ipsec {
	bool		 present;	/* gre/gif: encrypted; type ipsec: always */
	struct tloc	 loc;		/* the tunnel's own `ipsec` key */
	struct psk	 psk;
	const struct ipsec_policy *pol;	/* never NULL */
};

enum routes_kind {
	ROUTES_AUTO,
	ROUTES_NONE,
	ROUTES_LIST,
};

/* One end's `routes:` list (ROUTES_LIST only). */
struct route_list {
	size_t		 n;
	struct prefix	*p;
	struct tloc	*locs;
};

/* One end of a tunnel: end 0 is A (first in `between`), end 1 is B. */
struct tunnel_end {
	struct tloc	 host_loc;	/* the name inside `between` */
	struct tloc	 pin_loc;
	struct tloc	 inner_loc;	/* mapping form: this end's value */
	uint32_t	 host;		/* index into topology.hosts */
	int		 pin_unit;	/* pinned interface unit, -1 = none */
	/* Derived (model/derive.c), after the checks passed: */
	int		 unit;		/* interface unit, -1 for type ipsec */
	struct addr	 inner;		/* inner address; family 0 until derived */
	uint8_t		 inner_plen;	/* mapping form: its prefix length */
	uint8_t		 pin_type;	/* enum tun_type: the pin's gre/gif;
					   the tunnel's type when not pinned */
	struct route_list *routes;	/* ROUTES_LIST: this end's, or NULL */
};

struct tunnel {
	const char	*name;
	struct tloc	 name_loc;
	struct tloc	 type_loc;
	struct tloc	 between_loc;
	struct tloc	 inner_loc;
	struct tloc	 mtu_loc;
	struct tloc	 routes_loc;
	uint32_t	 index;		/* file order */
	int		 mtu;		/* 0 = compute */
	int		 eff_mtu;	/* derived: mtu, or the computed one */
	uint8_t		 type;		/* enum tun_type */
	uint8_t		 routes;	/* enum routes_kind */
	/*
	 * inner: prefix form sets inner_prefix; mapping form sets both ends
	 * (inner, inner_plen, inner_loc) and inner_prefix to A's address and
	 * length with the host bits cleared.
	 */
	bool		 inner_is_map;
	bool		 has_inner;
	uint8_t		 inner_len;	/* derived: the subnet's length */
	struct prefix	 inner_prefix;	/* the subnet both ends live in */
	struct tunnel_end end[2];
	struct ipsec	 ipsec;
};

/*
 * What few hosts set, apart: most hosts have none of it, and a big
 * topology has tens of thousands of hosts.  Not given: the place is unset.
 */
struct host_opt {
	struct tloc	 freebsd_loc;
	struct tloc	 gateway_loc;
	const char	*ipsec_file;	struct tloc ipsec_file_loc;
	const char	*racoon_dir;	struct tloc racoon_dir_loc;
};

struct host {
	const char	*name;		struct tloc name_loc;
	struct tloc	 address_loc;
	uint32_t	 index;
	uint32_t	 nnetworks;
	struct addr	 address;
	uint8_t		 freebsd;	/* default 14 */
	/* -1 = not given: the default is true when the host has networks. */
	int8_t		 gateway;
	struct prefix	*networks;
	struct tloc	*network_locs;
	const struct host_opt *opt;	/* NULL: none given */
};

struct topology {
	const char	*file;		/* interned diagnostics name */
	const char	*dir;		/* folder of the file, for psk files */
	struct host	*hosts;
	size_t		 nhosts;
	struct tunnel	*tunnels;
	size_t		 ntunnels;
	struct arena	*arena;		/* owns everything above */
	bool		 literal_psk;	/* some tunnel has a literal key */
	/* Host name index (topology_index_hosts): index + 1, 0 = empty. */
	uint32_t	*host_slots;
	size_t		 host_nslots;	/* a power of 2 */
};

/* A place in the topology file as a struct loc, for diagnostics. */
static inline struct loc
topo_loc(const struct topology *t, struct tloc l)
{
	return tloc_at(t->file, l);
}

void		 topology_free(struct topology *);
/* The host's values or the schema's defaults. */
const char	*host_ipsec_file(const struct host *);
const char	*host_racoon_dir(const struct host *);
/* Host index by name, or -1.  O(1) after topology_index_hosts(). */
long		 topology_find_host(const struct topology *, const char *);
/* (Re)build the name index of t->hosts in t->arena; the loader calls it. */
void		 topology_index_hosts(struct topology *);

#define TG_DEFAULT_FREEBSD	14
#define TG_DEFAULT_IPSEC_FILE	"/etc/ipsec.conf"
#define TG_DEFAULT_RACOON_DIR	"/usr/local/etc/racoon"

#endif
