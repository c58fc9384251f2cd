// SPDX-License-Identifier: GPL-2.0
/*
 * CPU policies (asm/cpu_policy.h): the host's, the one every new guest
 * starts from, and each domain's; and their exchange with the toolstack
 * in Xen 4.17's serialised form (XEN_SYSCTL_get_cpu_policy,
 * XEN_DOMCTL_get_cpu_policy and set_cpu_policy). libxenguest's
 * xc_cpuid_apply_policy reads hvm_default, adjusts the topology leaves
 * and writes the result to the new domain; the guest then reads that.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/string.h>
#include <domctl.h>
#include <sysctl.h>
#include <asm/cpu_policy.h>
#include <asm/processor.h>

#define MSR_INTEL_PLATFORM_INFO 0x000000ce
#define MSR_ARCH_CAPABILITIES 0x0000010a

/* The most entries a policy serialises to (Xen's sum: each array, less
 * the basic leaves the arrays hang off, plus the two hv range limits). */
#define CPUID_MAX_SERIALISED                                       \
	(CPUID_NR_BASIC + CPUID_NR_CACHE - 1 + CPUID_NR_FEAT - 1 + \
	 CPUID_NR_TOPO - 1 + CPUID_NR_XSTATE - 1 + CPUID_NR_EXTD + 2)
#define MSR_MAX_SERIALISED 2

/*
 * The machine's, and hvm_max (also hvm_default: hvlab has no feature it
 * offers only on request). Written on the boot CPU before any domain
 * exists, read-only afterwards.
 */
static struct cpu_policy host_policy, guest_max_policy;

/* 1.ECX */
#define F1C_MONITOR (1U << 3)
#define F1C_VMX (1U << 5)
#define F1C_SMX (1U << 6)
#define F1C_EST (1U << 7)
#define F1C_TM2 (1U << 8)
#define F1C_X2APIC (1U << 21)
#define F1C_TSC_DEADLINE (1U << 24)
#define F1C_OSXSAVE (1U << 27)
#define F1C_HYPERVISOR (1U << 31)
/* 1.EDX */
#define F1D_MCE (1U << 7)
#define F1D_MCA (1U << 14)
#define F1D_ACPI (1U << 22)
#define F1D_DS (1U << 21)
#define F1D_TM (1U << 29)
#define F1D_PBE (1U << 31)
/* 8000_0001.ECX */
#define E1C_SVM (1U << 2)
#define E1C_OSVW (1U << 9)
#define E1C_IBS (1U << 10)
#define E1C_SKINIT (1U << 12)
#define E1C_WDT (1U << 13)
#define E1C_NODEID (1U << 19)
#define E1C_TOPOEXT (1U << 22)
#define E1C_PERFCTR_CORE (1U << 23)
#define E1C_MWAITX (1U << 29)
/* 8000_0001.EDX */
#define E1D_RDTSCP (1U << 27)

static const struct cpuid_regs zero_leaf;

/* The policy's entry for a serialised (leaf, subleaf), or NULL if it
 * has none: leaves without subleaves take XEN_CPUID_NO_SUBLEAF only. */
static struct cpuid_regs *slot(struct cpu_policy *p, u32 leaf, u32 sub)
{
	if (leaf < CPUID_NR_BASIC) {
		switch (leaf) {
		case 0x4:
			return sub < CPUID_NR_CACHE ? &p->cache[sub] : NULL;
		case 0x7:
			return sub < CPUID_NR_FEAT ? &p->feat[sub] : NULL;
		case 0xb:
			return sub < CPUID_NR_TOPO ? &p->topo[sub] : NULL;
		case 0xd:
			return sub < CPUID_NR_XSTATE ? &p->xstate[sub] : NULL;
		}
		return sub == XEN_CPUID_NO_SUBLEAF ? &p->basic[leaf] : NULL;
	}
	if (leaf - 0x80000000 < CPUID_NR_EXTD)
		return sub == XEN_CPUID_NO_SUBLEAF ?
			       &p->extd[leaf - 0x80000000] :
			       NULL;
	return NULL;
}

