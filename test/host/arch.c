// SPDX-License-Identifier: GPL-2.0
/*
 * The hv's common code built as a host program (test/host/host.mk): what
 * the architecture and the parts left out provide, in user space. The
 * event-channel, grant, memory, frame-table and domain code run for real,
 * with x86's real p2m.c as the physmap and its CPU policies (cpu_policy.c,
 * over the host's own CPUID), over a host arena standing in for
 * RAM and the hv's real page allocator handing it out. Guests are paging
 * off (a linear address is its guest-physical address) at CPL 0, and one
 * vCPU at a time calls in, as host_call() says. Hypercalls the host build
 * leaves out answer -ENOSYS.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/arch.h>
#include <hv/console.h>
#include <sysctl.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/percpu.h>
#include <hv/physmap.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/cpu_policy.h>
#include <asm/p2m.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <memory.h>
#include <sched.h>
#include <xen.h>

#include "host.h"

u8 *host_ram;
struct pcpu host_pcpu;
static struct page_alloc pa;
static u64 host_clock_ns;

void host_init(size_t ram_bytes)
{
	u64 nr = ram_bytes >> PAGE_SHIFT;
	size_t meta = page_alloc_meta_size(nr);

	if (host_ram)
		return;
	if (posix_memalign((void **)&host_ram, 1 << 21, ram_bytes))
		abort();
	memset(host_ram, 0, ram_bytes);
	if (page_alloc_init(&pa, nr, calloc(1, meta), meta))
		abort();
	/* Frame 0 stays out, as the hv keeps the low megabyte. */
	page_alloc_add_range(&pa, PAGE_SIZE, ram_bytes);
	page_alloc_seal(&pa);
	frame_table_init(calloc(nr, sizeof(u64)), nr);
	cpu_policy_init();
	domain_power_hold(true); /* the harness ends domains, not the host */
}

/* Free, counting the frames freed and not yet cleared: the harness has
 * no idle loop, so they wait until an allocation needs them, as in the
 * hv when memory runs short. */
u64 host_free_pages(void)
{
	return page_alloc_free_frames(&pa) + frames_dirty();
}

/* mm.h's view of the arena, for XEN_SYSCTL_physinfo. */
u64 mm_free_pages(void)
{
	return host_free_pages();
}

u64 mm_total_pages(void)
{
	return page_alloc_total_frames(&pa);
}

paddr_t mm_ram_end(void)
{
	return pa.nr_frames << PAGE_SHIFT;
}

/* One CPU at 1 GHz with no CPUID words to report. */
void arch_physinfo_cpus(struct physinfo_cpus *p)
{
	memset(p, 0, sizeof(*p));
	p->nr_cpus = 1;
	p->cpu_khz = 1000000;
}

/* The host build has no vCPU registers to save or load. */
u32 arch_hvm_context_size(const struct domain *d)
{
	return 0;
}

long arch_hvm_save(struct domain *d, u64 buf, u32 *size)
{
	*size = 0;
	return -EOPNOTSUPP;
}

long arch_hvm_load(struct domain *d, u64 buf, u32 size)
{
	return -EOPNOTSUPP;
}

long arch_hvm_save_one(struct domain *d, u32 type, u32 instance, u64 buf,
		       u64 *bufsz)
{
	return -EOPNOTSUPP;
}

void arch_vcpu_get_context(struct vcpu *v, struct vcpu_guest_context *g)
{
	memset(g, 0, sizeof(*g));
}

/* Nor registers to set: what the checks before it let through. */
int arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *g)
{
	return 0;
}

/*
 * Make v the running vCPU as the scheduler would: it is taken off the run
 * queue (brought up first if it is down); vCPUs ahead of it go back to
 * the queue unrun. False if v cannot run: blocked, or its domain stopped.
 */
static bool host_enter(struct vcpu *v)
{
	if (v->state == VCPU_DOWN)
		vcpu_up(v);
	for (int i = 0; i < 8 * MAX_VCPUS; i++) {
		struct vcpu *p = sched_pick();

		if (!p)
			return false;
		if (p == v)
			return true;
		sched_put_back(p);
	}
	return false;
}

