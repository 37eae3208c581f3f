/*
 * The topology's text while it is parsed.  A regular file is mapped rather
 * than read, and the pages behind the parse are given back as it goes:
 * the streamed hosts and tunnels are done with, and a page that is wanted
 * again (an anchor's text, a quote) is simply read in again.  So the text
 * of a big topology never sits in memory whole beside its model.  Other
 * inputs (a pipe) are read into memory.
 */
#undef _POSIX_C_SOURCE		/* madvise(2) is BSD and Linux, not POSIX */
#define _DEFAULT_SOURCE 1
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/load_int.h"
#include "model/arena.h"

/* Give pages back in steps this big, this far behind the parse. */
#define DROP_STEP	(1u << 20)
#define DROP_MARGIN	(256u << 10)

/*
 * A mapped file that shrinks under us raises SIGBUS on the next touch of a
 * page past its new end.  That is reported as what it is, not a crash.
 */
static const char *mapped_path;
static struct sigaction old_bus;

static void
on_sigbus(int sig)
{
	static const char msg[] = "tunnelgen: the topology file shrank "
	    "while it was read: ";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	if (mapped_path != NULL)
		(void)!write(STDERR_FILENO, mapped_path, strlen(mapped_path));
	(void)!write(STDERR_FILENO, "\n", 1);
	_exit(2);
}

static char *
read_all(int fd, size_t hint, size_t *len, int *err)
{
	size_t cap = hint > 0 ? hint + 1 : 65536, n = 0;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t r;

		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

bool
text_open(struct text *tx, int fd, const char *path, const struct stat *st,
    int *err)
{
	memset(tx, 0, sizeof(*tx));
#ifdef MADV_DONTNEED
	if (S_ISREG(st->st_mode) && st->st_size > 0 &&
	    (uintmax_t)st->st_size < SIZE_MAX && mapped_path == NULL) {
		void *p = mmap(NULL, (size_t)st->st_size, PROT_READ,
		    MAP_PRIVATE, fd, 0);

		if (p != MAP_FAILED) {
			struct sigaction sa;

			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = on_sigbus;
			sigemptyset(&sa.sa_mask);
			mapped_path = path;
			sigaction(SIGBUS, &sa, &old_bus);
			tx->buf = p;
			tx->len = (size_t)st->st_size;
			tx->mapped = true;
			tx->page = (size_t)sysconf(_SC_PAGESIZE);
			return true;
		}
	}
#endif
	tx->owned = read_all(fd, S_ISREG(st->st_mode) && st->st_size > 0 ?
	    (size_t)st->st_size : 0, &tx->len, err);
	tx->buf = tx->owned;
	return tx->buf != NULL;
}

void
text_progress(void *arg, size_t off)
{
	struct text *tx = arg;
	size_t upto;

	if (!tx->mapped || off < DROP_MARGIN)
		return;
	upto = (off - DROP_MARGIN) / tx->page * tx->page;
	if (upto < tx->dropped + DROP_STEP)
		return;
#ifdef MADV_DONTNEED
	(void)madvise((char *)(uintptr_t)tx->buf + tx->dropped,
	    upto - tx->dropped, MADV_DONTNEED);
#endif
	tx->dropped = upto;
}

char *
text_take(struct text *tx)
{
	char *p = tx->owned;

	tx->owned = NULL;
	return p;
}

void
text_close(struct text *tx)
{
	if (tx->mapped) {
		munmap((void *)(uintptr_t)tx->buf, tx->len);
		sigaction(SIGBUS, &old_bus, NULL);
		mapped_path = NULL;
	}
	free(tx->owned);
	memset(tx, 0, sizeof(*tx));
}