bool cpu_policy_read(const struct cpu_policy *p, u32 leaf, u32 sub, u32 r[4])
{
	const struct cpuid_regs *l = &zero_leaf;

	if (leaf < 0x40000000) {
		if (leaf > p->basic[0].a)
			goto out;
		switch (leaf) {
		case 0x7:
			if (sub > p->feat[0].a)
				goto out;
			/* fall through */
		case 0x4:
		case 0xb:
		case 0xd:
			break;
		default:
			sub = XEN_CPUID_NO_SUBLEAF; /* the guest's ECX is junk */
		}
	} else if (leaf >= 0x80000000) {
		if (leaf > p->extd[0].a)
			goto out;
		sub = XEN_CPUID_NO_SUBLEAF;
	}
	l = slot((struct cpu_policy *)p, leaf, sub) ?: &zero_leaf;
out:
	r[0] = l->a;
	r[1] = l->b;
	r[2] = l->c;
	r[3] = l->d;
	return l != &zero_leaf;
}

static void read_leaf(u32 leaf, u32 sub, struct cpuid_regs *r)
{
	cpuid_count(leaf, sub, &r->a, &r->b, &r->c, &r->d);
}

/* Every leaf the arrays have room for, up to the machine's maxima. */
static void fill_native(struct cpu_policy *p)
{
	u32 max;

	read_leaf(0, 0, &p->basic[0]);
	max = MIN(p->basic[0].a, CPUID_NR_BASIC - 1U);
	for (u32 leaf = 1; leaf <= max; leaf++) {
		struct cpuid_regs *a = NULL;
		unsigned int n = 0;

		switch (leaf) {
		case 0x4:
			a = p->cache, n = CPUID_NR_CACHE;
			break;
		case 0x7:
			a = p->feat, n = CPUID_NR_FEAT;
			break;
		case 0xb:
			a = p->topo, n = CPUID_NR_TOPO;
			break;
		case 0xd:
			a = p->xstate, n = CPUID_NR_XSTATE;
			break;
		default:
			read_leaf(leaf, 0, &p->basic[leaf]);
		}
		for (unsigned int s = 0; s < n; s++)
			read_leaf(leaf, s, &a[s]);
	}
	if (max >= 7)
		for (u32 s = p->feat[0].a + 1; s < CPUID_NR_FEAT; s++)
			p->feat[s] = zero_leaf;
	read_leaf(0x80000000, 0, &p->extd[0]);
	if ((p->extd[0].a >> 16) != 0x8000) {
		p->extd[0] = zero_leaf; /* no extended leaves */
		return;
	}
	max = MIN(p->extd[0].a & 0xffff, CPUID_NR_EXTD - 1U);
	for (u32 i = 1; i <= max; i++)
		read_leaf(0x80000000 + i, 0, &p->extd[i]);
}

/* What a guest is offered of the host's leaf; guest_cpuid adds what
 * depends on the vCPU. */
static void mask_features(u32 leaf, struct cpuid_regs *r)
{
	switch (leaf) {
	case 1:
		r->c &= ~(F1C_MONITOR | F1C_VMX | F1C_SMX | F1C_EST | F1C_TM2 |
			  F1C_OSXSAVE);
		/* The vLAPIC's timer has TSC-deadline mode (vlapic.c). */
		r->c |= F1C_X2APIC | F1C_TSC_DEADLINE | F1C_HYPERVISOR;
		r->d &= ~(F1D_MCE | F1D_MCA | F1D_ACPI | F1D_DS | F1D_TM |
			  F1D_PBE);
		r->b &= 0x00ffffff; /* the APIC ID is the vCPU's */
		break;
	case 5: /* MONITOR/MWAIT: hidden */
	case 6: /* power management: nothing to offer */
	case 0xa: /* architectural PMU */
		*r = zero_leaf;
		break;
	case 7:
		r->b &= ~(1U << 1); /* TSC_ADJUST */
		r->c &= ~((1U << 3) | (1U << 4) |
			  (1U << 16)); /* PKU OSPKE LA57 */
		r->d &= ~((1U << 26) | (1U << 27) | (1U << 29) | (1U << 31));
		break;
	case 0x80000001:
		r->c &= ~(E1C_SVM | E1C_OSVW | E1C_IBS | E1C_SKINIT | E1C_WDT |
			  E1C_NODEID | E1C_TOPOEXT | E1C_PERFCTR_CORE |
			  E1C_MWAITX);
		r->d &= ~E1D_RDTSCP;
		break;
	case 0x80000007: /* power management */
	case 0x8000000a: /* SVM */
	case 0x8000001f: /* SME/SEV: read before Linux has an IDT */
		*r = zero_leaf;
		break;
	case 0x80000008:
		r->b = 0; /* no IBRS/IBPB/STIBP/SSBD: those MSRs #GP here */
		break;
	}
}

