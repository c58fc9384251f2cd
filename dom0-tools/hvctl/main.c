// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl VERB [ARGS]: xl's verbs for hvlab's guests (docs/toolstack.md).
 * Exit status as xl: 0 done, 1 failed (the message says why), 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"

#define XENCONSOLE "/usr/lib/xen-4.17/bin/xenconsole"

static const char usage[] =
	"usage: hvctl [-v] VERB [ARGS]\n"
	"\n"
	"  -v                                    show each build step and\n"
	"                                        its time (create, reboot)\n"
	"  create [-p] [-q] [-c] CFG [KEY=VALUE...]\n"
	"                                        build a guest from an xl.cfg\n"
	"                                        file (-p: leave it paused;\n"
	"                                        -c: attach its console)\n"
	"  console NAME|ID                       attach to the guest's console\n"
	"                                        (Ctrl-] detaches)\n"
	"  list [-l] [NAME|ID...]                the domains, as xl list\n"
	"                                        (-l: their configs, JSON)\n"
	"  destroy NAME|ID                       end a domain at once\n"
	"  shutdown [-w] [-F] NAME|ID            ask the guest to power off\n"
	"  reboot [-w] [-F] NAME|ID              ask the guest to reboot\n"
	"                                        (-w: wait until it is gone;\n"
	"                                        -F: without PV control, have\n"
	"                                        the hv shut it down)\n"
	"  pause NAME|ID, unpause NAME|ID\n"
	"  rename NAME|ID NEWNAME\n"
	"  mem-set NAME|ID SIZE[k|m|g]           the guest's memory target\n"
	"  vcpu-list [NAME|ID...]                each vCPU: pCPU, state, time\n"
	"  info                                  the host and the hv\n"
	"  dmesg [-c]                            the hv's log (-c: then clear)\n"
	"  top [-b] [-d SECS] [-i N]             a refreshing table, as xentop\n"
	"  perf [-r] [NAME|ID...]                the hv's counters per domain\n"
	"                                        (-r: then reset them)\n"
	"  block-attach NAME|ID DISK-SPEC...     add a disk to a running guest\n"
	"  block-detach NAME|ID VDEV [-f]        take it away (-f: even if\n"
	"                                        the guest holds on to it)\n"
	"  block-list NAME|ID...                 the guests' disks, as xl\n"
	"  network-attach NAME|ID [VIF-SPEC...]  add a vif to a running guest\n"
	"  network-detach NAME|ID DEVID|MAC [-f] take it away\n"
	"  network-list NAME|ID...               the guests' vifs, as xl\n"
	"\n"
	"Exit status: 0 done; 1 failed; 2 usage.\n";

/*
 * As xl console: Debian's xenconsole client on the pty xenconsoled made
 * for the guest's console (console/tty in xenstore); Ctrl-] detaches.
 * Only returns if it could not be started.
 */
static int attach_console(uint32_t domid)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", domid);
	execl(XENCONSOLE, XENCONSOLE, id, "--num", "0", "--type", "pv",
	      (char *)NULL);
	fail_call("exec " XENCONSOLE, errno);
	return 1;
}

/* A verb's one NAME|ID argument: 0 and *domid, or its exit status (2
 * usage, 1 no such domain), printed. Domain 0 is refused with why0. */