long host_call(struct vcpu *v, unsigned int nr, u64 a1, u64 a2, u64 a3, u64 a4,
	       u64 a5)
{
	struct hypercall_args h = { .nr = nr, .a = { a1, a2, a3, a4, a5 } };
	long rc;

	if (!host_enter(v))
		return HOST_NOT_RUNNING;
	/* A preempted call is re-executed by the guest: so here, bounded. */
	for (int i = 0; i < 10000; i++) {
		rc = hypercall_dispatch(&h);
		if (!h.preempted) {
			sched_put_back(v);
			timers_run();
			return rc;
		}
	}
	fprintf(stderr, "hypercall %u still preempted after 10000 rounds\n",
		nr);
	abort();
}

long host_op(struct domain *d, unsigned int nr, u64 cmd, void *arg, size_t n,
	     u64 a3)
{
	u64 gpa = HOST_SCRATCH_GFN * PAGE_SIZE;
	long rc;

	/* If the domain gave its scratch page away, the call gets a
	 * pointer to nothing, as such a guest's would. */
	copy_to_gpa(d, gpa, arg, n);
	rc = host_call(d->vcpu[0], nr, cmd, gpa, a3, 0, 0);
	copy_from_gpa(d, gpa, arg, n);
	return rc;
}

struct domain *host_domain(const char *name, bool privileged, u64 nr_ram,
			   u64 gt_gfn, u64 si_gfn)
{
	struct domain_config cfg = { .name = name,
				     .mem_bytes = nr_ram * PAGE_SIZE,
				     .nr_vcpus = 2,
				     .privileged = privileged };
	struct xen_add_to_physmap gt = { .domid = DOMID_SELF,
					 .space = XENMAPSPACE_grant_table,
					 .gpfn = gt_gfn };
	struct xen_add_to_physmap si = { .domid = DOMID_SELF,
					 .space = XENMAPSPACE_shared_info,
					 .gpfn = si_gfn };
	const char *why;
	struct domain *d = domain_create(&cfg, &why);

	if (!d)
		return NULL;
	if (physmap_populate(d, 0, nr_ram) ||
	    (d->tot_pages = nr_ram,
	     host_op(d, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &gt,
		     sizeof(gt), 0)) ||
	    host_op(d, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &si,
		    sizeof(si), 0)) {
		host_destroy(d);
		return NULL;
	}
	return d;
}

void host_destroy(struct domain *d)
{
	domain_shutdown(d, SHUTDOWN_poweroff);
	domain_put(d); /* the builder's reference */
}

/* --- memory ------------------------------------------------------------ */

/* As the hv's mm.c: freed frames are cleared when nothing else fits. */
static u64 alloc_block(unsigned int order, paddr_t limit)
{
	for (;;) {
		u64 p = page_alloc_alloc_below(&pa, order, limit);

		if (p != PAGE_ALLOC_FAIL || !frame_scrub(1ULL << order))
			return p;
	}
}

void *alloc_pages_below(unsigned int order, paddr_t limit)
{
	u64 p = alloc_block(order, limit);

	if (p == PAGE_ALLOC_FAIL)
		return NULL;
	for (u64 i = 0; i < 1ULL << order; i++)
		frame_take_zero((p >> PAGE_SHIFT) + i);
	return __va(p);
}

void *alloc_pages_zeroed(unsigned int order)
{
	u64 p = alloc_block(order, ~0ULL);

	if (p == PAGE_ALLOC_FAIL)
		return NULL;
	for (u64 i = 0; i < 1ULL << order; i++)
		if (!frame_take_zero((p >> PAGE_SHIFT) + i))
			clear_pages(__va(p + (i << PAGE_SHIFT)), 0);
	return __va(p);
}

void *alloc_pages(unsigned int order)
{
	return alloc_pages_below(order, ~0ULL);
}

/* The hv's skips pages that are zero already; here a plain clear. */
void clear_pages(void *va, unsigned int order)
{
	memset(va, 0, PAGE_SIZE << order);
}