/* Zero what lies beyond the policy's maxima, as Xen's
 * x86_cpuid_policy_clear_out_of_range_leaves does. */
static void clear_out_of_range(struct cpu_policy *p)
{
	for (u32 leaf = p->basic[0].a + 1; leaf < CPUID_NR_BASIC; leaf++) {
		p->basic[leaf] = zero_leaf;
		if (leaf == 4)
			memset(p->cache, 0, sizeof(p->cache));
		if (leaf == 7)
			memset(p->feat, 0, sizeof(p->feat));
		if (leaf == 0xb)
			memset(p->topo, 0, sizeof(p->topo));
		if (leaf == 0xd)
			memset(p->xstate, 0, sizeof(p->xstate));
	}
	for (u32 s = p->feat[0].a + 1; s < CPUID_NR_FEAT; s++)
		p->feat[s] = zero_leaf;
	if ((p->extd[0].a >> 16) != 0x8000)
		memset(p->extd, 0, sizeof(p->extd));
	for (u32 i = (p->extd[0].a & 0xffff) + 1; i < CPUID_NR_EXTD; i++)
		p->extd[i] = zero_leaf;
}

static void make_guest_max(struct cpu_policy *p)
{
	static const u32 masked[] = { 1,	  5,	      6,
				      0xa,	  0x80000001, 0x80000007,
				      0x80000008, 0x8000000a, 0x8000001f };

	*p = host_policy;
	p->basic[0].a = MIN(p->basic[0].a, CPUID_NR_BASIC - 1U);
	p->feat[0].a = MIN(p->feat[0].a, CPUID_NR_FEAT - 1U);
	if (p->extd[0].a)
		p->extd[0].a =
			MIN(p->extd[0].a, 0x80000000 + CPUID_NR_EXTD - 1);
	for (unsigned int i = 0; i < ARRAY_SIZE(masked); i++) {
		struct cpuid_regs *r = slot(p, masked[i], XEN_CPUID_NO_SUBLEAF);

		if (r)
			mask_features(masked[i], r);
	}
	mask_features(7, &p->feat[0]);
	for (unsigned int s = 0; s < CPUID_NR_TOPO; s++)
		p->topo[s].d = 0; /* the x2APIC ID is the vCPU's */
	/* No CPUID faulting and no MSR_ARCH_CAPABILITIES (7:0.EDX[29] is
	 * masked above): both MSRs are 0. */
	p->platform_info = 0;
	p->arch_caps = 0;
	clear_out_of_range(p);
}

void cpu_policy_init(void)
{
	fill_native(&host_policy);
	make_guest_max(&guest_max_policy);
}

/*
 * Xen's featureset words (public/arch-x86/cpufeatureset.h): which CPUID
 * register each is, in order.
 */
static const struct {
	u32 leaf, sub;
	u8 reg; /* 0 EAX, 1 EBX, 2 ECX, 3 EDX */
} fs_words[CPU_FEATURESET_WORDS] = {
	{ 1, 0, 3 },	      { 1, 0, 2 },	    { 0x80000001, 0, 3 },
	{ 0x80000001, 0, 2 }, { 0xd, 1, 0 },	    { 7, 0, 1 },
	{ 7, 0, 2 },	      { 0x80000007, 0, 3 }, { 0x80000008, 0, 1 },
	{ 7, 0, 3 },	      { 7, 1, 0 },	    { 0x80000021, 0, 0 },
	{ 7, 1, 1 },	      { 7, 2, 3 },
};

