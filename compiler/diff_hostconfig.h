/*
 * diff: what a topology lowers to for one host against what the host's
 * deployed files mean.  Both sides meet as HostConfigs, so comments,
 * statement order and equivalent spellings never show up; what remains is
 * a list of drift items, each located in the deployed file when the
 * deployed side has the element.
 */
#ifndef TG_DIFF_HOSTCONFIG_H
#define TG_DIFF_HOSTCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "model/hostconfig.h"
#include "model/loc.h"

struct imp_host;

enum drift_kind {
	DRIFT_CHANGED,		/* both sides have it, a field differs */
	DRIFT_MISSING,		/* the topology has it, the host does not */
	DRIFT_EXTRA,		/* the host has it, the topology does not */
};

struct drift {
	enum drift_kind	 kind;
	const char	*host;
	const char	*file;		/* deployed path, or NULL */
	unsigned	 line, col;	/* 0 when not located */
	char		*object;	/* "remote 192.0.2.9", "ifconfig_gif0" */
	char		*field;		/* "level", or NULL */
	char		*deployed;	/* value on the host, or NULL */
	char		*topology;	/* value the topology gives, or NULL */
	char		*note;		/* why an extra is drift, or NULL */
	bool		 secret;	/* values are keys */
	bool		 words;		/* values are keywords: quote them */
	size_t		 seq;		/* order found, for a stable sort */
};

struct drift_list {
	struct drift	*v;
	size_t		 n, cap;
};

/*
 * Compare one host.  `want` is the lowered HostConfig (NULL: the host is
 * not in the topology), `have` the imported host (NULL: not deployed).
 * Items are appended to `out` in file then line order.
 */
void	diff_host(const char *name, const struct hostconfig *want,
	    const struct imp_host *have, struct drift_list *out);
void	drift_list_clear(struct drift_list *);

#endif
