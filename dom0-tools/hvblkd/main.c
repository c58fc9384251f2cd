// SPDX-License-Identifier: GPL-2.0
/*
 * hvblkd [-v] [-d] [-p PIDFILE]: the userspace block backend's loop
 * (hvblkd.h). One thread: poll on xenstore's watch fd (devices and their
 * frontends changing state), the event channels (a frontend queued
 * requests), and io_uring (requests done). -d: detach as a daemon;
 * -v: each state change in the log. Messages go to stderr, one line
 * each, "hvblkd: domain D disk V: what".
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hvblkd.h"

void logmsg(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "[%ld.%03ld] hvblkd: ", (long)ts.tv_sec,
		ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage(void)
{
	fprintf(stderr, "usage: hvblkd [-v] [-d] [-p PIDFILE]\n");
	return 2;
}

static void fail(const char *op)
{
	logmsg("%s: %s", op, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	struct hvblkd b = { 0 };
	const char *pidfile = NULL;
	bool daemonize = false;
	int opt;

	while ((opt = getopt(argc, argv, "vdp:h")) != -1) {
		switch (opt) {
		case 'v':
			b.verbose = true;
			break;
		case 'd':
			daemonize = true;
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	signal(SIGPIPE, SIG_IGN);
	/* Before any handle: libxenstore's watch thread would not survive
	 * the fork. */
	if (daemonize && daemon(0, 1))
		fail("daemon");
	b.xs = xs_open(0);
	if (!b.xs)
		fail("xs_open (is xenstored running?)");
	b.xce = xenevtchn_open(NULL, 0);
	if (!b.xce)
		fail("xenevtchn_open");
	b.xgt = xengnttab_open(NULL, 0);
	if (!b.xgt)
		fail("xengnttab_open");
	errno = -io_uring_queue_init(256, &b.uring, 0);
	if (errno)
		fail("io_uring_queue_init");
	mkdir(HVBLKD_RUN, 0755);
	if (!xs_watch(b.xs, HVBLKD_BASE, "be"))
		fail("xs_watch " HVBLKD_BASE);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (f) {
			fprintf(f, "%d\n", getpid());
			fclose(f);
		}
	}
	logmsg("serving " HVBLKD_BASE);
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = xs_fileno(b.xs), .events = POLLIN },
			{ .fd = xenevtchn_fd(b.xce), .events = POLLIN },
			{ .fd = b.uring.ring_fd, .events = POLLIN },
		};

		if (poll(p, 3, b.rescan ? 0 : -1) < 0 && errno != EINTR)
			fail("poll");
		if (p[0].revents & POLLIN) {
			unsigned int n;
			char **w = xs_read_watch(b.xs, &n);

			free(w);
			b.rescan = true;
		}
		if (p[1].revents & POLLIN) {
			xenevtchn_port_or_error_t port =
				xenevtchn_pending(b.xce);

			if (port >= 0) {
				struct dev *d = dev_by_port(&b, port);

				xenevtchn_unmask(b.xce, port);
				if (d && !d->broken)
					ring_kick(&b, d);
			}
		}
		if (io_uring_cq_ready(&b.uring))
			ring_complete(&b);
		if (b.rescan) {
			b.rescan = false;
			xenbus_scan(&b);
		}
	}
}