static u32 *fs_word(struct cpu_policy *p, unsigned int i)
{
	u32 leaf = fs_words[i].leaf;
	u32 sub = leaf == 7 || leaf == 0xd ? fs_words[i].sub :
					     XEN_CPUID_NO_SUBLEAF;

	return &((u32 *)slot(p, leaf, sub))[fs_words[i].reg];
}

void arch_cpu_featureset(bool guest, u32 *fs)
{
	struct cpu_policy *p = guest ? &guest_max_policy : &host_policy;
	u32 r[4];

	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++) {
		/* A leaf beyond the machine's maxima gives 0. */
		cpu_policy_read(p, fs_words[i].leaf, fs_words[i].sub, r);
		fs[i] = r[fs_words[i].reg];
	}
}

/* The entries of p in Xen's order (x86_cpuid_copy_to_buffer) into out
 * (CPUID_MAX_SERIALISED of them); returns how many. */
static u32 serialise(const struct cpu_policy *p, struct xen_cpuid_leaf *out)
{
	u32 n = 0;

#define PUT(l, s, r)                                                       \
	(out[n++] = (struct xen_cpuid_leaf){ l, s, (r)->a, (r)->b, (r)->c, \
					     (r)->d })
	for (u32 leaf = 0; leaf <= MIN(p->basic[0].a, CPUID_NR_BASIC - 1U);
	     leaf++) {
		u64 xstates;
		u32 s;

		switch (leaf) {
		case 0x4: /* up to and with the first null cache type */
			for (s = 0; s < CPUID_NR_CACHE; s++) {
				PUT(leaf, s, &p->cache[s]);
				if (!(p->cache[s].a & 0x1f))
					break;
			}
			break;
		case 0x7:
			for (s = 0; s <= MIN(p->feat[0].a, CPUID_NR_FEAT - 1U);
			     s++)
				PUT(leaf, s, &p->feat[s]);
			break;
		case 0xb: /* up to and with the first invalid level */
			for (s = 0; s < CPUID_NR_TOPO; s++) {
				PUT(leaf, s, &p->topo[s]);
				if (!(p->topo[s].c & 0xff00))
					break;
			}
			break;
		case 0xd: /* 0, 1, then one per state component XCR0 or
			   * XSS may hold */
			xstates = ((u64)p->xstate[0].d << 32 | p->xstate[0].a) |
				  ((u64)p->xstate[1].d << 32 | p->xstate[1].c);
			PUT(leaf, 0, &p->xstate[0]);
			PUT(leaf, 1, &p->xstate[1]);
			for (xstates >>= 2, s = 2;
			     xstates && s < CPUID_NR_XSTATE; xstates >>= 1, s++)
				PUT(leaf, s, &p->xstate[s]);
			break;
		default:
			PUT(leaf, XEN_CPUID_NO_SUBLEAF, &p->basic[leaf]);
		}
	}
	PUT(0x40000000, XEN_CPUID_NO_SUBLEAF,
	    &((struct cpuid_regs){ .a = p->hv_limit }));
	PUT(0x40000100, XEN_CPUID_NO_SUBLEAF,
	    &((struct cpuid_regs){ .a = p->hv2_limit }));
	for (u32 i = 0; i <= MIN(p->extd[0].a & 0xffff, CPUID_NR_EXTD - 1U);
	     i++)
		PUT(0x80000000 | i, XEN_CPUID_NO_SUBLEAF, &p->extd[i]);
#undef PUT
	return n;
}

/*
 * p to the caller's lists: a null handle gives the maximum count,
 * otherwise up to *nr_* entries (-ENOBUFS if more are needed) and the
 * count written.
 */
