// SPDX-License-Identifier: MIT
/*
 * hvstored: a xenstore daemon speaking Xen's wire protocol. It runs in the
 * foreground by default (dom0 has only busybox init, which supervises
 * foreground daemons well); --daemon forks once its sockets are ready.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

#define DEFAULT_SOCKET "/var/run/xenstored/socket"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hvstored [options]\n"
		"A xenstore daemon for hvlab, compatible with Xen's clients.\n\n"
		"  -s, --socket PATH        serve dom0 (privileged) clients on this\n"
		"                           Unix socket; default $XENSTORED_PATH or\n"
		"                           " DEFAULT_SOCKET "\n"
		"  -u, --unprivileged-socket PATH=DOMID\n"
		"                           also serve PATH, treating its clients as\n"
		"                           unprivileged domain DOMID (for tests and\n"
		"                           tools that must not be dom0); repeatable\n"
		"  -q, --quota NAME=VALUE   set a quota; repeatable. Quotas:\n");
	xs_quota_help(f);
	fprintf(f,
		"  -l, --log-level LEVEL    error, warn, info (default) or debug;\n"
		"                           debug logs every request\n"
		"  -v, --verbose            same as --log-level debug\n"
		"  -p, --pid-file PATH      write the daemon's pid there\n"
		"  -d, --daemon             fork into the background once ready\n"
		"  -x, --xen                in a Xen dom0: serve dom0's own ring\n"
		"                           (/proc/xen/xsd_kva) and the rings of\n"
		"                           INTRODUCEd domains (/dev/xen/gntdev,\n"
		"                           /dev/xen/evtchn)\n"
		"  -h, --help               this text\n\n"
		"Logs go to stderr. SIGTERM or SIGINT stops the daemon and removes\n"
		"its sockets.\n");
}

static int add_unpriv(struct hvs_server *srv, char *arg)
{
	char *eq = strrchr(arg, '=');
	unsigned long domid;
	char *end;

	if (!eq || eq == arg)
		return -1;
	*eq = 0;
	domid = strtoul(eq + 1, &end, 10);
	if (!eq[1] || *end || domid == 0 || domid >= XS_DOMID_FIRST_RESERVED)
		return -1;
	return hvs_listen(srv, arg, (uint32_t)domid);
}

static int write_pid(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "unprivileged-socket", required_argument, NULL, 'u' },
		{ "quota", required_argument, NULL, 'q' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "xen", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = getenv("XENSTORED_PATH"), *pidfile = NULL;
	char *unpriv[HVS_MAX_LISTENERS];
	int nunpriv = 0, daemonize = 0, xen = 0, opt, i, rc;
	struct hvs_server srv;
	char *eq;

	if (!sock || !*sock)
		sock = DEFAULT_SOCKET;
	if (hvs_init(&srv)) {
		fprintf(stderr, "hvstored: out of memory\n");
		return 1;
	}
	while ((opt = getopt_long(argc, argv, "s:u:q:l:vp:dxh", opts, NULL)) !=
	       -1) {
		switch (opt) {
		case 's':
			sock = optarg;
			break;
		case 'u':
			if (nunpriv >= HVS_MAX_LISTENERS - 1) {
				fprintf(stderr, "hvstored: too many sockets\n");
				return 2;
			}
			unpriv[nunpriv++] = optarg;
			break;
		case 'q':
			eq = strchr(optarg, '=');
			if (!eq) {
				fprintf(stderr,
					"hvstored: --quota NAME=VALUE\n");
				return 2;
			}
			*eq = 0;
			if (xs_quota_set(&srv.st.quota, optarg, eq + 1)) {
				fprintf(stderr, "hvstored: bad quota %s=%s\n",
					optarg, eq + 1);
				return 2;
			}
			break;
		case 'l':
			xs_log_level = xs_log_level_parse(optarg);
			if (xs_log_level < 0) {
				fprintf(stderr, "hvstored: bad log level %s\n",
					optarg);
				return 2;
			}
			break;
		case 'v':
			xs_log_level = XS_LOG_DEBUG;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'd':
			daemonize = 1;
			break;
		case 'x':
			xen = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (hvs_listen(&srv, sock, 0))
		return 1;
	for (i = 0; i < nunpriv; i++) {
		if (add_unpriv(&srv, unpriv[i])) {
			fprintf(stderr,
				"hvstored: bad --unprivileged-socket %s\n",
				unpriv[i]);
			hvs_destroy(&srv);
			return 2;
		}
	}
	if (xen && hvs_xen_init(&srv)) {
		hvs_destroy(&srv);
		return 1;
	}
	if (daemonize) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("hvstored: fork");
			return 1;
		}
		if (pid > 0)
			_exit(0); /* sockets are ready: clients may connect */
		setsid();
	}
	if (pidfile && write_pid(pidfile))
		xs_log(XS_LOG_WARN, "cannot write %s: %s", pidfile,
		       strerror(errno));
	rc = hvs_run(&srv);
	hvs_destroy(&srv);
	if (pidfile)
		unlink(pidfile);
	return rc ? 1 : 0;
}
