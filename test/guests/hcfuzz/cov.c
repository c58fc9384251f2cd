// SPDX-License-Identifier: MIT
/*
 * Coverage: calls per hypercall family and sub-op, by class of result.
 * "ok" (>= 0) and "err" (an error other than -ENOSYS, -EFAULT and
 * -EINVAL) mostly come from a handler's body; -EINVAL and -EFAULT are
 * often its first argument check. Grant batches also count their ops'
 * statuses (op_ok, op_err), reservations the extents done (op_ok). The integration test reads the lines cov_report() prints.
 */
#include "fuzz.h"

enum { C_OK, C_ERR, C_EINVAL, C_EFAULT, C_ENOSYS, C_OPOK, C_OPERR, NR_C };
enum {
	F_MEMORY,
	F_GRANT,
	F_EVTCHN,
	F_VCPU,
	F_SCHED,
	F_HVM,
	F_VERSION,
	F_TIMER,
	F_CONSOLE,
	F_VMASST,
	F_MULTICALL,
	F_OTHER,
	NR_F
};
#define NR_SUB 32

static const char *const family_name[NR_F] = {
	"memory_op",  "grant_table_op", "event_channel_op", "vcpu_op",
	"sched_op",   "hvm_op",		"xen_version",	    "set_timer_op",
	"console_io", "vm_assist",	"multicall",	    "other",
};

/* Per vCPU, so that the two never share a counter. */
static uint32_t cov[NR_FUZZ_CPUS][NR_F][NR_SUB][NR_C];

static unsigned int family(unsigned long nr)
{
	switch (nr) {
	case __HYPERVISOR_memory_op:
		return F_MEMORY;
	case __HYPERVISOR_grant_table_op:
		return F_GRANT;
	case __HYPERVISOR_event_channel_op:
		return F_EVTCHN;
	case __HYPERVISOR_vcpu_op:
		return F_VCPU;
	case __HYPERVISOR_sched_op:
		return F_SCHED;
	case __HYPERVISOR_hvm_op:
		return F_HVM;
	case __HYPERVISOR_xen_version:
		return F_VERSION;
	case __HYPERVISOR_set_timer_op:
		return F_TIMER;
	case __HYPERVISOR_console_io:
		return F_CONSOLE;
	case __HYPERVISOR_vm_assist:
		return F_VMASST;
	case __HYPERVISOR_multicall:
		return F_MULTICALL;
	}
	return F_OTHER;
}

/* The sub-op as the handler sees it; 31 for anything larger. */
static unsigned int sub_op(unsigned int fam, unsigned long cmd)
{
	if (fam == F_MEMORY)
		cmd &= 0x3f;
	else if (fam == F_GRANT)
		cmd &= 0xfff;
	else if (fam == F_TIMER || fam == F_MULTICALL || fam == F_OTHER)
		cmd = 0;
	else if (fam != F_HVM)
		cmd = (uint32_t)cmd;
	return cmd < NR_SUB ? cmd : NR_SUB - 1;
}

static unsigned int rc_class(long rc)
{
	switch (rc) {
	case -XEN_ENOSYS:
		return C_ENOSYS;
	case -XEN_EFAULT:
		return C_EFAULT;
	case -XEN_EINVAL:
		return C_EINVAL;
	}
	return rc >= 0 ? C_OK : C_ERR;
}

void cov_count(unsigned int cpu, const struct call *c, long rc)
{
	unsigned int fam = family(c->nr);
	uint32_t *row = cov[cpu][fam][sub_op(fam, c->a[0])];

	row[rc_class(rc)]++;
	/* Reservations return the extents done: count them as ops. */
	if (fam == F_MEMORY && rc > 0 &&
	    ((c->a[0] & 0x3f) == XENMEM_increase_reservation ||
	     (c->a[0] & 0x3f) == XENMEM_decrease_reservation ||
	     (c->a[0] & 0x3f) == XENMEM_populate_physmap))
		row[C_OPOK] += rc < (1L << 20) ? (uint32_t)rc : 1U << 20;
	if (!c->ops || !c->op_size || rc != 0)
		return;
	for (unsigned int i = 0; i < c->nops; i++) {
		int16_t st;

		memcpy(&st, c->ops + i * c->op_size + c->status_off, 2);
		row[st == GNTST_okay ? C_OPOK : C_OPERR]++;
	}
}

static void sum_row(unsigned int fam, unsigned int sub, uint64_t *t)
{
	for (unsigned int cpu = 0; cpu < NR_FUZZ_CPUS; cpu++)
		for (unsigned int k = 0; k < NR_C; k++)
			t[k] += cov[cpu][fam][sub][k];
}

static uint64_t calls(const uint64_t *t)
{
	return t[C_OK] + t[C_ERR] + t[C_EINVAL] + t[C_EFAULT] + t[C_ENOSYS];
}

static void print_row(const char *what, const char *name, int sub,
		      const uint64_t *t)
{
	char where[40];

	snprintf(where, sizeof(where), sub < 0 ? "%s" : "%s/%d", name, sub);
	printf("hcfuzz: %s %s calls=%lu ok=%lu err=%lu einval=%lu efault=%lu "
	       "enosys=%lu op_ok=%lu op_err=%lu\n",
	       what, where, calls(t), t[C_OK], t[C_ERR], t[C_EINVAL],
	       t[C_EFAULT], t[C_ENOSYS], t[C_OPOK], t[C_OPERR]);
}

void cov_report(void)
{
	uint64_t total[NR_C] = { 0 };

	for (unsigned int fam = 0; fam < NR_F; fam++) {
		uint64_t ft[NR_C] = { 0 };

		for (unsigned int sub = 0; sub < NR_SUB; sub++) {
			uint64_t t[NR_C] = { 0 };

			sum_row(fam, sub, t);
			if (!calls(t))
				continue;
			print_row("sub", family_name[fam], sub, t);
			for (unsigned int k = 0; k < NR_C; k++)
				ft[k] += t[k];
		}
		print_row("family", family_name[fam], -1, ft);
		for (unsigned int k = 0; k < NR_C; k++)
			total[k] += ft[k];
	}
	print_row("total", "all", -1, total);
}
