// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor: as xl does, `hvctl create` leaves one process behind per
 * guest that waits for the guest to end and then does what its config
 * says (on_poweroff, on_reboot, on_crash; a watchdog counts as a crash,
 * as xl's default on_watchdog=destroy would not restart it either):
 *
 *   destroy         tear it down everywhere (the hv, xenstore)
 *   restart         tear it down and build it again from its saved config
 *                   (saved.c: the devices attached since are kept, those
 *                   detached are not, as xl does)
 *   preserve        leave it shut down (`hvctl list` shows it, `hvctl
 *                   destroy` ends it)
 *   rename-restart  rename the old one NAME--N and keep it, build anew
 *
 * It wakes on @releaseDomain, which hvstored fires when a domain shuts
 * down or goes (VIRQ_DOM_EXC). Its log is /var/log/hvlab/hvctl-NAME.log.
 * A guest that restarts more than RESTART_BURST times within
 * RESTART_WINDOW seconds is destroyed instead, with a line in the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hvctl.h"

#define LOG_DIR "/var/log/hvlab"
#define RESTART_BURST 10
#define RESTART_WINDOW 60

/* The config of the next restart, read from the domain's saved one. */
static struct hvctl_config next;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logf_(const char *fmt, ...)
{
	char stamp[32];
	time_t t = time(NULL);
	va_list ap;

	strftime(stamp, sizeof(stamp), "%F %T", localtime(&t));
	fprintf(stderr, "%s ", stamp);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The domain's state: 0 running (or paused), 1 shut down (*reason set),
 * -1 gone or dying. */
static int dom_state(struct hvctl *h, uint32_t domid, unsigned int *reason)
{
	xc_domaininfo_t info;

	if (xc_domain_getinfolist(h->xch, domid, 1, &info) != 1 ||
	    info.domain != domid || (info.flags & XEN_DOMINF_dying))
		return -1;
	if (!(info.flags & XEN_DOMINF_shutdown))
		return 0;
	*reason = (info.flags >> XEN_DOMINF_shutdownshift) &
		  XEN_DOMINF_shutdownmask;
	return 1;
}

static enum hvctl_action action_for(const struct hvctl_config *c,
				    unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		return c->on_poweroff;
	case SHUTDOWN_reboot:
		return c->on_reboot;
	default: /* crash, watchdog, anything unknown */
		return c->on_crash;
	}
}

/* Rename the preserved domain NAME--ID in xenstore (its own and /vm). */
static void rename_old(struct hvctl *h, uint32_t domid, const char *name)
{
	char p[64], n[HVCTL_NAME_MAX + 16], *vm;
	unsigned int len;

	snprintf(n, sizeof(n), "%s--%u", name, domid);
	dom_path(p, sizeof(p), domid, "/name");
	xs_write(h->xs, XBT_NULL, p, n, strlen(n));
	dom_path(p, sizeof(p), domid, "/vm");
	vm = xs_read(h->xs, XBT_NULL, p, &len);
	if (vm) {
		char q[HVCTL_PATH_MAX];

		snprintf(q, sizeof(q), "%s/name", vm);
		xs_write(h->xs, XBT_NULL, q, n, strlen(n));
		free(vm);
	}
	saved_rename(domid, n);
	logf_("domain %u renamed %s", domid, n);
}

/* Wait for domid to end and act; returns when nothing is left to watch. */
static void watch_domain(struct hvctl *h, const struct hvctl_config *c,
			 uint32_t domid)
{
	time_t restarts[RESTART_BURST] = { 0 };
	unsigned int nr_restarts = 0;

	if (!xs_watch(h->xs, "@releaseDomain", "hvctl")) {
		logf_("xs_watch @releaseDomain: %s", strerror(errno));
		return;
	}
	logf_("watching domain %u (%s)", domid, c->name);
	for (;;) {
		unsigned int reason = 0, n;
		char **ev;
		enum hvctl_action act;
		int st = dom_state(h, domid, &reason);

		if (st == 0) {
			ev = xs_read_watch(h->xs, &n);
			if (!ev) {
				logf_("xs_read_watch: %s", strerror(errno));
				return;
			}
			free(ev);
			continue;
		}
		if (st < 0) {
			/* Destroyed by someone else (hvctl destroy): clean
			 * what may be left and stop. */
			logf_("domain %u is gone", domid);
			domain_teardown(h, domid);
			return;
		}
		act = action_for(c, reason);
		logf_("domain %u shut down (reason %u): %s", domid, reason,
		      hvctl_action_names[act]);
		if (act == ACT_PRESERVE)
			return;
		if (act != ACT_DESTROY) {
			struct hvctl_config *s = malloc(sizeof(*s));

			if (s && !saved_read(domid, s)) {
				next = *s;
				c = &next;
			} else {
				logf_("no saved config for domain %u: "
				      "restarting from the one it was "
				      "created with",
				      domid);
			}
			free(s);
		}
		if (act == ACT_RENAME_RESTART)
			rename_old(h, domid, c->name);
		else
			domain_teardown(h, domid);
		if (act == ACT_DESTROY)
			return;
		if (restarts[nr_restarts % RESTART_BURST] &&
		    time(NULL) - restarts[nr_restarts % RESTART_BURST] <
			    RESTART_WINDOW) {
			logf_("%u restarts in under %d s: not again",
			      RESTART_BURST, RESTART_WINDOW);
			return;
		}
		restarts[nr_restarts++ % RESTART_BURST] = time(NULL);
		if (build_domain(h, c, &domid) ||
		    xc_domain_unpause(h->xch, domid)) {
			logf_("restart failed; giving up");
			return;
		}
		logf_("restarted as domain %u, %u disk(s) and %u vif(s)", domid,
		      c->nr_disks, c->nr_vifs);
	}
}

int monitor_start(const struct hvctl_config *c, uint32_t domid)
{
	char path[HVCTL_PATH_MAX];
	struct hvctl h = { .quiet = true };
	pid_t pid;
	int fd;

	mkdir(LOG_DIR, 0755);
	snprintf(path, sizeof(path), LOG_DIR "/hvctl-%s.log", c->name);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		msg("%s: %s", path, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		fail_call("fork", errno);
		close(fd);
		return -1;
	}
	if (pid) {
		close(fd);
		return 0;
	}
	/* The child: its own session and log, fresh library handles (the
	 * parent's are not to be used across fork). */
	setsid();
	signal(SIGHUP, SIG_IGN);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	h.xch = xc_interface_open(NULL, NULL, 0);
	h.xs = xs_open(0);
	if (!h.xch || !h.xs) {
		logf_("cannot open libxenctrl or xenstore: %s",
		      strerror(errno));
		_exit(1);
	}
	watch_domain(&h, c, domid);
	_exit(0);
}
