/*
 * Every relation check on a loaded, derived topology, one concern at a time.
 *
 * The checks only read the model, so they run side by side: each thread
 * takes the next check not yet taken, and each check reports into a sink of
 * its own.  The sinks are merged in the checks' order afterwards, so the
 * output is the same bytes as a run on one thread.
 */
#include "config.h"

#include "validate/validate.h"

#include <pthread.h>
#include <stdatomic.h>
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
/* Past two, threads only wait on the biggest check. */
#define MAX_THREADS	2
/* Hosts plus tunnels below which a thread costs more than it saves. */
#define THREAD_MIN	4096

struct check_run {
	const struct topology	*top;
	struct diag_sink	*sink[NCHECKS];
	atomic_size_t		 next;		/* the next check to take */
};

static void *
run_checks(void *arg)
{
	struct check_run *r = arg;
	size_t i;

	while ((i = atomic_fetch_add(&r->next, 1)) < NCHECKS)
		checks[i](r->top, r->sink[i]);
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
	struct check_run r;
	pthread_t th[MAX_THREADS - 1];
	size_t i, nth = 0;

	if (t == NULL)
		return;
	if (want < 2) {
		for (i = 0; i < NCHECKS; i++)
			checks[i](t, ds);
		return;
	}
	if (want > MAX_THREADS)
		want = MAX_THREADS;
	r.top = t;
	atomic_init(&r.next, 0);
	for (i = 0; i < NCHECKS; i++)
		r.sink[i] = diag_sink_child(ds);
	while (nth + 1 < want &&
	    pthread_create(&th[nth], NULL, run_checks, &r) == 0)
		nth++;
	run_checks(&r);
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < NCHECKS; i++) {
		diag_merge(ds, r.sink[i]);
		diag_sink_free(r.sink[i]);
	}
}
