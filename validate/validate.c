/*
 * Every relation check on a loaded, derived topology, one concern at a time.
 *
 * The checks only read the model, so they run side by side on two threads,
 * each check reporting into a sink of its own.  The sinks are merged in the
 * checks' order afterwards, so the output is the same bytes as a run on one
 * thread.
 */
#include "config.h"

#include "validate/validate.h"

#include <pthread.h>
#include <unistd.h>

#include "validate/checks.h"

static void (*const checks[])(const struct topology *, struct diag_sink *) = {
	check_addresses,
	check_inner,
	check_interfaces,
	check_routes,
	check_pairs,
	check_ipsec,
	check_mtu,
};

#define NCHECKS		(sizeof(checks) / sizeof(checks[0]))
/* Hosts plus tunnels below which a thread costs more than it saves. */
#define THREAD_MIN	4096

/*
 * Two lanes of about equal time on big topologies.  check_addresses and
 * check_pairs hold the biggest scratch (sort keys for every prefix and
 * every tunnel): they share a lane, so the peak is one of them, not both.
 */
#define NLANES		2
static const signed char lanes[NLANES][NCHECKS + 1] = {
	{ 0, 4, -1 },			/* addresses, pairs */
	{ 3, 5, 1, 2, 6, -1 },		/* routes, ipsec, inner, interfaces, mtu */
};

struct check_run {
	const struct topology	*top;
	struct diag_sink	**sink;		/* one per check */
	const signed char	*lane;
};

static void *
run_lane(void *arg)
{
	const struct check_run *r = arg;
	const signed char *c;

	for (c = r->lane; *c >= 0; c++)
		checks[*c](r->top, r->sink[*c]);
	return NULL;
}

static size_t
online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (size_t)n : 1;
}

void
validate_topology(const struct topology *t, struct diag_sink *ds)
{
	size_t n = 1;

	if (t == NULL)
		return;
	if (t->ntunnels + t->nhosts >= THREAD_MIN)
		n = online_cpus();
	validate_topology_threads(t, ds, n);
}

void
validate_topology_threads(const struct topology *t, struct diag_sink *ds,
    size_t want)
{
	struct check_run r[NLANES];
	struct diag_sink *sink[NCHECKS];
	pthread_t th;
	size_t i;

	if (t == NULL)
		return;
	if (want < 2) {
		for (i = 0; i < NCHECKS; i++)
			checks[i](t, ds);
		return;
	}
	for (i = 0; i < NCHECKS; i++)
		sink[i] = diag_sink_child(ds);
	for (i = 0; i < NLANES; i++) {
		r[i].top = t;
		r[i].sink = sink;
		r[i].lane = lanes[i];
	}
	/* Without a thread, the second lane runs after the first. */
	if (pthread_create(&th, NULL, run_lane, &r[1]) == 0) {
		run_lane(&r[0]);
		pthread_join(th, NULL);
	} else {
		run_lane(&r[0]);
		run_lane(&r[1]);
	}
	for (i = 0; i < NCHECKS; i++) {
		diag_merge(ds, sink[i]);
		diag_sink_free(sink[i]);
	}
}
