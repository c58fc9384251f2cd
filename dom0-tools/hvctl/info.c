// SPDX-License-Identifier: GPL-2.0
/*
 * The reading verbs: info (the host and the hv, as xl info), dmesg (the
 * hv's log through XEN_SYSCTL_readconsole), vcpu-list (each vCPU through
 * XEN_DOMCTL_getvcpuinfo) and top (a refreshing per-domain table, as
 * xentop).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "hvctl.h"

static const char *const sched_names[] = {
	[XEN_SCHEDULER_CREDIT] = "credit",
	[XEN_SCHEDULER_CREDIT2] = "credit2",
	[XEN_SCHEDULER_ARINC653] = "arinc653",
	[XEN_SCHEDULER_RTDS] = "rtds",
	[XEN_SCHEDULER_NULL] = "null",
};

int verb_info(struct hvctl *h, int argc, char **argv)
{
	xen_extraversion_t extra = { 0 };
	xen_capabilities_info_t caps = { 0 };
	xen_commandline_t cmdline = { 0 };
	xc_physinfo_t pi = { 0 };
	struct utsname u;
	int ver, pagesize, sched = -1;

	ver = xc_version(h->xch, XENVER_version, NULL);
	pagesize = xc_version(h->xch, XENVER_pagesize, NULL);
	if (ver < 0 || pagesize < 0 || xc_physinfo(h->xch, &pi) ||
	    xc_version(h->xch, XENVER_extraversion, &extra) < 0 ||
	    xc_version(h->xch, XENVER_capabilities, &caps) < 0 ||
	    xc_version(h->xch, XENVER_commandline, &cmdline) < 0 ||
	    xc_sched_id(h->xch, &sched)) {
		fail_call("xc_version/xc_physinfo/xc_sched_id", errno);
		return 1;
	}
	uname(&u);
	printf("%-23s: %s\n", "host", u.nodename);
	printf("%-23s: %s\n", "release", u.release);
	printf("%-23s: %s\n", "machine", u.machine);
	printf("%-23s: %u\n", "nr_cpus", pi.nr_cpus);
	printf("%-23s: %u\n", "max_cpu_id", pi.max_cpu_id);
	printf("%-23s: %u\n", "nr_nodes", pi.nr_nodes);
	printf("%-23s: %u\n", "cores_per_socket", pi.cores_per_socket);
	printf("%-23s: %u\n", "threads_per_core", pi.threads_per_core);
	printf("%-23s: %u\n", "cpu_mhz", pi.cpu_khz / 1000);
	printf("%-23s:%s%s%s\n", "virt_caps",
	       pi.capabilities & XEN_SYSCTL_PHYSCAP_hvm ? " hvm" : "",
	       pi.capabilities & XEN_SYSCTL_PHYSCAP_hap ? " hap" : "",
	       pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1 ? " gnttab-v1" :
								"");
	printf("%-23s: %llu\n", "total_memory",
	       (unsigned long long)pi.total_pages / 256);
	printf("%-23s: %llu\n", "free_memory",
	       (unsigned long long)pi.free_pages / 256);
	printf("%-23s: %llu\n", "outstanding_claims",
	       (unsigned long long)pi.outstanding_pages / 256);
	printf("%-23s: %d\n", "xen_major", ver >> 16);
	printf("%-23s: %d\n", "xen_minor", ver & 0xffff);
	printf("%-23s: %s\n", "xen_extra", extra);
	printf("%-23s: %d.%d%s\n", "xen_version", ver >> 16, ver & 0xffff,
	       extra);
	printf("%-23s: %s\n", "xen_caps", caps);
	printf("%-23s: %s\n", "xen_scheduler",
	       sched >= 0 &&
			       sched < (int)(sizeof(sched_names) /
					     sizeof(sched_names[0])) &&
			       sched_names[sched] ?
		       sched_names[sched] :
		       "unknown");
	printf("%-23s: %d\n", "xen_pagesize", pagesize);
	printf("%-23s: %s\n", "xen_commandline", cmdline);
	return 0;
}

int verb_dmesg(struct hvctl *h, int argc, char **argv)
{
	unsigned int size = 1 << 16;
	char *buf = malloc(size + 1);
	bool clear = argc == 2 && !strcmp(argv[1], "-c");
	uint32_t index = 0;

	if (argc > 2 || (argc == 2 && !clear)) {
		fprintf(stderr, "usage: hvctl dmesg [-c]\n");
		free(buf);
		return 2;
	}
	if (!buf || xc_readconsolering(h->xch, buf, &size, clear, 0, &index)) {
		fail_call("xc_readconsolering", errno);
		free(buf);
		return 1;
	}
	fwrite(buf, 1, size, stdout);
	free(buf);
	return 0;
}

/* "all", or the pCPUs of a map as a list. */
static void cpus_of(const uint8_t *map, unsigned int nr, char *out, size_t len)
{
	unsigned int set = 0, at = 0;

	for (unsigned int i = 0; i < nr; i++)
		set += !!(map[i / 8] & (1u << (i % 8)));
	if (set == nr) {
		snprintf(out, len, "all");
		return;
	}
	out[0] = 0;
	for (unsigned int i = 0; i < nr && at < len; i++)
		if (map[i / 8] & (1u << (i % 8)))
			at += snprintf(out + at, len - at, "%s%u",
				       at ? "," : "", i);
	if (!set)
		snprintf(out, len, "none");
}

