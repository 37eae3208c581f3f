#include "config.h"

#include "compiler/print.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/arena.h"

const char *const rc_part_file[RC__COUNT] = {
	[RC_ALL] = "rc.conf",
	[RC_NETIF] = "rc.conf.d/netif",
	[RC_ROUTING] = "rc.conf.d/routing",
	[RC_IPSEC] = "rc.conf.d/ipsec",
	[RC_RACOON] = "rc.conf.d/racoon",
};

static const struct tmpl_schema *const schemas[TF__COUNT] = {
	[TF_RCCONF] = &rcconf_schema,
	[TF_SETKEY] = &setkey_schema,
	[TF_RACOON] = &racoon_schema,
	[TF_PSK] = &psk_schema,
};

static const struct tmpl_builtin *
builtin(const char *name)
{
	size_t i;

	for (i = 0; i < tmpl_nbuiltins; i++)
		if (strcmp(tmpl_builtins[i].name, name) == 0)
			return &tmpl_builtins[i];
	return NULL;
}

/* Whole file into a NUL-terminated buffer; NULL with errno set. */
static char *
slurp(const char *path, size_t *lenp)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EISDIR;		/* not a regular file */
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while ((size_t)st.st_size > len &&
	    (n = read(fd, buf + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

int
tmpl_set_load(struct tmpl_set *set, const char *dir, struct diag_sink *ds)
{
	int i, rc = 0;

	memset(set, 0, sizeof(*set));
	for (i = 0; i < TF__COUNT; i++) {
		const struct tmpl_schema *sc = schemas[i];
		const struct tmpl_builtin *b = builtin(sc->name);
		const char *text = b ? b->text : "";
		size_t len = b ? b->len : 0;
		char name[4096];

		snprintf(name, sizeof(name), "templates/%s", sc->name);
		if (dir != NULL) {
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s", dir, sc->name);
			set->text[i] = slurp(path, &len);
			if (set->text[i] != NULL) {
				text = set->text[i];
				snprintf(name, sizeof(name), "%s", path);
			} else if (errno != ENOENT) {
				diag_error(ds, ((struct loc){
				    diag_intern(ds, path), 0, 0 }),
				    "template-read", "cannot read template: %s",
				    strerror(errno));
				rc = -1;
				continue;
			} else
				len = b ? b->len : 0;
		}
		set->t[i] = tmpl_parse(sc, name, text, len, ds);
		if (set->t[i] == NULL)
			rc = -1;
	}
	return rc;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	int i;

	for (i = 0; i < TF__COUNT; i++) {
		tmpl_free(set->t[i]);
		free(set->text[i]);
	}
	memset(set, 0, sizeof(*set));
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

bool
safe_hostname(const char *s)
{
	size_t i;

	if (s == NULL || !is_alnum((unsigned char)s[0]))
		return false;
	for (i = 1; s[i] != '\0'; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return false;
	/* Never "." or "..": the name is a folder. */
	return i <= 63;
}

bool
safe_ifname(const char *s)
{
	size_t i;

	if (s == NULL || (strncmp(s, "gif", 3) != 0 &&
	    strncmp(s, "gre", 3) != 0))
		return false;
	s += 3;
	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return i <= 6;
}

bool
safe_varpart(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

bool
safe_path(const char *s)
{
	size_t i;

	if (s == NULL || s[0] != '/')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!is_alnum((unsigned char)s[i]) &&
		    strchr("._/+@,:-", s[i]) == NULL)
			return false;
	return i < 1024;
}

bool
safe_psk(const char *k, size_t n)
{
	size_t i;

	/* racoon reads 1024-byte lines: the address, a blank, the key. */
	if (k == NULL || n == 0 || n > 1024 - ADDR_STRLEN - 2)
		return false;
	if (k[0] == ' ' || k[0] == '\t' || k[0] == '#')
		return false;
	for (i = 0; i < n; i++)
		if (k[i] == '\r' || k[i] == '\n' || k[i] == '\0')
			return false;
	return true;
}

void
print_refuse(struct diag_sink *ds, struct loc l, const char *what,
    const char *host)
{
	diag_error(ds, l, "internal-refused",
	    "refusing to print %s for host '%s': it does not fit the grammar "
	    "of its place", what, safe_hostname(host) ? host : "?");
}

void
fmt_lifetime(unsigned long s, char *buf, size_t len)
{
	if (s % 3600 == 0)
		snprintf(buf, len, "%lu hour", s / 3600);
	else if (s % 60 == 0)
		snprintf(buf, len, "%lu min", s / 60);
	else
		snprintf(buf, len, "%lu sec", s);
}
