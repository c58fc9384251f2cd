// SPDX-License-Identifier: GPL-2.0
/*
 * frontstat [-r ROOT] [-i SECONDS [-c COUNT]] [DEVICE...]
 *
 * Prints the ring counters of a guest's Xen frontends, run inside the
 * guest on the lab kernel (pvops-linux-patches/, docs/guest-guide.md).
 * With -i, the totals first and then, every SECONDS, what changed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "frontstat.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frontstat [-r ROOT] [-i SECONDS [-c COUNT]] [DEVICE...]\n"
		"  The lab kernel's ring counters of each Xen frontend device\n"
		"  (ROOT/DEVICE/stats/, ROOT defaulting to /sys/bus/xen/devices):\n"
		"  one table per kind (vbd, vif), a column per device.\n"
		"  -i SECONDS  after the totals, print what changed every SECONDS\n"
		"  -c COUNT    stop after COUNT such reports (default: never)\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int scan(const char *root, char **only, int only_n, struct fs_dev **devs)
{
	char err[4096 + 256];
	int n = fs_scan(root, only, only_n, devs, err, sizeof(err));

	if (n < 0)
		fprintf(stderr, "frontstat: %s\n", err);
	else if (n == 0)
		fprintf(stderr,
			"frontstat: no device in %s has ring counters (stats/): is this guest running the lab kernel (make guest-kernel)?\n",
			root);
	return n;
}

int main(int argc, char **argv)
{
	const char *root = "/sys/bus/xen/devices";
	double interval = 0;
	long count = -1;
	struct fs_dev *prev, *cur;
	int prev_n, n, opt;
	double t0, t1;
	char *end;

	while ((opt = getopt(argc, argv, "r:i:c:h")) != -1) {
		switch (opt) {
		case 'r':
			root = optarg;
			break;
		case 'i':
			errno = 0;
			interval = strtod(optarg, &end);
			if (errno || *end ||
			    !(interval > 0 && interval < 86400)) {
				fprintf(stderr,
					"frontstat: -i %s: not a number of seconds between 0 and 86400\n",
					optarg);
				return 1;
			}
			break;
		case 'c':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno || *end || count < 1) {
				fprintf(stderr,
					"frontstat: -c %s: not a positive count\n",
					optarg);
				return 1;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (count > 0 && !interval) {
		fprintf(stderr, "frontstat: -c needs -i\n");
		return 1;
	}

	prev_n = scan(root, argv + optind, argc - optind, &prev);
	if (prev_n <= 0)
		return 1;
	fs_print(stdout, prev, prev_n, NULL, 0, 0);
	t0 = now();
	while (interval && count--) {
		fflush(stdout);
		usleep((useconds_t)(interval * 1e6));
		n = scan(root, argv + optind, argc - optind, &cur);
		if (n <= 0) {
			free(prev);
			return 1;
		}
		t1 = now();
		putchar('\n');
		fs_print(stdout, cur, n, prev, prev_n, t1 - t0);
		free(prev);
		prev = cur;
		prev_n = n;
		t0 = t1;
	}
	free(prev);
	return 0;
}
