// SPDX-License-Identifier: GPL-2.0
/*
 * Nested page faults: a guest touched guest-physical memory with nothing
 * behind it (or wrote to a read-only mapping). Like a real machine with no
 * device there, reads return all-ones and writes are dropped. QEMU gives
 * no instruction bytes, so we fetch and decode the instruction ourselves.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/physmap.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/hvm.h>
#include <asm/insn.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

static int mem_access(struct vcpu *v, u64 la, void *val, unsigned int size,
		      bool write)
{
	unsigned int access = write ? GA_WRITE : 0;
	u64 gpa;

	if (virt->get_cpl(v) == 3)
		access |= GA_USER;
	/* An access split over two pages is rare enough to treat bytewise. */
	if ((la & (PAGE_SIZE - 1)) + size > PAGE_SIZE) {
		for (unsigned int i = 0; i < size; i++)
			if (mem_access(v, la + i, (u8 *)val + i, 1, write))
				return -EFAULT;
		return 0;
	}
	if (guest_linear_to_gpa(v, la, access, &gpa))
		return -EFAULT;
	if (!physmap_copy(v->domain, gpa, val, size, write))
		return 0;
	if (!write)
		memset(val, 0xff, size); /* nothing there: all-ones */
	return 0;
}

static int npf_read(u64 la, void *val, unsigned int size, void *ctx)
{
	return mem_access(ctx, la, val, size, false);
}

static int npf_write(u64 la, const void *val, unsigned int size, void *ctx)
{
	return mem_access(ctx, la, (void *)val, size, true);
}

static const struct insn_mem_ops npf_ops = { npf_read, npf_write };

void vcpu_npf(struct vcpu *v, u64 gpa, bool guest_pt)
{
	static const enum seg_name segs[] = {
		[INSN_SEG_ES] = SEG_ES, [INSN_SEG_CS] = SEG_CS,
		[INSN_SEG_SS] = SEG_SS, [INSN_SEG_DS] = SEG_DS,
		[INSN_SEG_FS] = SEG_FS, [INSN_SEG_GS] = SEG_GS,
	};
	struct insn_regs r;
	struct insn in;
	int rc;

	r.rip = virt->get_rip(v);
	if (guest_pt) {
		domain_crash(v->domain,
			     "vCPU%u: guest page table at gpa %lx "
			     "is not RAM",
			     v->id, (unsigned long)gpa);
		return;
	}
	rc = vcpu_decode_at_rip(v, &in);
	if (rc) {
		domain_crash(v->domain,
			     "vCPU%u: cannot decode the access to "
			     "gpa %lx at rip %lx (%d)",
			     v->id, (unsigned long)gpa, (unsigned long)r.rip,
			     rc);
		return;
	}
	BUILD_BUG_ON(sizeof(r.gpr) != sizeof(v->arch.gprs));
	memcpy(r.gpr, &v->arch.gprs, sizeof(r.gpr));
	r.rflags = virt->get_rflags(v);
	for (unsigned int i = 0; i < ARRAY_SIZE(segs); i++) {
		struct seg_reg sr;

		virt->get_seg(v, segs[i], &sr);
		r.seg_base[i] = sr.base;
	}
	rc = insn_emulate(&in, &r, &npf_ops, v);
	if (rc) {
		domain_crash(v->domain,
			     "vCPU%u: cannot emulate %s at rip %lx "
			     "touching gpa %lx (%d)",
			     v->id, insn_kind_name(in.kind),
			     (unsigned long)r.rip, (unsigned long)gpa, rc);
		return;
	}
	memcpy(&v->arch.gprs, r.gpr, sizeof(r.gpr));
	virt->set_rip(v, r.rip);
	virt->set_rflags(v, r.rflags);
}
