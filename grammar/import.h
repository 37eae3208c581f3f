/*
 * Deployed files of one host -> the HostConfig they mean.
 *
 * The host's rc.conf (plus rc.conf.local and rc.conf.d/ files, in the
 * order rc loads them), its setkey file, racoon.conf and psk.txt are parsed
 * with their grammars and read into a struct hostconfig whose every element
 * keeps the file:line:col it came from.  What the checks need beyond the
 * HostConfig (the parse trees, rc.conf variables with every assignment,
 * the addresses configured on the host) is kept beside it.
 *
 * Import reports what it cannot make sense of (an ifconfig value without
 * addresses, IPv6 tunnel endpoints without inet6...) with lint's codes.
 */
#ifndef TG_IMPORT_H
#define TG_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/hostconfig.h"
#include "model/loc.h"

struct arena;
struct diag_sink;
struct rcconf_file;
struct rcconf_assign;
struct setkey_file;
struct racoon_file;
struct psk_file;

enum imp_kind {
	IMP_RCCONF,
	IMP_SETKEY,
	IMP_RACOON,
	IMP_PSK,
	IMP__COUNT
};

/* One input file, as the caller read it. */
struct imp_input {
	enum imp_kind	 kind;
	const char	*path;		/* for diagnostics */
	const char	*text;		/* must outlive the sink's flush */
	size_t		 len;
	bool		 have_stat;	/* st_mode and st_uid are valid */
	mode_t		 mode;
	uid_t		 uid;
};

/* One rc.conf assignment in load order across the host's rc files. */
struct imp_rcvar {
	const struct rcconf_assign *a;
	const char	*value;		/* with ${var} expanded as sh would */
	bool		 exact;		/* no $(...) or unknown ${x:-y} */
	size_t		 prev;		/* previous assignment of the name, or
					   SIZE_MAX */
};

/* Where the parts of an interface's configuration were written. */
struct imp_iface {
	struct loc	 cloned_loc;	/* its word in cloned_interfaces */
	struct loc	 ifconfig_loc;	/* the ifconfig_IF value */
	struct loc	 tunnel_loc;	/* the value holding `tunnel` */
	struct loc	 inner_loc;	/* the value holding the inner address */
	bool		 has_tunnel, has_inner, has_mtu;
	bool		 cloned;	/* listed in cloned_interfaces */
	bool		 tunnel_bad;	/* `tunnel` with unreadable endpoints */
	const char	*list;		/* cloned_interfaces or gif_interfaces */
};

struct imp_route {
	bool		 listed;	/* in static_routes */
	bool		 defined;	/* route_NAME exists */
	bool		 v6;
	bool		 via_iface;	/* -interface IF */
	bool		 parsed;	/* dst and gateway understood */
	struct loc	 list_loc;
	char		 via[16];	/* -interface name */
};

struct imp_host {
	const char	*name;
	struct imp_input in[IMP__COUNT];
	bool		 has[IMP__COUNT];
	/* rc.conf files, in load order */
	struct imp_input *rcin;		size_t nrc;
	struct rcconf_file **rc;
	struct imp_rcvar *vars;		size_t nvars;
	struct setkey_file *sk;
	struct racoon_file *racoon;
	struct psk_file *psk;
	struct hostconfig hc;
	struct imp_iface *ifx;		/* parallel to hc.ifaces */
	struct imp_route *rtx;		/* parallel to hc.routes */
	/* Addresses of this host (non-tunnel interfaces, tunnel sources,
	   racoon's own identifiers and listen addresses), sorted, unique. */
	struct addr	*local;		size_t nlocal;
	bool		 local_unknown;	/* some interface uses DHCP etc. */
	/* Prefixes of non-tunnel interfaces (for route gateways). */
	struct prefix	*nets;		size_t nnets;
	/* rc.conf knobs */
	bool		 ipsec_enable, racoon_enable;
	struct loc	 ipsec_enable_loc, racoon_enable_loc, ipsec_file_loc;
	const char	*racoon_conf_path;	/* from racoon_flags -f, or NULL */
	/* racoon.conf */
	const char	*psk_path;	/* path pre_shared_key */
	struct loc	 psk_path_loc;
	size_t		 nmanual_sa;	/* `add` statements in the setkey file */
	struct hc_psk	*psk_sorted;	/* hc.psks with addresses, sorted */
	size_t		 npsk_sorted;
	/* Addresses this host is known to own from outside its tunnels:
	   non-tunnel interfaces, racoon identifiers and listen addresses. */
	struct addr	*own;		size_t nown;
	/* rc.conf name -> last position in vars (open addressing). */
	size_t		*varmap;	size_t varmap_size;
};

/*
 * Build a host from its files.  Every file is parsed (errors reported by
 * the grammars), then read into h->hc.  Several IMP_RCCONF inputs are
 * taken in the order given.  Never fails.
 */
struct imp_host	*import_host(const char *name, const struct imp_input *,
		    size_t ninputs, struct arena *, struct diag_sink *);

/* The two halves of import_host: parse the files, then read them. */
struct imp_host	*import_parse(const char *name, const struct imp_input *,
		    size_t ninputs, struct arena *, struct diag_sink *);
void		 import_build(struct imp_host *, struct arena *,
		    struct diag_sink *);

/* The last value sh would give a variable, or NULL when unset. */
const struct imp_rcvar *import_var(const struct imp_host *, const char *name);
/* Is the address one of this host's own? */
bool		 import_is_local(const struct imp_host *, const struct addr *);
/* The psk entry racoon would use for a peer address, or NULL. */
const struct hc_psk *import_psk(const struct imp_host *, const struct addr *);
/* The kind of a file from its name and, failing that, its content. */
int		 import_guess_kind(const char *path, const char *text,
		    size_t len);
/* sh's checkyesno. */
bool		 import_yes(const char *);

#endif