static long policy_to_guest(const struct cpu_policy *p, u64 leaves,
			    u32 *nr_leaves, u64 msrs, u32 *nr_msrs)
{
	struct xen_cpuid_leaf *l;
	long rc = 0;
	u32 n;

	if (!leaves) {
		*nr_leaves = CPUID_MAX_SERIALISED;
	} else {
		l = xmalloc(CPUID_MAX_SERIALISED * sizeof(*l));
		if (!l)
			return -ENOMEM;
		n = serialise(p, l);
		if (n > *nr_leaves)
			rc = -ENOBUFS;
		else if (copy_to_guest(leaves, l, n * sizeof(*l)))
			rc = -EFAULT;
		else
			*nr_leaves = n;
		xfree(l);
		if (rc)
			return rc;
	}
	if (!msrs) {
		*nr_msrs = MSR_MAX_SERIALISED;
	} else {
		struct xen_msr_entry m[MSR_MAX_SERIALISED] = {
			{ .idx = MSR_INTEL_PLATFORM_INFO,
			  .val = p->platform_info },
			{ .idx = MSR_ARCH_CAPABILITIES, .val = p->arch_caps },
		};

		if (*nr_msrs < ARRAY_SIZE(m))
			return -ENOBUFS;
		if (copy_to_guest(msrs, m, sizeof(m)))
			return -EFAULT;
		*nr_msrs = ARRAY_SIZE(m);
	}
	return 0;
}

/* Merge the caller's CPUID entries into p (Xen's
 * x86_cpuid_copy_from_buffer). */
static long cpuid_from_guest(struct cpu_policy *p, u64 leaves, u32 nr,
			     struct xen_domctl_cpu_policy *c)
{
	struct xen_cpuid_leaf *l;
	long rc = 0;

	if (nr > CPUID_MAX_SERIALISED)
		return -E2BIG;
	if (!nr)
		return 0;
	l = xmalloc(nr * sizeof(*l));
	if (!l)
		return -ENOMEM;
	if (copy_from_guest(l, leaves, nr * sizeof(*l))) {
		xfree(l);
		return -EFAULT;
	}
	for (u32 i = 0; i < nr; i++) {
		struct cpuid_regs *r = slot(p, l[i].leaf, l[i].subleaf);

		if (l[i].subleaf == XEN_CPUID_NO_SUBLEAF &&
		    (l[i].leaf == 0x40000000 || l[i].leaf == 0x40000100)) {
			*(l[i].leaf == 0x40000000 ? &p->hv_limit :
						    &p->hv2_limit) = l[i].a;
			continue;
		}
		if (!r) {
			c->err_leaf = l[i].leaf;
			c->err_subleaf = l[i].subleaf;
			rc = -ERANGE;
			break;
		}
		*r = (struct cpuid_regs){ l[i].a, l[i].b, l[i].c, l[i].d };
	}
	xfree(l);
	return rc;
}

/* The same for MSRs (x86_msr_copy_from_buffer). */
static long msrs_from_guest(struct cpu_policy *p, u64 msrs, u32 nr,
			    struct xen_domctl_cpu_policy *c)
{
	struct xen_msr_entry m[MSR_MAX_SERIALISED];

	if (nr > MSR_MAX_SERIALISED)
		return -E2BIG;
	if (nr && copy_from_guest(m, msrs, nr * sizeof(m[0])))
		return -EFAULT;
	for (u32 i = 0; i < nr; i++) {
		c->err_msr = m[i].idx;
		if (m[i].flags)
			return -EINVAL;
		switch (m[i].idx) {
		case MSR_INTEL_PLATFORM_INFO:
			if ((u32)m[i].val != m[i].val)
				return -EOVERFLOW;
			p->platform_info = m[i].val;
			break;
		case MSR_ARCH_CAPABILITIES:
			p->arch_caps = m[i].val;
			break;
		default:
			return -ERANGE;
		}
	}
	c->err_msr = ~0U;
	return 0;
}

