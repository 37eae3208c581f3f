/*
 * The YAML front end: schema-v1 topology -> struct topology, built straight
 * from libyaml events.  Every value is checked on its own here (type, syntax,
 * range, unknown or duplicate key); relations between values are validate/'s.
 */
#ifndef TG_LOAD_H
#define TG_LOAD_H

#include <stddef.h>

#include "model/diag.h"
#include "model/topology.h"

enum load_status {
	LOAD_OK = 0,		/* a complete model, no errors */
	LOAD_ERRORS = 1,	/* errors reported; *out may hold what was valid */
	LOAD_TROUBLE = 2,	/* the file could not be read */
};

/*
 * Read and load a topology file.  The file name is registered with the sink
 * (diag_source) so that diagnostics quote the offending line.  psk files are
 * read relative to the topology's folder and env keys from the environment.
 */
enum load_status topo_load(const char *path, struct diag_sink *,
		    struct topology **out);
/* Same from memory; `dir` is where relative psk files are looked up. */
enum load_status topo_load_buffer(const char *name, const char *dir,
		    const char *buf, size_t len, struct diag_sink *,
		    struct topology **out);

#endif