void *alloc_page_zeroed(void)
{
	return alloc_pages_zeroed(0);
}

void free_pages(void *va, unsigned int order)
{
	if (va && page_alloc_free(&pa, __pa(va), order))
		panic("free_pages(%p, %u): %s", va, order, pa.why);
}

void split_pages(void *va, unsigned int order)
{
	if (page_alloc_split(&pa, __pa(va), order))
		panic("split_pages(%p, %u): %s", va, order, pa.why);
}

void *xmalloc(size_t size)
{
	return malloc(size);
}

void *xzalloc(size_t size)
{
	return calloc(1, size);
}

void xfree(void *p)
{
	free(p);
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

/* --- the guest's view: paging off, CPL 0 --------------------------------- */

unsigned int guest_cpl(struct vcpu *v)
{
	return 0;
}

int guest_linear_to_gpa(struct vcpu *v, u64 la, unsigned int access, u64 *gpa)
{
	*gpa = (u32)la; /* paging off: 32-bit linear = physical */
	return 0;
}

void physmap_flush_sync(struct domain *d)
{
	/* One caller at a time: no other vCPU holds a stale translation. */
}

/* Each reading moves on, so a long batch is preempted (after 1 ms) as it
 * would be on the machine, and its continuation gets exercised; timers
 * fire when the harness calls timers_run(). */
u64 now_ns(void)
{
	return host_clock_ns += 1000;
}

/* A TSC that is the clock itself: 1 GHz, so the pvclock is exact. */
void arch_pvclock_params(struct pvclock_params *p)
{
	p->tsc = p->system_time = now_ns();
	p->mul = 1U << 31;
	p->shift = 1;
}

void arch_wallclock_at_boot(u64 *sec, u64 *nsec)
{
	*sec = 1767225600; /* 2026-01-01 */
	*nsec = 0;
}

void arch_timer_program(u64 at)
{
}

/* --- arch and left-out subsystems ---------------------------------------- */

int arch_domain_init(struct domain *d)
{
	return p2m_init(&d->arch.p2m) ?: cpu_policy_domain_init(d);
}

void arch_domain_destroy(struct domain *d)
{
	p2m_destroy(&d->arch.p2m);
	xfree(d->arch.cpuid);
}

int arch_vcpu_init(struct vcpu *v)
{
	return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
}

void arch_power_off(void)
{
	panic("power off with the power held");
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "PANIC: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (!getenv("HOST_VERBOSE"))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* One pCPU: the scheduler (sched.c, real) never needs to interrupt
 * another, and the harness, not a VMRUN loop, runs the current vCPU. */
bool arch_kick_cpu(unsigned int cpu)
{
	return false;
}

void arch_wake_cpu(unsigned int cpu)
{
}

void arch_vcpu_run(struct vcpu *v)
{
	panic("the host build runs no guest code");
}

void arch_vcpu_switch_to(struct vcpu *v)
{
}

void arch_vcpu_switch_from(struct vcpu *v)
{
}

/* No local APIC here: events reach the guest only through event
 * channels, which the scheduler checks itself. */
bool arch_vcpu_has_pending(struct vcpu *v)
{
	return false;
}

/* VCPUOP_initialise's context has no registers to land in here; the
 * common checks before this call are what the host build tests. */
int arch_vcpu_initialise(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
	return 0;
}

void arch_vcpu_send_nmi(struct vcpu *v)
{
}

void domain_console_idle(struct domain *d)
{
}

void domain_console_flush(struct domain *d)
{
}

/* The host build keeps no log: an empty ring. */
long console_read_ring(struct xen_sysctl_readconsole *op)
{
	op->count = 0;
	return 0;
}

#define LEFT_OUT(name)                                    \
	long name(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5) \
	{                                                 \
		return -ENOSYS;                           \
	}
LEFT_OUT(do_console_io)
LEFT_OUT(do_hvm_op)
LEFT_OUT(do_platform_op)
LEFT_OUT(do_xen_version)
LEFT_OUT(compat_xen_version)