static int list_vcpus(struct hvctl *h, const xc_domaininfo_t *d, int nr_cpus)
{
	char name[HVCTL_NAME_MAX], hard[64], soft[64];
	xc_cpumap_t mh = xc_cpumap_alloc(h->xch), ms = xc_cpumap_alloc(h->xch);

	if (!mh || !ms) {
		free(mh);
		free(ms);
		return -1;
	}
	name_of(h, d->domain, name, sizeof(name));
	for (unsigned int v = 0; v <= d->max_vcpu_id; v++) {
		xc_vcpuinfo_t vi;

		if (xc_vcpu_getinfo(h->xch, d->domain, v, &vi)) {
			fail_call("xc_vcpu_getinfo", errno);
			free(mh);
			free(ms);
			return -1;
		}
		strcpy(hard, "-");
		strcpy(soft, "-");
		if (!xc_vcpu_getaffinity(h->xch, d->domain, v, mh, ms,
					 XEN_VCPUAFFINITY_HARD |
						 XEN_VCPUAFFINITY_SOFT)) {
			cpus_of(mh, nr_cpus, hard, sizeof(hard));
			cpus_of(ms, nr_cpus, soft, sizeof(soft));
		}
		if (vi.online)
			printf("%-32s %5u %5u %5u   %c%c%c  %9.1f  %s / %s\n",
			       name, d->domain, v, vi.cpu,
			       vi.running ? 'r' : '-', vi.blocked ? 'b' : '-',
			       d->flags & XEN_DOMINF_paused ? 'p' : '-',
			       vi.cpu_time / 1e9, hard, soft);
		else
			printf("%-32s %5u %5u     -   --p  %9.1f  %s / %s\n",
			       name, d->domain, v, vi.cpu_time / 1e9, hard,
			       soft);
	}
	free(mh);
	free(ms);
	return 0;
}

int verb_vcpu_list(struct hvctl *h, int argc, char **argv)
{
	xc_domaininfo_t info[64];
	xc_physinfo_t pi = { 0 };
	uint32_t ids[64];
	int n = domains_named(h, argc, argv, ids), nr;

	if (n < 0)
		return 1;
	nr = xc_domain_getinfolist(h->xch, 0, 64, info);
	if (nr < 0 || xc_physinfo(h->xch, &pi)) {
		fail_call("xc_domain_getinfolist", errno);
		return 1;
	}
	printf("%-32s %5s %5s %5s %5s %9s  %s\n", "Name", "ID", "VCPU", "CPU",
	       "State", "Time(s)", "Affinity (Hard / Soft)");
	for (int i = 0; i < nr; i++)
		if (domain_wanted(info[i].domain, ids, n) &&
		    list_vcpus(h, &info[i], pi.max_cpu_id + 1))
			return 1;
	return 0;
}

/* What counter prefix grew by in domid since last, per second. */
static double perf_rate(const struct perf_counts *now,
			const struct perf_counts *last, const char *prefix,
			uint32_t domid, double dt)
{
	uint64_t a = perf_sum(now, prefix, domid);
	uint64_t b = perf_sum(last, prefix, domid);

	/* Reset (hvctl perf -r) or a new domain with the id: no rate. */
	return a >= b && dt > 0 ? (a - b) / dt : 0;
}

