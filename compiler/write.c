#include "config.h"

#include "compiler/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/cli.h"
#include "model/arena.h"

const char *const writer_known_files[] = {
	"rc.conf", "ipsec.conf", "racoon.conf", "psk.txt",
	"rc.conf.d/netif", "rc.conf.d/routing", "rc.conf.d/ipsec",
	"rc.conf.d/racoon",
	NULL
};
#define NKNOWN		8
#define FIRST_RCD	4	/* the rest live in rc.conf.d */

/*
 * A file written to its temporary name, to be renamed.  Both names are
 * made again when needed (host folder, file, pid): a big run stages
 * hundreds of thousands of files, and keeping two paths for each was most
 * of the writer's memory.
 */
struct staged {
	uint32_t	 host;		/* index into hosts */
	int32_t		 file;		/* known file, or -1 - offset of name */
};

struct whost {
	size_t		 name;		/* offset into names */
	unsigned	 mask;		/* known files this run wrote */
	bool		 fresh;		/* made by this run */
};

struct writer {
	char		*dir;
	int		 dirfd;
	bool		 direct;
	long		 pid;
	char		*names;
	size_t		 nameslen, namescap;
	struct staged	*staged;
	size_t		 nstaged, capstaged;
	struct whost	*hosts;
	size_t		 nhosts, caphosts;
	size_t		*made;		/* folders this run made */
	size_t		 nmade, capmade;
	bool		 rcd_made;	/* last host has rc.conf.d */
	bool		 host_new;	/* this run made its folder */
	bool		 rcd_new;	/* ... and its rc.conf.d */
	char		*scratch;	/* for comparing existing files */
	size_t		 scratchcap;
	size_t		 written, unchanged;
};

static void
werr(const struct writer *w, const char *what, const char *rel, int err)
{
	fprintf(stderr, "%s: %s '%s%s%s': %s\n", cli_progname, what, w->dir,
	    rel ? "/" : "", rel ? rel : "", strerror(err));
}

static size_t
save_name(struct writer *w, const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0, lc = c ? strlen(c) : 0;
	size_t off = w->nameslen, need = la + lb + lc + 1;

	if (w->namescap - w->nameslen < need) {
		while (w->namescap - w->nameslen < need)
			w->namescap = w->namescap ? w->namescap * 2 : 65536;
		w->names = xrealloc(w->names, w->namescap);
	}
	memcpy(w->names + off, a, la);
	if (lb)
		memcpy(w->names + off + la, b, lb);
	if (lc)
		memcpy(w->names + off + la + lb, c, lc);
	w->names[off + need - 1] = '\0';
	w->nameslen += need;
	return off;
}