static int one_domain(struct hvctl *h, int argc, char **argv, const char *why0,
		      uint32_t *domid)
{
	if (argc != 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (domain_lookup(h, argv[1], domid))
		return 1;
	if (!*domid && why0) {
		msg("%s", why0);
		return 1;
	}
	return 0;
}

static int verb_console(struct hvctl *h, int argc, char **argv)
{
	uint32_t domid;
	int rc = one_domain(h, argc, argv,
			    "dom0's console is the hv's serial line", &domid);

	return rc ? rc : attach_console(domid);
}

static int verb_create(struct hvctl *h, int argc, char **argv)
{
	struct hvctl_config *c = malloc(sizeof(*c));
	bool paused = false, console = false;
	uint32_t domid;
	int opt, rc = 1;

	if (!c) {
		msg("out of memory");
		return 1;
	}
	optind = 1;
	/* Options anywhere, as in `hvctl create demo.cfg -c`. */
	while ((opt = getopt(argc, argv, "pqc")) != -1) {
		if (opt == 'p') {
			paused = true;
		} else if (opt == 'c') {
			console = true;
		} else if (opt == 'q') {
			h->quiet = true;
		} else {
			fputs(usage, stderr);
			free(c);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		free(c);
		return 2;
	}
	fprintf(stderr, "Parsing config from %s\n", argv[optind]);
	if (config_read(c, argv[optind]))
		goto out;
	for (int i = optind + 1; i < argc; i++)
		if (config_set(c, argv[i], "command line", 0))
			goto out;
	if (build_domain(h, c, &domid))
		goto out;
	if (!paused && xc_domain_unpause(h->xch, domid)) {
		fail_call("xc_domain_unpause", errno);
		domain_teardown(h, domid);
		goto out;
	}
	/* Failing that, the guest runs; it just has no one to act on its
	 * end (the message says so). */
	monitor_start(c, domid);
	rc = 0;
	if (console)
		rc = attach_console(domid);
out:
	free(c);
	return rc;
}

/* xl list's columns and state letters. */
static void list_one(struct hvctl *h, const xc_domaininfo_t *i)
{
	char name[HVCTL_NAME_MAX], p[64], *v;
	unsigned int n;
	uint32_t f = i->flags;

	dom_path(p, sizeof(p), i->domain, "/name");
	v = xs_read(h->xs, XBT_NULL, p, &n);
	snprintf(name, sizeof(name), "%s",
		 v	   ? v :
		 i->domain ? "(null)" :
			     "Domain-0");
	free(v);
	printf("%-40s %5u %5llu %5u     %c%c%c%c%c%c  %8.1f\n", name, i->domain,
	       (unsigned long long)((i->tot_pages + i->outstanding_pages) >> 8),
	       i->nr_online_vcpus, f & XEN_DOMINF_running ? 'r' : '-',
	       f & XEN_DOMINF_blocked ? 'b' : '-',
	       f & XEN_DOMINF_paused ? 'p' : '-',
	       f & XEN_DOMINF_shutdown ? 's' : '-',
	       (f & XEN_DOMINF_shutdown) &&
			       ((f >> XEN_DOMINF_shutdownshift) &
				XEN_DOMINF_shutdownmask) == SHUTDOWN_crash ?
		       'c' :
		       '-',
	       f & XEN_DOMINF_dying ? 'd' : '-', i->cpu_time / 1e9);
}

/* list -l: the domains' saved configs (with the devices attached since),
 * a JSON array as xl's (hvctl's own keys; {"domid": N} for a domain
 * hvctl did not build). */
static int list_long(const xc_domaininfo_t *info, int nr, const uint32_t *ids,
		     int nids)
{
	struct hvctl_config *c = malloc(sizeof(*c));
	bool first = true;

	if (!c) {
		fail_call("malloc", errno);
		return 1;
	}
	fputs("[\n", stdout);
	for (int i = 0; i < nr; i++) {
		if (!domain_wanted(info[i].domain, ids, nids))
			continue;
		printf("%s", first ? "" : ",\n");
		if (!saved_read(info[i].domain, c))
			config_json(c, info[i].domain, info[i].handle, stdout);
		else
			printf("{\n    \"domid\": %u\n}", info[i].domain);
		first = false;
	}
	fputs("\n]\n", stdout);
	free(c);
	return 0;
}

static int verb_list(struct hvctl *h, int argc, char **argv)
{
	bool json = argc >= 2 && !strcmp(argv[1], "-l");
	xc_domaininfo_t info[64];
	uint32_t ids[64];
	int n, nr;

	if (json) {
		argc--;
		argv++;
	}
	n = domains_named(h, argc, argv, ids);
	if (n < 0)
		return 1;
	nr = xc_domain_getinfolist(h->xch, 0, 64, info);
	if (nr < 0) {
		fail_call("xc_domain_getinfolist", errno);
		return 1;
	}
	if (json)
		return list_long(info, nr, ids, n);
	printf("%-40s %5s %5s %5s %10s %9s\n", "Name", "ID", "Mem", "VCPUs",
	       "State", "Time(s)");
	for (int i = 0; i < nr; i++)
		if (domain_wanted(info[i].domain, ids, n))
			list_one(h, &info[i]);
	return 0;
}

/*
 * xl's shutdown and reboot: through the guest's PV control interface
 * (control/shutdown, which Linux watches once it has written
 * control/feature-poweroff), or with -F, when it has none, the hv's
 * SCHEDOP_remote_shutdown. The monitor then does what the config says.
 */
static int verb_shutdown(struct hvctl *h, int argc, char **argv)
{
	bool reboot = !strcmp(argv[0], "reboot"), wait = false, force = false;
	const char *what = reboot ? "reboot" : "poweroff";
	char p[64], *feat;
	unsigned int n;
	uint32_t domid;
	int opt;

	optind = 1;
	while ((opt = getopt(argc, argv, "+wF")) != -1) {
		if (opt == 'w') {
			wait = true;
		} else if (opt == 'F') {
			force = true;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (domain_lookup(h, argv[optind], &domid))
		return 1;
	if (!domid) {
		msg("domain 0 is shut down from inside it");
		return 1;
	}
	snprintf(p, sizeof(p), "/local/domain/%u/control/feature-%s", domid,
		 what);
	feat = xs_read(h->xs, XBT_NULL, p, &n);
	if (feat && !strcmp(feat, "1")) {
		dom_path(p, sizeof(p), domid, "/control/shutdown");
		if (!xs_write(h->xs, XBT_NULL, p, what, strlen(what))) {
			fail_call("xenstore write control/shutdown", errno);
			free(feat);
			return 1;
		}
	} else if (force) {
		if (xc_domain_shutdown(h->xch, domid,
				       reboot ? SHUTDOWN_reboot :
						SHUTDOWN_poweroff)) {
			fail_call("xc_domain_shutdown", errno);
			free(feat);
			return 1;
		}
	} else {
		msg("domain %u has no PV control interface (no control/"
		    "feature-%s): use -F to have the hv shut it down",
		    domid, what);
		free(feat);
		return 1;
	}
	free(feat);
	while (wait) {
		xc_domaininfo_t info;

		if (xc_domain_getinfolist(h->xch, domid, 1, &info) != 1 ||
		    info.domain != domid)
			break;
		usleep(100000);
	}
	/* Gone means gone from dom0 too, as with xl (whose daemon removes
	 * the devices before the domain): the monitor's teardown may still
	 * be waiting for netback or blkback to let go of them. */
	if (wait)
		devices_wait_gone(domid);
	return 0;
}

static int verb_on_domain(struct hvctl *h, int argc, char **argv)
{
	bool destroy = !strcmp(argv[0], "destroy");
	uint32_t domid;
	int rc = one_domain(h, argc, argv,
			    destroy ? "domain 0 cannot be destroyed" : NULL,
			    &domid);

	if (rc)
		return rc;
	if (destroy) {
		return domain_teardown(h, domid) ? 1 : 0;
	}
	if (!strcmp(argv[0], "pause") ? xc_domain_pause(h->xch, domid) :
					xc_domain_unpause(h->xch, domid)) {
		fail_call(!strcmp(argv[0], "pause") ? "xc_domain_pause" :
						      "xc_domain_unpause",
			  errno);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct hvctl *h, int argc, char **argv);
	} verbs[] = {
		{ "create", verb_create },
		{ "list", verb_list },
		{ "destroy", verb_on_domain },
		{ "pause", verb_on_domain },
		{ "unpause", verb_on_domain },
		{ "shutdown", verb_shutdown },
		{ "console", verb_console },
		{ "info", verb_info },
		{ "dmesg", verb_dmesg },
		{ "vcpu-list", verb_vcpu_list },
		{ "top", verb_top },
		{ "perf", verb_perf },
		{ "rename", verb_rename },
		{ "mem-set", verb_mem_set },
		{ "reboot", verb_shutdown },
		{ "block-attach", verb_block_attach },
		{ "block-detach", verb_block_detach },
		{ "block-list", verb_block_list },
		{ "network-attach", verb_network_attach },
		{ "network-detach", verb_network_detach },
		{ "network-list", verb_network_list },
	};
	struct hvctl h = { 0 };
	int rc = 2;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		h.verbose = true;
		argc--;
		argv++;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (unsigned int i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strcmp(argv[1], verbs[i].name))
			continue;
		h.xch = xc_interface_open(NULL, NULL, 0);
		if (!h.xch) {
			fail_call("xc_interface_open", errno);
			return 1;
		}
		h.xs = xs_open(0);
		if (!h.xs) {
			fail_call("xs_open", errno);
			xc_interface_close(h.xch);
			return 1;
		}
		rc = verbs[i].fn(&h, argc - 1, argv + 1);
		xs_close(h.xs);
		xc_interface_close(h.xch);
		return rc;
	}
	msg("unknown verb '%s'", argv[1]);
	fputs(usage, stderr);
	return 2;
}
