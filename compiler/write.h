/*
 * The output tree writer: DIR/HOST/FILE, each file written to a temporary
 * file beside it and renamed into place only after every file was written,
 * so that a failure leaves the previous output as it was.  A file whose
 * content would not change is left alone (its mtime stays).  Files that
 * tunnelgen does not write are never touched.
 *
 * There is no fsync: rename(2) is atomic for readers, but surviving a power
 * loss right after a run needs a sync(8) (or the file system's own commit).
 */
#ifndef TG_WRITE_H
#define TG_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct writer;

struct write_stats {
	size_t	written, unchanged;
	size_t	stale_hosts, stale_files;	/* found (and pruned) */
	char	*stale_names;		/* "old-a, old-b" or NULL */
};

/* The names of every file tunnelgen may write inside a host folder. */
extern const char *const writer_known_files[];

/*
 * Create (if missing) and open the output folder.  `direct` writes files in
 * place instead of temp + rename (for measuring the cost only).  NULL after
 * printing why to stderr.
 */
struct writer	*writer_open(const char *dir, bool direct);
/*
 * Stage HOST/NAME (NAME may hold one folder level: "rc.conf.d/netif").
 * Returns 0, or -1 after printing why.  The data is copied out before
 * returning, so the caller may reuse its buffer.
 */
int		 writer_put(struct writer *, const char *host,
		    const char *name, const char *data, size_t len,
		    mode_t mode);
/*
 * Rename every staged file into place.  Then look for host folders (and
 * files in this run's host folders) that tunnelgen wrote before but no
 * longer does: counted in stats, removed with `prune` (only files
 * tunnelgen would write, then folders left empty).  Returns 0, or -1 after
 * printing why.  The writer is freed either way.
 */
int		 writer_commit(struct writer *, bool prune,
		    struct write_stats *);
/* Remove every staged temporary file and free the writer. */
void		 writer_abort(struct writer *);
void		 write_stats_free(struct write_stats *);

#endif
