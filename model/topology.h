/*
 * The topology as loaded from YAML (schema v1, see tunnelgen.yaml(5)):
 * defaults already merged, names resolved to indices, every value paired with
 * the place it came from.  The loader fills it and checks each value on its
 * own (syntax, type, range); validate/ checks the relations between values;
 * model/derive.c computes what the schema leaves to be allocated.
 *
 * Values the file does not give hold the schema's defaults; their loc is
 * the enclosing object's (the tunnel's or host's name, the tunnel's `ipsec`
 * key), and a value inherited from `defaults` keeps the loc it has there.
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
	enum psk_kind	 kind;
	const char	*ref;		/* env name, or path as written */
	struct loc	 loc;		/* the psk value (or mapping) */
	/* Resolved by the loader; never printed in diagnostics. */
	bool		 resolved;
	const char	*key;
	size_t		 keylen;
};

struct phase1 {
	enum xchg_mode	 mode;		struct loc mode_loc;
	enum enc_alg	 enc;		struct loc enc_loc;
	enum hash_alg	 hash;		struct loc hash_loc;
	int		 dh_group;	struct loc dh_group_loc;
	unsigned long	 lifetime;	struct loc lifetime_loc; /* seconds */
};

struct phase2 {
	enum enc_alg	 enc;		struct loc enc_loc;
	enum auth_alg	 auth;		struct loc auth_loc;
	int		 pfs_group;	struct loc pfs_group_loc; /* 0 = none */
	unsigned long	 lifetime;	struct loc lifetime_loc;
};

struct ipsec {
	bool		 present;	/* gre/gif: encrypted; type ipsec: always */
	struct loc	 loc;		/* the tunnel's own `ipsec` key */
	enum ipsec_proto protocol;	struct loc protocol_loc;
	enum ipsec_level level;		struct loc level_loc;
	enum natt_mode	 natt;		struct loc natt_loc;
	struct psk	 psk;
	struct phase1	 p1;
	struct phase2	 p2;
};

enum routes_kind {
	ROUTES_AUTO,
	ROUTES_NONE,
	ROUTES_LIST,
};

/* One end of a tunnel: end 0 is A (first in `between`), end 1 is B. */
struct tunnel_end {
	size_t		 host;		/* index into topology.hosts */
	struct loc	 host_loc;	/* the name inside `between` */
	int		 pin_unit;	/* pinned interface unit, -1 = none */
	enum tun_type	 pin_type;	/* the pin's gre/gif (TUN_GRE/TUN_GIF);
					   the tunnel's type when not pinned */
	struct loc	 pin_loc;
	struct addr	 inner;		/* inner address; family 0 until derived */
	struct loc	 inner_loc;	/* mapping form: this end's value */
	uint8_t		 inner_plen;	/* mapping form: its prefix length */
	struct prefix	*routes;	/* ROUTES_LIST: this end's prefixes */
	struct loc	*route_locs;
	size_t		 nroutes;
	/* Derived (model/derive.c), after the checks passed: */
	int		 unit;		/* interface unit, -1 for type ipsec */
};

struct tunnel {
	const char	*name;		struct loc name_loc;
	size_t		 index;		/* file order */
	enum tun_type	 type;		struct loc type_loc;
	struct loc	 between_loc;
	struct tunnel_end end[2];
	/*
	 * inner: prefix form sets inner_prefix; mapping form sets both ends
	 * (inner, inner_plen, inner_loc) and inner_prefix to A's address and
	 * length with the host bits cleared.
	 */
	bool		 inner_is_map;
	bool		 has_inner;
	struct prefix	 inner_prefix;	/* the subnet both ends live in */
	struct loc	 inner_loc;
	int		 mtu;		struct loc mtu_loc; /* 0 = compute */
	enum routes_kind routes;	struct loc routes_loc;
	struct ipsec	 ipsec;
	/* Derived (model/derive.c): */
	int		 eff_mtu;	/* mtu, or the computed one */
	uint8_t		 inner_len;	/* prefix length of the inner subnet */
};

struct host {
	const char	*name;		struct loc name_loc;
	size_t		 index;
	struct addr	 address;	struct loc address_loc;
	struct prefix	*networks;
	struct loc	*network_locs;
	size_t		 nnetworks;
	int		 freebsd;	struct loc freebsd_loc;	/* default 14 */
	/* -1 = not given: the default is true when the host has networks. */
	int		 gateway;	struct loc gateway_loc;
	const char	*ipsec_file;	struct loc ipsec_file_loc;
	const char	*racoon_dir;	struct loc racoon_dir_loc;
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
	size_t		*host_slots;
	size_t		 host_nslots;	/* a power of 2 */
};

void		 topology_free(struct topology *);
/* Host index by name, or -1.  O(1) after topology_index_hosts(). */
long		 topology_find_host(const struct topology *, const char *);
/* (Re)build the name index of t->hosts in t->arena; the loader calls it. */
void		 topology_index_hosts(struct topology *);

#define TG_DEFAULT_FREEBSD	14
#define TG_DEFAULT_IPSEC_FILE	"/etc/ipsec.conf"
#define TG_DEFAULT_RACOON_DIR	"/usr/local/etc/racoon"

#endif
