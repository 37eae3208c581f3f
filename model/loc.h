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

/*
 * A place in the topology file.  The topology model holds one per value, so
 * it leaves out the file, which is the topology's own (topo_loc() in
 * model/topology.h makes a struct loc of it).  Line 0: nowhere.
 */
struct tloc {
	uint32_t	 line;
	uint32_t	 col;
};

#define TLOC_NONE ((struct tloc){ 0, 0 })

static inline int
tloc_is_set(struct tloc l)
{
	return l.line != 0;
}

/* A place in this file as a struct loc; nowhere when it is not set. */
static inline struct loc
tloc_at(const char *file, struct tloc l)
{
	struct loc r = { NULL, 0, 0 };

	if (tloc_is_set(l)) {
		r.file = file;
		r.line = l.line;
		r.col = l.col;
	}
	return r;
}

/* The first of these that is set. */
static inline struct tloc
tloc_or(struct tloc a, struct tloc b)
{
	return tloc_is_set(a) ? a : b;
}

#endif