/*
 * Xen's x86_cpu_policies_are_compatible: maxima no higher than hvm_max's
 * and no MSR bits it lacks (Xen 4.17 does not audit MSR_ARCH_CAPABILITIES;
 * hvlab has no such MSR to give, so it does).
 */
static long policy_fits(const struct cpu_policy *p,
			struct xen_domctl_cpu_policy *c)
{
	const struct cpu_policy *max = &guest_max_policy;

	if (p->basic[0].a > max->basic[0].a) {
		c->err_leaf = 0;
		c->err_subleaf = XEN_CPUID_NO_SUBLEAF;
	} else if (p->feat[0].a > max->feat[0].a) {
		c->err_leaf = 7;
		c->err_subleaf = 0;
	} else if (p->extd[0].a > max->extd[0].a) {
		c->err_leaf = 0x80000000;
		c->err_subleaf = XEN_CPUID_NO_SUBLEAF;
	} else if (p->platform_info & ~max->platform_info) {
		c->err_msr = MSR_INTEL_PLATFORM_INFO;
	} else if (p->arch_caps & ~max->arch_caps) {
		c->err_msr = MSR_ARCH_CAPABILITIES;
	} else {
		return 0;
	}
	return -EINVAL;
}

long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *s)
{
	const struct cpu_policy *p;

	if (s->_rsvd)
		return -EINVAL;
	switch (s->index) {
	case XEN_SYSCTL_cpu_policy_raw:
	case XEN_SYSCTL_cpu_policy_host:
		p = &host_policy;
		break;
	case XEN_SYSCTL_cpu_policy_hvm_max:
	case XEN_SYSCTL_cpu_policy_hvm_default:
		p = &guest_max_policy;
		break;
	case XEN_SYSCTL_cpu_policy_pv_max:
	case XEN_SYSCTL_cpu_policy_pv_default:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
	return policy_to_guest(p, s->leaves.q, &s->nr_leaves, s->msrs.q,
			       &s->nr_msrs);
}

long arch_get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *c)
{
	struct cpu_policy *p = xmalloc(sizeof(*p));
	unsigned long flags;
	long rc;

	if (!p)
		return -ENOMEM;
	flags = spin_lock_irqsave(&d->lock);
	*p = *d->arch.cpuid;
	spin_unlock_irqrestore(&d->lock, flags);
	rc = policy_to_guest(p, c->leaves.q, &c->nr_leaves, c->msrs.q,
			     &c->nr_msrs);
	xfree(p);
	return rc;
}

long arch_set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *c)
{
	struct cpu_policy *p = xmalloc(sizeof(*p));
	unsigned long flags;
	long rc;

	c->err_leaf = c->err_subleaf = c->err_msr = ~0U;
	if (!p)
		return -ENOMEM;
	flags = spin_lock_irqsave(&d->lock);
	*p = *d->arch.cpuid;
	spin_unlock_irqrestore(&d->lock, flags);
	rc = cpuid_from_guest(p, c->leaves.q, c->nr_leaves, c);
	if (!rc)
		rc = msrs_from_guest(p, c->msrs.q, c->nr_msrs, c);
	if (!rc) {
		clear_out_of_range(p);
		rc = policy_fits(p, c);
	}
	if (!rc) {
		/* No feature hvm_max lacks, silently (Xen's
		 * recalculate_cpuid_policy). */
		for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++)
			*fs_word(p, i) &= *fs_word(&guest_max_policy, i);
		flags = spin_lock_irqsave(&d->lock);
		if (d->creation_finished)
			rc = -EEXIST;
		else
			*d->arch.cpuid = *p;
		spin_unlock_irqrestore(&d->lock, flags);
	}
	xfree(p);
	return rc;
}

int cpu_policy_domain_init(struct domain *d)
{
	struct cpu_policy *p = xmalloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	*p = guest_max_policy;
	/* Logical processors per package: as many as the domain has vCPUs,
	 * for guests no toolstack gives a topology. */
	p->basic[1].b = (p->basic[1].b & 0xff00ffff) |
			(MIN(d->nr_vcpus, 255U) << 16);
	d->arch.cpuid = p;
	return 0;
}
