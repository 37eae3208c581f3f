/*
 * Deployed hosts on disk: shared by lint and diff so that both verbs see
 * the same hosts and the same files in the same order.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/cli.h"
#include "compiler/hosts.h"
#include "model/arena.h"

/* Where a host's files may be, first match wins. */
static const struct {
	enum imp_kind	 kind;
	const char	*path;
} layout[] = {
	{ IMP_RCCONF, "rc.conf" },
	{ IMP_RCCONF, "etc/rc.conf" },
	{ IMP_RCCONF, "rc.conf.local" },
	{ IMP_RCCONF, "etc/rc.conf.local" },
	{ IMP_SETKEY, "ipsec.conf" },
	{ IMP_SETKEY, "etc/ipsec.conf" },
	{ IMP_SETKEY, "setkey.conf" },
	{ IMP_SETKEY, "usr/local/etc/racoon/setkey.conf" },
	{ IMP_RACOON, "racoon.conf" },
	{ IMP_RACOON, "usr/local/etc/racoon/racoon.conf" },
	{ IMP_PSK, "psk.txt" },
	{ IMP_PSK, "usr/local/etc/racoon/psk.txt" },
};
#define NLAYOUT	(sizeof(layout) / sizeof(layout[0]))

static const char *const rcd_dirs[] = { "rc.conf.d", "etc/rc.conf.d" };
#define NRCD_DIRS	(sizeof(rcd_dirs) / sizeof(rcd_dirs[0]))

void
host_specs_add(struct host_specs *hs, const char *name, const char *dir,
    const char *file)
{
	struct host_spec *s;

	if (hs->n == hs->cap) {
		hs->cap = hs->cap ? hs->cap * 2 : 16;
		hs->v = xreallocarray(hs->v, hs->cap, sizeof(*hs->v));
	}
	s = &hs->v[hs->n++];
	s->name = xstrdup(name);
	s->dir = dir ? xstrdup(dir) : NULL;
	s->file = file ? xstrdup(file) : NULL;
}

void
host_specs_free(struct host_specs *hs)
{
	size_t i;

	for (i = 0; i < hs->n; i++) {
		free(hs->v[i].name);
		free(hs->v[i].dir);
		free(hs->v[i].file);
	}
	free(hs->v);
	memset(hs, 0, sizeof(*hs));
}

char *
hosts_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);

	memcpy(p, a, la);
	while (la > 1 && p[la - 1] == '/')
		la--;
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

bool
hosts_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool
hosts_is_host_dir(const char *dir, unsigned flags)
{
	size_t i;
	bool found = false;

	for (i = 0; i < NLAYOUT && !found; i++) {
		char *p = hosts_join(dir, layout[i].path);

		found = hosts_is_file(p);
		free(p);
	}
	for (i = 0; i < NRCD_DIRS && !found &&
	    (flags & HOSTS_RCCONFD_MARKS) != 0; i++) {
		char *p = hosts_join(dir, rcd_dirs[i]);

		found = is_dir(p);
		free(p);
	}
	return found;
}

