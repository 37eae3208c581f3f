/*
 * benchtime: time shell commands against each other, interleaved.
 *
 *	benchtime [-W] RUNS [-p PREPARE] COMMAND [[-p PREPARE] COMMAND ...]
 *
 * One warm-up round (none with -W), then RUNS rounds; each round runs every COMMAND once,
 * in order, after its PREPARE (untimed).  Running the commands in turn,
 * rather than all runs of one and then all of the next, spreads the noise
 * of a shared machine over all of them, so the ratios between them hold
 * even when absolute times drift.
 *
 * For each COMMAND one line on stdout:
 *	INDEX MEDIAN-SECONDS MIN-SECONDS ok|fail
 * then one line "maxrss KIB".  Times are wall-clock, minus the median cost
 * of starting the shell (measured in the same rounds).  A command that
 * exits non-zero, or whose PREPARE does, is "fail".  KIB is the largest
 * resident set of any process run (getrusage(RUSAGE_CHILDREN)): to measure
 * one command's peak memory, give it alone.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct cmd {
	const char	*prepare;	/* NULL: none */
	const char	*text;
	double		*secs;
	bool		 failed;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run `sh -c TEXT` with its output discarded; returns success. */
static bool
run(const char *text, double *secs)
{
	double t0;
	pid_t pid;
	int status, fd;

	t0 = now();
	if ((pid = fork()) == -1) {
		perror("benchtime: fork");
		exit(2);
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl("/bin/sh", "sh", "-c", text, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1) {
		perror("benchtime: waitpid");
		exit(2);
	}
	if (secs != NULL)
		*secs = now() - t0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: benchtime [-W] RUNS [-p PREPARE] COMMAND"
	    " [[-p PREPARE] COMMAND ...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct cmd *cmds;
	struct rusage ru;
	double *shell, t, base;
	char *end;
	int runs, ncmd = 0, i, r, first = -1;
	long runs_l;

	if (argc > 1 && strcmp(argv[1], "-W") == 0) {
		first = 0;
		argc--;
		argv++;
	}
	if (argc < 3)
		usage();
	runs_l = strtol(argv[1], &end, 10);
	if (*end != '\0' || runs_l < 1 || runs_l > 10000)
		usage();
	runs = (int)runs_l;
	if ((cmds = calloc((size_t)argc, sizeof(*cmds))) == NULL ||
	    (shell = calloc((size_t)runs, sizeof(*shell))) == NULL) {
		perror("benchtime");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0) {
			if (i + 2 >= argc)
				usage();
			cmds[ncmd].prepare = argv[++i];
			i++;
		}
		cmds[ncmd].text = argv[i];
		if ((cmds[ncmd].secs = calloc((size_t)runs, sizeof(double))) ==
		    NULL) {
			perror("benchtime");
			return 2;
		}
		ncmd++;
	}
	/* Round -1 is the warm-up: caches, page cache, first-write costs. */
	for (r = first; r < runs; r++) {
		run(":", r >= 0 ? &shell[r] : NULL);
		for (i = 0; i < ncmd; i++) {
			if (cmds[i].failed)
				continue;
			if (cmds[i].prepare != NULL &&
			    !run(cmds[i].prepare, NULL)) {
				cmds[i].failed = true;
				continue;
			}
			if (!run(cmds[i].text, &t))
				cmds[i].failed = true;
			if (r >= 0)
				cmds[i].secs[r] = t;
		}
	}
	base = median(shell, runs);
	for (i = 0; i < ncmd; i++) {
		t = median(cmds[i].secs, runs) - base;
		qsort(cmds[i].secs, (size_t)runs, sizeof(double), cmp_double);
		printf("%d %.6f %.6f %s\n", i, t > 0 ? t : 0,
		    cmds[i].secs[0] - base > 0 ? cmds[i].secs[0] - base : 0,
		    cmds[i].failed ? "fail" : "ok");
		free(cmds[i].secs);
	}
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		printf("maxrss %ld\n", (long)ru.ru_maxrss);
	free(cmds);
	free(shell);
	return 0;
}
