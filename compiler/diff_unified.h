/*
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm after
 * the common head and tail are set aside).  Lines are printed through a
 * filter so that secrets can be masked in what is shown while the
 * comparison still sees them.
 */
#ifndef TG_DIFF_UNIFIED_H
#define TG_DIFF_UNIFIED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Print one line (without its newline) to out, masking what must be. */
typedef void (*line_filter)(FILE *out, const char *line, size_t len);

/*
 * Write `--- aname` / `+++ bname` and the hunks (3 lines of context) when
 * the texts differ.  A NULL text is an absent file (shown as /dev/null).
 * Returns true when they differ.
 */
bool	unified_diff(FILE *out, const char *a, size_t alen, const char *aname,
	    const char *b, size_t blen, const char *bname, line_filter);

#endif
