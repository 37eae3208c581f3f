/*
 * What a FreeBSD host's tunnel configuration means, whichever way it was
 * obtained: lowered from a topology (compiler/lower.c) or built from parsed
 * deployed files (lint).  The printers print it, validate/ checks it, diff
 * compares two of them.  Every element remembers where it came from.
 */
#ifndef TG_HOSTCONFIG_H
#define TG_HOSTCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "model/addr.h"
#include "model/algs.h"
#include "model/loc.h"
#include "model/topology.h"

struct arena;

/* A gre/gif interface: rc.conf cloned_interfaces + ifconfig_IF(_ipv6). */
struct hc_iface {
	char		 name[16];	/* "gif0" */
	enum tun_type	 type;		/* TUN_GIF or TUN_GRE */
	struct addr	 outer_src;	/* this host */
	struct addr	 outer_dst;	/* the peer */
	struct addr	 inner_local;
	struct addr	 inner_remote;
	uint8_t		 inner_len;	/* the subnet's length (netmask) */
	int		 mtu;
	const char	*peer;		/* peer host name (compile) or NULL */
	const char	*tunnel;	/* tunnel name (compile) or NULL */
	struct loc	 loc;
};

struct hc_route {
	char		 name[72];	/* route_NAME suffix */
	struct prefix	 dst;
	struct addr	 gateway;	/* the peer's inner address */
	char		 iface[16];	/* tie to interface: "name:gif0" */
	struct loc	 loc;
};

enum spd_dir {
	SPD_OUT,
	SPD_IN,
};

/* The zero value is what compile lowers to. */
enum spd_action {
	SPD_IPSEC,
	SPD_NONE,
	SPD_DISCARD,
};

/* racoon's proposal_check (phase 1 lifetime/group negotiation). */
enum proposal_check {
	PCHECK_STRICT,		/* racoon's default */
	PCHECK_OBEY,
	PCHECK_CLAIM,
	PCHECK_EXACT,
};

/* One phase 1 proposal, when a remote offers several (lint). */
struct hc_proposal {
	enum enc_alg	 enc;		/* ENC__COUNT: one tunnelgen lacks */
	enum hash_alg	 hash;		/* HASH__COUNT: likewise */
	int		 dh_group;
	unsigned long	 lifetime;	/* 0 = racoon's default */
	bool		 psk;		/* authentication_method pre_shared_key */
	struct loc	 loc;
};

enum ipsec_mode {
	MODE_TRANSPORT,
	MODE_TUNNEL,
};

struct spd_request {
	int		 proto;		/* IPSEC_ESP or IPSEC_AH (one each) */
	enum ipsec_mode	 mode;
	struct addr	 tsrc, tdst;	/* tunnel mode endpoints */
	enum ipsec_level level;
	unsigned	 unique_id;	/* unique:N, 0 = plain */
};

struct hc_policy {
	enum spd_dir	 dir;
	struct prefix	 src, dst;	/* selectors */
	int		 ulproto;	/* -1 = any, else IP protocol number */
	struct spd_request req[2];
	size_t		 nreq;		/* ESP first, then AH */
	struct loc	 loc;
	enum spd_action	 action;	/* lint: ipsec unless none/discard */
	uint32_t	 sport, dport;	/* lint: selector ports, 0 = any */
};

/* racoon phase 1: one remote per peer address. */
struct hc_remote {
	struct addr	 peer;
	enum xchg_mode	 mode;
	struct addr	 my_id;		/* identifiers as addresses */
	struct addr	 peer_id;
	enum enc_alg	 enc;
	enum hash_alg	 hash;
	int		 dh_group;
	unsigned long	 lifetime;
	enum natt_mode	 natt;
	struct loc	 loc;
	/*
	 * Filled from parsed files; zero from compile, which means: one
	 * proposal as above, strict checking, pre-shared key, address ids.
	 */
	struct hc_proposal *props;	size_t nprops;
	enum proposal_check check;
	bool		 anonymous;	/* remote anonymous */
	bool		 certs;		/* authenticated by certificates */
	const char	*my_id_str;	/* fqdn/user_fqdn/keyid value, or NULL */
	const char	*peer_id_str;
	const char	*my_id_type;	/* NULL = address */
	const char	*peer_id_type;
	struct loc	 my_id_loc, peer_id_loc;
};

/* racoon phase 2: one sainfo per flow, selectors as the peer proposes them. */
struct hc_sainfo {
	struct prefix	 local, remote;
	int		 ulproto;	/* -1 = any */
	enum enc_alg	 enc;
	enum auth_alg	 auth;
	int		 pfs_group;	/* 0 = none */
	unsigned long	 lifetime;
	struct loc	 loc;
	bool		 anonymous;	/* lint: sainfo anonymous */
};

struct hc_psk {
	struct addr	 peer;
	const char	*key;		/* never printed in diagnostics */
	size_t		 keylen;
	struct loc	 loc;
	const char	*ident;		/* lint: a non-address identifier */
};

struct hostconfig {
	const char	*host;		/* host name */
	int		 freebsd;
	struct addr	 address;	/* outer address, family 0 if unknown */
	struct hc_iface	*ifaces;	size_t nifaces;
	struct hc_route	*routes;	size_t nroutes;	/* IPv4 and IPv6 */
	bool		 gateway4, gateway6;
	bool		 ipsec;		/* ipsec_enable + racoon_enable */
	const char	*ipsec_file;
	const char	*racoon_dir;
	struct hc_policy *policies;	size_t npolicies;
	struct hc_remote *remotes;	size_t nremotes;
	struct hc_sainfo *sainfos;	size_t nsainfos;
	struct hc_psk	*psks;		size_t npsks;
	struct loc	 loc;
};

#endif