/*
 * top [-b] [-d SECS] [-i N]: every SECS (default 1) a table of the domains
 * with their CPU time and share since the last one, memory, vCPUs, and
 * the hv's exits and events raised for them per second (perf.c); -b
 * writes the tables one after another instead of redrawing the screen,
 * -i stops after N of them.
 */
int verb_top(struct hvctl *h, int argc, char **argv)
{
	struct {
		uint32_t domid;
		uint64_t cpu_ns;
	} last[64];
	int nr_last = 0, iters = -1, opt;
	double delay = 1, t_last = now_s();
	bool batch = false;
	xc_physinfo_t pi = { 0 };
	struct perf_counts *pc[2] = { perf_alloc(), perf_alloc() };
	int rc = 1;

	optind = 1;
	while ((opt = getopt(argc, argv, "+bd:i:")) != -1) {
		if (opt == 'b')
			batch = true;
		else if (opt == 'd')
			delay = atof(optarg);
		else if (opt == 'i')
			iters = atoi(optarg);
		else
			iters = 0; /* refused below */
	}
	if (optind != argc || delay <= 0 || !iters) {
		fprintf(stderr, "usage: hvctl top [-b] [-d SECS] [-i N]\n");
		rc = 2;
		goto out;
	}
	if (!pc[0] || !pc[1])
		goto out;
	if (xc_physinfo(h->xch, &pi)) {
		fail_call("xc_physinfo", errno);
		goto out;
	}
	for (int it = 0; iters < 0 || it < iters; it++) {
		xc_domaininfo_t info[64];
		int nr = xc_domain_getinfolist(h->xch, 0, 64, info);
		double t = now_s(), dt = t - t_last;
		struct perf_counts *pnow = pc[it & 1], *plast = pc[!(it & 1)];
		/* No rates in the first table, as no CPU share (xentop). */
		double pdt = it ? dt : 0;

		if (nr < 0) {
			fail_call("xc_domain_getinfolist", errno);
			goto out;
		}
		if (perf_read(h, pnow))
			goto out;
		if (!batch)
			fputs("\033[H\033[2J", stdout);
		printf("%-20s %5s %6s %10s %6s %10s %6s %10s %5s %9s %9s\n",
		       "NAME", "ID", "STATE", "CPU(sec)", "CPU(%)", "MEM(k)",
		       "MEM(%)", "MAXMEM(k)", "VCPUS", "EXITS/s", "EVENTS/s");
		for (int i = 0; i < nr; i++) {
			const xc_domaininfo_t *d = &info[i];
			uint32_t f = d->flags;
			char name[HVCTL_NAME_MAX];
			double pct = 0;

			for (int j = 0; j < nr_last; j++)
				if (last[j].domid == d->domain && dt > 0)
					pct = (d->cpu_time - last[j].cpu_ns) /
					      (dt * 1e7);
			name_of(h, d->domain, name, sizeof(name));
			printf("%-20.20s %5u %c%c%c%c%c%c %10.1f %6.1f %10llu "
			       "%6.1f %10llu %5u %9.0f %9.0f\n",
			       name, d->domain,
			       f & XEN_DOMINF_running ? 'r' : '-',
			       f & XEN_DOMINF_blocked ? 'b' : '-',
			       f & XEN_DOMINF_paused ? 'p' : '-',
			       f & XEN_DOMINF_shutdown ? 's' : '-', '-',
			       f & XEN_DOMINF_dying ? 'd' : '-',
			       d->cpu_time / 1e9, pct,
			       (unsigned long long)d->tot_pages * 4,
			       pi.total_pages ?
				       d->tot_pages * 100.0 / pi.total_pages :
				       0,
			       (unsigned long long)d->max_pages * 4,
			       d->nr_online_vcpus,
			       perf_rate(pnow, plast, "exits:", d->domain, pdt),
			       perf_rate(pnow, plast, "events raised",
					 d->domain, pdt));
		}
		fflush(stdout);
		nr_last = nr;
		for (int i = 0; i < nr; i++) {
			last[i].domid = info[i].domain;
			last[i].cpu_ns = info[i].cpu_time;
		}
		t_last = t;
		if (iters < 0 || it + 1 < iters)
			usleep((useconds_t)(delay * 1e6));
	}
	rc = 0;
out:
	free(pc[0]);
	free(pc[1]);
	return rc;
}
