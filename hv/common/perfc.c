// SPDX-License-Identifier: GPL-2.0
/*
 * XEN_SYSCTL_perfc_op: the counters of perfc.h as Xen lays them out for
 * xenperf. Counter 0 is Xen's "hypercalls" (64 values, by number, summed
 * over pCPUs: `xenperf -p` names them); then one counter per entry of
 * PERFC_VCPU_COUNTERS with MAX_DOMAINS values, value i being domain i's
 * (its vCPUs summed; 0 for an id no domain has). The layout is fixed, so
 * a caller's buffers sized by one query fit every later one.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/perfc.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <sysctl.h>

#define PERFC_DESC(name, text) { text, MAX_DOMAINS },
static const struct xen_sysctl_perfc_desc descs[] = {
	{ "hypercalls", PERFC_NR_HYPERCALLS },
	PERFC_VCPU_COUNTERS(PERFC_DESC)
};
#undef PERFC_DESC

#define NR_VALS (PERFC_NR_HYPERCALLS + NR_PERFC_VCPU * MAX_DOMAINS)

/* One query or reset at a time: they share vals. */
static DEFINE_SPINLOCK(perfc_lock);
static u32 vals[NR_VALS];

__exit_path void perfc_hypercall(unsigned int nr)
{
	if (nr < PERFC_NR_HYPERCALLS)
		this_percpu()->perfc_hypercalls[nr]++;
}

/* d's vCPUs' counts into its slot of each counter (domain_for_each). */
static void add_domain(struct domain *d, void *arg)
{
	u32 *dom = vals + PERFC_NR_HYPERCALLS + d->id;

	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		for (unsigned int c = 0; d->vcpu[i] && c < NR_PERFC_VCPU; c++)
			dom[c * MAX_DOMAINS] += READ_ONCE(d->vcpu[i]->perfc[c]);
}

static void zero_domain(struct domain *d, void *arg)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		for (unsigned int c = 0; d->vcpu[i] && c < NR_PERFC_VCPU; c++)
			WRITE_ONCE(d->vcpu[i]->perfc[c], 0);
}

static void gather(void)
{
	memset(vals, 0, sizeof(vals));
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		for (unsigned int i = 0; i < PERFC_NR_HYPERCALLS; i++)
			vals[i] += READ_ONCE(percpu[cpu].perfc_hypercalls[i]);
	domain_for_each(add_domain, NULL);
}

/*
 * At a domain's end, its exits by kind on the hv's log: what a guest cost
 * when no dom0 was there to ask (a patched kernel's boot, say). Its
 * vCPUs are off every pCPU by now, so the counts are final.
 */
void perfc_domain_report(const struct domain *d)
{
	u32 n[NR_PERFC_VCPU] = { 0 }, total = 0;

	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		for (unsigned int c = 0; d->vcpu[i] && c < NR_PERFC_VCPU; c++)
			n[c] += d->vcpu[i]->perfc[c];
	for (unsigned int c = PERFC_exit_intr; c <= PERFC_exit_other; c++)
		total += n[c];
	pr_info("hv: domain %u (%s): %u exits (intr %u, hlt %u, hypercall %u, "
		"npf %u, io %u, msr %u, cpuid %u, other %u)\n",
		d->id, d->name, total, n[PERFC_exit_intr], n[PERFC_exit_hlt],
		n[PERFC_exit_hypercall], n[PERFC_exit_npf], n[PERFC_exit_io],
		n[PERFC_exit_msr], n[PERFC_exit_cpuid], n[PERFC_exit_other]);
}

/* Increments racing with this may be lost, as in Xen's perfc_reset. */
static void reset(void)
{
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		for (unsigned int i = 0; i < PERFC_NR_HYPERCALLS; i++)
			WRITE_ONCE(percpu[cpu].perfc_hypercalls[i], 0);
	domain_for_each(zero_domain, NULL);
}

/*
 * Xen's perfc_control: with a desc handle, the descriptions and values
 * are written (-EFAULT if either buffer faults); reset then zeroes the
 * counters whatever the copy did; the counts come back in any case.
 */
long perfc_sysctl(struct xen_sysctl_perfc_op *op)
{
	long rc = 0;

	if (op->cmd != XEN_SYSCTL_PERFCOP_reset &&
	    op->cmd != XEN_SYSCTL_PERFCOP_query)
		return -EINVAL;
	spin_lock(&perfc_lock);
	if (op->desc.q) {
		gather();
		if (copy_to_guest(op->desc.q, descs, sizeof(descs)) ||
		    copy_to_guest(op->val.q, vals, sizeof(vals)))
			rc = -EFAULT;
	}
	if (op->cmd == XEN_SYSCTL_PERFCOP_reset)
		reset();
	spin_unlock(&perfc_lock);
	op->nr_counters = ARRAY_SIZE(descs);
	op->nr_vals = NR_VALS;
	return rc;
}