/* mkdir -p */
static int
make_dirs(const char *path)
{
	char *p = xstrdup(path), *s, c;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

struct writer *
writer_open(const char *dir, bool direct)
{
	struct writer *w = xcalloc(1, sizeof(*w));
	size_t n = strlen(dir);

	w->dir = xstrdup(dir);
	while (n > 1 && w->dir[n - 1] == '/')
		w->dir[--n] = '\0';
	w->direct = direct;
	w->pid = (long)getpid();
	if (make_dirs(w->dir) < 0 ||
	    (w->dirfd = open(w->dir, O_RDONLY | O_DIRECTORY)) < 0) {
		int e = errno;

		fprintf(stderr, "%s: cannot create output folder '%s': %s\n",
		    cli_progname, w->dir, strerror(e));
		free(w->dir);
		free(w);
		return NULL;
	}
	return w;
}

static int
known_index(const char *name)
{
	int i;

	for (i = 0; i < NKNOWN; i++)
		if (strcmp(writer_known_files[i], name) == 0)
			return i;
	return -1;
}

/* Does the file at rel already hold exactly data (and a mode we accept)? */
static bool
same_content(struct writer *w, const char *rel, const char *data, size_t len,
    mode_t mode)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd;

	if (fstatat(w->dirfd, rel, &st, 0) < 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		return false;
	/* A key file that others may read is rewritten with mode 0600. */
	if ((st.st_mode & 077 & ~mode) != 0)
		return false;
	if ((fd = openat(w->dirfd, rel, O_RDONLY)) < 0)
		return false;
	if (w->scratchcap < len + 1) {
		w->scratchcap = len + 1 > 65536 ? len + 1 : 65536;
		w->scratch = xrealloc(w->scratch, w->scratchcap);
	}
	while (got <= len &&
	    (n = read(fd, w->scratch + got, len + 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	return got == len && memcmp(w->scratch, data, len) == 0;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * mkdir that remembers what it created, so that abort can undo it.
 * Returns 1 when the folder is new (so nothing in it needs comparing).
 */
static int
make_dir(struct writer *w, const char *rel)
{
	if (mkdirat(w->dirfd, rel, 0755) < 0)
		return errno == EEXIST ? 0 : -1;
	if (w->nmade == w->capmade) {
		w->capmade = w->capmade ? w->capmade * 2 : 64;
		w->made = xreallocarray(w->made, w->capmade,
		    sizeof(*w->made));
	}
	w->made[w->nmade++] = save_name(w, rel, NULL, NULL);
	return 1;
}

static struct whost *
enter_host(struct writer *w, const char *host)
{
	struct whost *h;

	if (w->nhosts > 0) {
		h = &w->hosts[w->nhosts - 1];
		if (strcmp(w->names + h->name, host) == 0)
			return h;
	}
	switch (make_dir(w, host)) {
	case -1:
		werr(w, "cannot create folder", host, errno);
		return NULL;
	case 1:
		w->host_new = true;
		break;
	default:
		w->host_new = false;
	}
	if (w->nhosts == w->caphosts) {
		w->caphosts = w->caphosts ? w->caphosts * 2 : 64;
		w->hosts = xreallocarray(w->hosts, w->caphosts,
		    sizeof(*w->hosts));
	}
	h = &w->hosts[w->nhosts++];
	h->name = save_name(w, host, NULL, NULL);
	h->mask = 0;
	h->fresh = w->host_new;
	w->rcd_made = false;
	w->rcd_new = false;
	return h;
}

/* The final and temporary paths of a file, relative to the folder. */
static void
file_paths(const struct writer *w, const char *host, const char *name,
    char *rel, size_t rellen, char *tmp, size_t tmplen)
{
	const char *slash = strchr(name, '/'), *base = slash ? slash + 1 : name;

	snprintf(rel, rellen, "%s/%s", host, name);
	/* The temporary file lives beside its target: rename stays atomic. */
	snprintf(tmp, tmplen, "%s/%.*s.%s.tg%ld", host, (int)(base - name),
	    name, base, w->pid);
}

static void
staged_paths(const struct writer *w, const struct staged *sf, char *rel,
    size_t rellen, char *tmp, size_t tmplen)
{
	const char *name = sf->file >= 0 ? writer_known_files[sf->file] :
	    w->names + (size_t)(-1 - (long)sf->file);

	file_paths(w, w->names + w->hosts[sf->host].name, name, rel, rellen,
	    tmp, tmplen);
}

int
writer_put(struct writer *w, const char *host, const char *name,
    const char *data, size_t len, mode_t mode)
{
	char rel[4096], tmp[4200];
	const char *slash;
	struct whost *h;
	int fd, k, known, tries;

	if ((h = enter_host(w, host)) == NULL)
		return -1;
	if ((known = known_index(name)) >= 0)
		h->mask |= 1u << known;
	file_paths(w, host, name, rel, sizeof(rel), tmp, sizeof(tmp));
	slash = strchr(name, '/');
	if (slash != NULL && !w->rcd_made) {
		char sub[4096];

		snprintf(sub, sizeof(sub), "%s/%.*s", host,
		    (int)(slash - name), name);
		if ((k = make_dir(w, sub)) < 0) {
			werr(w, "cannot create folder", sub, errno);
			return -1;
		}
		w->rcd_made = true;
		w->rcd_new = k == 1;
	}
	/* In a folder this run created there is nothing to compare with. */
	if (!(slash ? w->rcd_new : w->host_new) &&
	    same_content(w, rel, data, len, mode)) {
		w->unchanged++;
		return 0;
	}
	if (w->direct) {
		fd = openat(w->dirfd, rel, O_WRONLY | O_CREAT | O_TRUNC, mode);
		if (fd < 0 || write_all(fd, data, len) < 0) {
			werr(w, "cannot write", rel, errno);
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
		w->written++;
		return 0;
	}
	for (tries = 0; ; tries++) {
		/* Created with its final mode: a key is never readable. */
		fd = openat(w->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL, mode);
		if (fd >= 0 || errno != EEXIST || tries > 0)
			break;
		unlinkat(w->dirfd, tmp, 0);	/* left by a crashed run */
	}
	if (fd < 0) {
		werr(w, "cannot create", tmp, errno);
		return -1;
	}
	if (w->nstaged == w->capstaged) {
		w->capstaged = w->capstaged ? w->capstaged * 2 : 256;
		w->staged = xreallocarray(w->staged, w->capstaged,
		    sizeof(*w->staged));
	}
	w->staged[w->nstaged].host = (uint32_t)(h - w->hosts);
	w->staged[w->nstaged].file = known >= 0 ? known :
	    (int32_t)(-1 - (long)save_name(w, name, NULL, NULL));
	w->nstaged++;
	if (write_all(fd, data, len) < 0) {
		werr(w, "cannot write", tmp, errno);
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		werr(w, "cannot write", tmp, errno);
		return -1;
	}
	w->written++;
	return 0;
}

static void
writer_free(struct writer *w)
{
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w->dir);
	free(w->names);
	free(w->staged);
	free(w->hosts);
	free(w->made);
	free(w->scratch);
	free(w);
}

void
writer_abort(struct writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nstaged; i++) {
		char rel[4096], tmp[4200];

		staged_paths(w, &w->staged[i], rel, sizeof(rel), tmp,
		    sizeof(tmp));
		unlinkat(w->dirfd, tmp, 0);
	}
	/* Then the folders this run created, innermost first. */
	for (i = w->nmade; i-- > 0; )
		unlinkat(w->dirfd, w->names + w->made[i], AT_REMOVEDIR);
	writer_free(w);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Remove what tunnelgen would have written in HOST (not in `keep`). */
static size_t
prune_files(struct writer *w, const char *host, unsigned keep, bool prune,
    bool *any)
{
	char rel[4096];
	struct stat st;
	size_t n = 0;
	int i;
	bool rcd;

	snprintf(rel, sizeof(rel), "%s/rc.conf.d", host);
	rcd = fstatat(w->dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode);
	for (i = 0; i < NKNOWN; i++) {
		if (keep & (1u << i))
			continue;
		if (i >= FIRST_RCD && !rcd)
			break;
		snprintf(rel, sizeof(rel), "%s/%s", host,
		    writer_known_files[i]);
		if (fstatat(w->dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		n++;
		*any = true;
		if (prune && unlinkat(w->dirfd, rel, 0) < 0)
			werr(w, "cannot remove", rel, errno);
	}
	if (prune && rcd && (keep >> FIRST_RCD) == 0) {
		snprintf(rel, sizeof(rel), "%s/rc.conf.d", host);
		/* Fails, as it should, unless the folder is empty. */
		unlinkat(w->dirfd, rel, AT_REMOVEDIR);
	}
	return n;
}

static void
add_stale_name(struct write_stats *st, const char *name)
{
	size_t have = st->stale_names ? strlen(st->stale_names) : 0;

	if (st->stale_hosts > 10)
		return;
	st->stale_names = xrealloc(st->stale_names, have + strlen(name) + 8);
	if (st->stale_hosts == 10)
		strcpy(st->stale_names + have, ", ...");
	else
		sprintf(st->stale_names + have, "%s%s", have ? ", " : "", name);
}

int
writer_commit(struct writer *w, bool prune, struct write_stats *st)
{
	const char **names = NULL;
	struct dirent *de;
	size_t i;
	DIR *d;
	int rc = 0, fd;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < w->nstaged; i++) {
		char rel[4096], tmp[4200];

		staged_paths(w, &w->staged[i], rel, sizeof(rel), tmp,
		    sizeof(tmp));
		if (renameat(w->dirfd, tmp, w->dirfd, rel) < 0) {
			werr(w, "cannot rename into", rel, errno);
			rc = -1;
		}
	}
	w->nstaged = 0;
	st->written = w->written;
	st->unchanged = w->unchanged;
	if (rc < 0) {
		writer_free(w);
		return rc;
	}

	/* Files this run's hosts no longer need (none in a new folder). */
	for (i = 0; i < w->nhosts; i++) {
		bool any = false;

		if (w->hosts[i].fresh)
			continue;
		st->stale_files += prune_files(w, w->names + w->hosts[i].name,
		    w->hosts[i].mask, prune, &any);
	}

	/* Host folders of hosts that left the topology. */
	names = xcalloc(w->nhosts + 1, sizeof(*names));
	for (i = 0; i < w->nhosts; i++)
		names[i] = w->names + w->hosts[i].name;
	qsort(names, w->nhosts, sizeof(*names), cmp_str);
	if ((fd = dup(w->dirfd)) < 0 || (d = fdopendir(fd)) == NULL) {
		werr(w, "cannot read folder", NULL, errno);
		free(names);
		writer_free(w);
		return -1;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		struct stat sb;
		bool any = false;

		if (n[0] == '.' || bsearch(&n, names, w->nhosts,
		    sizeof(*names), cmp_str) != NULL)
			continue;
		if (fstatat(w->dirfd, n, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(sb.st_mode))
			continue;
		prune_files(w, n, 0, prune, &any);
		if (!any)
			continue;	/* not a folder tunnelgen wrote */
		add_stale_name(st, n);
		st->stale_hosts++;
		if (prune && unlinkat(w->dirfd, n, AT_REMOVEDIR) < 0 &&
		    errno != ENOTEMPTY && errno != EEXIST)
			werr(w, "cannot remove folder", n, errno);
	}
	closedir(d);
	free(names);
	writer_free(w);
	return 0;
}

void
write_stats_free(struct write_stats *st)
{
	free(st->stale_names);
	st->stale_names = NULL;
}
