/*
 * lint: checks on deployed configurations, per file, per host and across
 * hosts.  Every check has a code in lint_checks[] (lint_codes.c) with its
 * severity and a one-line description; `tunnelgen lint --list-checks`
 * prints that table after the topology checks' one.
 *
 * The per-host checks read what grammar/import.c built from a host's files
 * (parse trees and HostConfig).  The pair checks work on HostConfigs only,
 * so that compile can run them on its own lowered output: compile and lint
 * then cannot disagree about what a matched pair of hosts is.
 */
#ifndef TG_LINT_H
#define TG_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/hostconfig.h"

struct imp_host;

struct lint_check {
	const char		*code;
	enum diag_severity	 severity;
	const char		*concern;	/* rc.conf, ipsec.conf, ... */
	const char		*what;
};

extern const struct lint_check	lint_checks[];
extern const size_t		nlint_checks;
const struct lint_check *lint_check_lookup(const char *code);

struct lint_opts {
	bool		 live;		/* check psk.txt owner and mode */
};

/* Per-host checks, one file per concern. */
void	lint_rcconf(const struct imp_host *, struct diag_sink *);
void	lint_ipsec(const struct imp_host *, struct diag_sink *);
void	lint_racoon(const struct imp_host *, const struct lint_opts *,
	    struct diag_sink *);

/*
 * Order of SPD entries by direction, then selector (addresses, upper-layer
 * protocol, ports); 0 when two entries select the same traffic.
 */
int	lint_policy_cmp(const struct hc_policy *, const struct hc_policy *);

/* A host as the pair checks see it. */
struct lint_peer {
	const struct hostconfig	*hc;
	const struct addr	*own;	/* addresses it surely owns */
	size_t			 nown;
	const struct addr	*local;	/* and those it claims (tunnel sources) */
	size_t			 nlocal;
	const struct prefix	*nets;	/* networks behind it */
	size_t			 nnets;
};

/* The status of one inferred tunnel, in the order they are decided. */
enum lint_status {
	LS_OK,
	LS_MISSING_END,
	LS_SWAPPED,
	LS_INNER_MISMATCH,
	LS_POLICY_MISMATCH,
	LS_PHASE1_MISMATCH,
	LS_PSK_MISMATCH,
	LS_PHASE2_MISMATCH,
	LS__COUNT
};

extern const char *const lint_status_names[LS__COUNT];

struct lint_tunnel {
	long		 host[2];	/* index into the peers; -1 = unknown */
	const struct hc_iface *iface[2];	/* NULL for plain IPsec */
	enum tun_type	 type;
	struct addr	 outer[2];	/* end 0 -> end 1 */
	struct addr	 inner[2];
	unsigned	 inner_len;
	int		 mtu[2];
	char		 protection[48];	/* "esp/transport/require" */
	struct prefix	 flow[2];	/* IPsec tunnel mode: the selectors */
	unsigned	 problems;	/* bit per enum lint_status */
	enum lint_status status;
};

struct lint_table {
	struct lint_tunnel *rows;
	size_t		 nrows;
};

/*
 * The checks across hosts: pair tunnels by their outer addresses, compare
 * both ends (interfaces, policies, racoon phase 1 and 2, keys, routes).
 * Fills the table when one is given (free with lint_table_free).  Returns
 * the number of errors reported.
 */
size_t	lint_pairs(const struct lint_peer *, size_t npeers,
	    struct diag_sink *, struct lint_table *);
void	lint_table_free(struct lint_table *);
/*
 * compile's self-check: the pair checks over lowered HostConfigs (each
 * host known by its topology address).  Returns the errors reported.
 */
size_t	lint_lowered(const struct hostconfig *, size_t nhosts,
	    struct diag_sink *);
/*
 * The same on the two ends of one tunnel as compile lowers them, one
 * tunnel at a time (so compile keeps one host in memory).  Host-wide
 * matters (forwarding) are left out: a tunnel's view does not hold them.
 */
size_t	lint_mirror(const struct hostconfig *a, const struct hostconfig *b,
	    struct diag_sink *);
void	lint_table_print(const struct lint_table *,
	    const struct lint_peer *, FILE *, bool json);

/* A host as the pair checks see it, from an imported one. */
struct lint_peer lint_peer_of(const struct imp_host *);

/*
 * With a topology, lowered to HostConfigs as compile lowers it: everything
 * it says must be on a host is there, and nothing tunnel-related is there
 * that it does not say.  Hosts are matched by name.
 */
void	lint_topology(const struct hostconfig *expected, size_t nexpected,
	    struct imp_host *const *, size_t nhosts, struct diag_sink *);

#endif
