/*
 * Finding deployed hosts on disk, for the verbs that read them (lint,
 * diff): which folders are host folders, the folder of host folders a
 * compiler writes, --host NAME=DIR, and a host's files in the order rc(8)
 * reads them.
 */
#ifndef TG_HOSTS_H
#define TG_HOSTS_H

#include <stdbool.h>
#include <stddef.h>

#include "grammar/import.h"

/* One host to read: a folder, or (lint) a single file. */
struct host_spec {
	char		*name;
	char		*dir;		/* NULL: a single file */
	char		*file;
};

struct host_specs {
	struct host_spec *v;
	size_t		 n, cap;
};

/*
 * In a folder of host folders, every sub-folder is a host, an empty one
 * being a host with nothing deployed (diff); otherwise only those holding
 * a known file are, and a folder with none is trouble (lint).
 */
#define HOSTS_EVERY_SUBDIR	0x1
/* An rc.conf.d/ folder alone makes a host folder. */
#define HOSTS_RCCONFD_MARKS	0x2

void	host_specs_add(struct host_specs *, const char *name, const char *dir,
	    const char *file);
void	host_specs_free(struct host_specs *);

/* DIR/NAME, without doubling a trailing slash; the caller frees it. */
char	*hosts_join(const char *dir, const char *name);
bool	hosts_is_file(const char *path);
bool	hosts_is_host_dir(const char *dir, unsigned flags);
/* A host folder's name: its last component, or the current folder's. */
char	*hosts_name_of(const char *dir);

/*
 * A DIR argument: one host, or a folder of hosts (sorted by name).
 * Returns false after printing why on stderr, prefixed with VERB.
 */
bool	hosts_add_dir(struct host_specs *, const char *dir, unsigned flags,
	    const char *verb);
/*
 * --host NAME=DIR.  Returns -1 when ARG is not NAME=DIR (a usage error for
 * the caller), 0 after printing why DIR is not a host folder, 1 when added.
 */
int	hosts_add_named(struct host_specs *, const char *arg, unsigned flags,
	    const char *verb);

/*
 * Calls TAKE for each file of the host in DIR, in the order rc reads
 * them: rc.conf, rc.conf.local, rc.conf.d/NAME (sorted, RCCONFD true),
 * then the setkey file, racoon.conf and psk.txt, each at the first of its
 * places that holds a regular file.  TAKE returns whether it took the
 * file; when it did not, the next place for the same kind is tried.
 */
typedef bool	 host_file_fn(void *ctx, enum imp_kind, const char *path,
		    bool rcconfd);
void	hosts_each_file(const char *dir, host_file_fn *take, void *ctx);

#endif
