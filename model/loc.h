/*
 * A place in an input file.  Every element of every model carries one, so that
 * any check can point at the exact value it complains about.
 */
#ifndef TG_LOC_H
#define TG_LOC_H

#include <stdint.h>

struct loc {
	const char	*file;	/* interned, outlives every model; NULL = nowhere */
	uint32_t	 line;	/* 1-based; 0 = the file as a whole */
	uint32_t	 col;	/* 1-based byte column; 0 = the whole line */
};

#define LOC_NONE ((struct loc){ NULL, 0, 0 })

static inline int
loc_is_set(struct loc l)
{
	return l.file != NULL;
}

#endif
