/*
 * HostConfig -> configuration text, through the templates.  Each printer is
 * a pure function of its HostConfig (and the templates): the same model
 * always gives the same bytes, and the grammars can read the result back.
 *
 * Values that come from a topology are checked once more against a strict
 * grammar for their place before they are printed; a value that does not
 * fit is refused (an internal error), never escaped.
 */
#ifndef TG_PRINT_H
#define TG_PRINT_H

#include <stdbool.h>

#include "compiler/template.h"
#include "model/diag.h"
#include "model/hostconfig.h"

enum tmpl_file {
	TF_RCCONF,
	TF_SETKEY,
	TF_RACOON,
	TF_PSK,
	TF__COUNT
};

struct tmpl_set {
	struct tmpl	*t[TF__COUNT];
	char		*text[TF__COUNT];	/* contents, when read */
};

/*
 * The built-in templates, or those found in `dir` (a file missing there
 * falls back to the built-in one).  Every error is reported, located;
 * returns -1 on any error (trouble: nothing may be written), 0 otherwise.
 */
int	tmpl_set_load(struct tmpl_set *, const char *dir,
	    struct diag_sink *);
void	tmpl_set_free(struct tmpl_set *);

extern const struct tmpl_schema rcconf_schema, setkey_schema, racoon_schema,
	    psk_schema;

/* How the rc.conf variables are split into files. */
enum rc_part {
	RC_ALL,		/* HOST/rc.conf: everything */
	RC_NETIF,	/* HOST/rc.conf.d/netif: interfaces */
	RC_ROUTING,	/* HOST/rc.conf.d/routing: routes, forwarding */
	RC_IPSEC,	/* HOST/rc.conf.d/ipsec */
	RC_RACOON,	/* HOST/rc.conf.d/racoon */
	RC__COUNT
};

extern const char *const rc_part_file[RC__COUNT];	/* "rc.conf" ... */

/*
 * Each printer appends its file to `out`.  It returns 1 when the host needs
 * the file, 0 when it does not (nothing appended), -1 after reporting a
 * value it refused to print.
 */
int	print_rcconf(const struct tmpl_set *, const struct hostconfig *,
	    enum rc_part, struct tbuf *, struct diag_sink *);
int	print_setkey(const struct tmpl_set *, const struct hostconfig *,
	    struct tbuf *, struct diag_sink *);
int	print_racoon(const struct tmpl_set *, const struct hostconfig *,
	    struct tbuf *, struct diag_sink *);
int	print_psk(const struct tmpl_set *, const struct hostconfig *,
	    struct tbuf *, struct diag_sink *);

/* Grammars the printers re-assert (shared with the tests). */
bool	safe_hostname(const char *);	/* [A-Za-z0-9][A-Za-z0-9._-]* */
bool	safe_ifname(const char *);	/* gif|gre + decimal unit */
bool	safe_varpart(const char *);	/* [A-Za-z0-9_]+ */
bool	safe_path(const char *);	/* absolute, [A-Za-z0-9._/+@,:-] */
bool	safe_psk(const char *, size_t);	/* racoon psk.txt key */

/* Report a refused value (internal error: the loader should have caught it). */
void	print_refuse(struct diag_sink *, struct loc, const char *what,
	    const char *host);

/* "8 hour", "30 min", "45 sec": racoon's time units. */
void	fmt_lifetime(unsigned long secs, char *buf, size_t len);

#endif
