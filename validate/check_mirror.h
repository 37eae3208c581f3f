/*
 * The two ends of a tunnel must hold mirror images of each other: A's `out`
 * policy is B's `in` policy, the tunnel source and destination swap, the
 * inner local and remote addresses swap, the MTU and both IKE proposals are
 * the same, and both sides hold the same pre-shared key.  compile runs this
 * on its own lowered HostConfigs before writing anything; lint runs it on
 * HostConfigs built from deployed files.
 */
#ifndef TG_CHECK_MIRROR_H
#define TG_CHECK_MIRROR_H

#include <stddef.h>

#include "model/diag.h"
#include "model/hostconfig.h"

/*
 * Compare what `a` holds towards `b` (elements whose far end is b's
 * address) with what `b` holds towards `a`.  Both hostconfigs need their
 * `address`.  Every difference is reported as an error with code
 * [mirror-*] at the element's location; keys are compared, never printed.
 * Returns the number of differences.  Runs in O(n log n) of the elements
 * of a and b (linear for the handful a single tunnel lowers to): to check
 * one host against many peers, pass per-peer views of it (HostConfigs
 * whose arrays point at the elements facing that peer), as lower.c does,
 * rather than the whole host once per peer.
 */
size_t	check_mirror(const struct hostconfig *a,
	    const struct hostconfig *b, struct diag_sink *);

#endif