char *
hosts_name_of(const char *dir)
{
	char *p = xstrdup(dir), *b;
	size_t l = strlen(p);

	while (l > 1 && p[l - 1] == '/')
		p[--l] = '\0';
	b = strrchr(p, '/');
	b = b ? b + 1 : p;
	if (strcmp(b, ".") == 0 || b[0] == '\0') {
		char cwd[4096];

		free(p);
		if (getcwd(cwd, sizeof(cwd)) != NULL) {
			b = strrchr(cwd, '/');
			return xstrdup(b && b[1] ? b + 1 : "host");
		}
		return xstrdup("host");
	}
	b = xstrdup(b);
	free(p);
	return b;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool
hosts_add_dir(struct host_specs *hs, const char *dir, unsigned flags,
    const char *verb)
{
	DIR *d;
	struct dirent *e;
	char **subs = NULL;
	size_t n = 0, cap = 0, i;

	if (hosts_is_host_dir(dir, flags)) {
		char *nm = hosts_name_of(dir);

		host_specs_add(hs, nm, dir, NULL);
		free(nm);
		return true;
	}
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s: %s: %s\n", cli_progname, verb, dir,
		    strerror(errno));
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = hosts_join(dir, e->d_name);
		if (is_dir(p) && ((flags & HOSTS_EVERY_SUBDIR) != 0 ||
		    hosts_is_host_dir(p, flags))) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				subs = xreallocarray(subs, cap, sizeof(*subs));
			}
			subs[n++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	if (n > 1)
		qsort(subs, n, sizeof(*subs), str_cmp);
	for (i = 0; i < n; i++) {
		char *p = hosts_join(dir, subs[i]);

		host_specs_add(hs, subs[i], p, NULL);
		free(p);
		free(subs[i]);
	}
	free(subs);
	if (n == 0 && (flags & HOSTS_EVERY_SUBDIR) == 0) {
		fprintf(stderr, "%s: %s: %s holds no rc.conf, ipsec.conf, "
		    "racoon.conf or psk.txt, nor folders that do\n",
		    cli_progname, verb, dir);
		return false;
	}
	return true;
}

int
hosts_add_named(struct host_specs *hs, const char *arg, unsigned flags,
    const char *verb)
{
	const char *eq = strchr(arg, '=');
	char *nm;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		return -1;
	if ((flags & HOSTS_EVERY_SUBDIR) == 0 &&
	    !hosts_is_host_dir(eq + 1, flags)) {
		fprintf(stderr, "%s: %s: %s holds no rc.conf, ipsec.conf, "
		    "racoon.conf or psk.txt\n", cli_progname, verb, eq + 1);
		return 0;
	}
	nm = xmalloc((size_t)(eq - arg) + 1);
	memcpy(nm, arg, (size_t)(eq - arg));
	nm[eq - arg] = '\0';
	host_specs_add(hs, nm, eq + 1, NULL);
	free(nm);
	return 1;
}

/* rc.conf.d/NAME files, read after rc.conf as load_rc_config does. */
static void
each_rcconfd(const char *dir, host_file_fn *take, void *ctx)
{
	size_t w;

	for (w = 0; w < NRCD_DIRS; w++) {
		char *p = hosts_join(dir, rcd_dirs[w]), **names = NULL;
		size_t nn = 0, cap = 0, i;
		DIR *d = opendir(p);
		struct dirent *e;

		if (d == NULL) {
			free(p);
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			char *f;

			if (e->d_name[0] == '.')
				continue;
			f = hosts_join(p, e->d_name);
			if (!hosts_is_file(f)) {
				free(f);
				continue;
			}
			if (nn == cap) {
				cap = cap ? cap * 2 : 8;
				names = xreallocarray(names, cap,
				    sizeof(*names));
			}
			names[nn++] = f;
		}
		closedir(d);
		if (nn > 1)
			qsort(names, nn, sizeof(*names), str_cmp);
		for (i = 0; i < nn; i++) {
			(void)take(ctx, IMP_RCCONF, names[i], true);
			free(names[i]);
		}
		free(names);
		free(p);
	}
}

void
hosts_each_file(const char *dir, host_file_fn *take, void *ctx)
{
	bool have[IMP__COUNT] = { false };
	size_t i;

	for (i = 0; i < NLAYOUT; i++) {
		char *p;
		bool rclocal = strstr(layout[i].path, ".local") != NULL;

		if (layout[i].kind == IMP_SETKEY && i > 0 &&
		    layout[i - 1].kind == IMP_RCCONF)
			each_rcconfd(dir, take, ctx);
		if (have[layout[i].kind] && !rclocal)
			continue;
		p = hosts_join(dir, layout[i].path);
		if (hosts_is_file(p) &&
		    take(ctx, layout[i].kind, p, false))
			have[layout[i].kind] = true;
		free(p);
	}
}
