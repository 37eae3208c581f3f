/*
 * racoon's psk.txt, read the way racoon reads it: a line is a comment only
 * when '#' is its very first byte; otherwise the identifier runs to the
 * first blank or tab, a run of blanks follows, and the key is everything up
 * to the newline, trailing blanks and a CR included.  Lines without a key
 * are skipped.  The first entry for an identifier wins.
 *
 * The reader registers no text with the diag sink, so no line of the file
 * (no key) is ever quoted in a diagnostic.
 */
#ifndef TG_PSK_H
#define TG_PSK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/addr.h"
#include "model/loc.h"

struct arena;
struct diag_sink;

struct psk_entry {
	const char	*ident;		/* NUL-terminated copy */
	struct addr	 addr;		/* family 0 unless ident is numeric */
	const char	*key;		/* as racoon reads it (0x not decoded) */
	size_t		 keylen;
	struct loc	 loc;		/* the identifier */
	struct loc	 key_loc;
	bool		 shadowed;	/* an earlier line has this ident */
};

struct psk_file {
	const char	*name;
	struct psk_entry *entries;
	size_t		 nentries;
};

/*
 * Parse psk.txt.  Reports, as warnings or errors with codes from lint's
 * table: trailing blanks or CR in a key [psk-trailing-space], an indented
 * comment [psk-indented-comment], a line with no key [psk-no-key], a
 * repeated identifier [psk-duplicate], an address identifier that is not
 * in the exact form racoon looks up [psk-ident-form], a line past racoon's
 * 1024-byte buffer [psk-long-line].  Never fails.
 */
struct psk_file	*psk_parse(const char *name, const char *buf, size_t len,
		    struct arena *, struct diag_sink *);
/* The entry racoon would use for an address, or NULL. */
const struct psk_entry *psk_lookup_addr(const struct psk_file *,
		    const struct addr *);
/* Does this text look like a psk.txt? */
bool		 psk_sniff(const char *buf, size_t len);

#endif
