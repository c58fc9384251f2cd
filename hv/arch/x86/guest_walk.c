// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a guest's own page tables, in whatever mode it is in: paging
 * off, 2-level 32-bit (4 MiB pages with PSE), 3-level PAE and 4-level long
 * mode (2 MiB and 1 GiB pages). Table entries are read through the p2m.
 * Accessed/dirty bits are not set: hypercall buffers are touched by the
 * guest itself first in practice, and Linux does not depend on it.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/hvm.h>
#include <asm/insn.h>
#include <hv/physmap.h>
#include <asm/p2m.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

#define PTE_P 1ULL
#define PTE_W 2ULL
#define PTE_U 4ULL
#define PTE_PS 0x80ULL
#define PTE_NX (1ULL << 63)
#define ADDR_MASK 0x000ffffffffff000ULL

__hot unsigned int guest_cpl(struct vcpu *v)
{
	return virt->get_cpl(v);
}

static __hot int read_pte(struct domain *d, u64 gpa, bool pae, u64 *e)
{
	u32 e32;

	if (pae)
		return physmap_copy(d, gpa, e, 8, false);
	if (physmap_copy(d, gpa, &e32, 4, false))
		return -EFAULT;
	*e = e32;
	return 0;
}

/* Accumulated rights along the walk. */
struct walk {
	bool w, u, nx;
};

static __hot bool allowed(const struct walk *wk, unsigned int access, u64 cr0,
			  bool nxe)
{
	if ((access & GA_USER) && !wk->u)
		return false;
	if ((access & GA_WRITE) && !wk->w &&
	    ((access & GA_USER) || (cr0 & X86_CR0_WP)))
		return false;
	if ((access & GA_FETCH) && nxe && wk->nx)
		return false;
	return true;
}

__hot int guest_linear_to_gpa(struct vcpu *v, u64 la, unsigned int access,
			      u64 *gpa)
{
	struct cr_state st, *s = &st;
	bool lma, pae, nxe;
	struct walk wk = { true, true, false };
	int levels, shift;
	u64 table, e = 0;

	virt->get_cr_state(v, s);
	lma = s->efer & EFER_LMA, pae = s->cr4 & X86_CR4_PAE;
	nxe = s->efer & EFER_NXE;
	if (!(s->cr0 & X86_CR0_PG)) {
		*gpa = (u32)la;
		return 0;
	}
	if (lma) {
		/* Non-canonical addresses fault on the real CPU too. */
		if ((u64)((s64)(la << 16) >> 16) != la)
			return -EFAULT;
		levels = 4;
		table = s->cr3 & ADDR_MASK;
	} else if (pae) {
		u64 pdpte;

		la = (u32)la;
		if (physmap_copy(v->domain,
				 (s->cr3 & 0xffffffe0) + (la >> 30) * 8, &pdpte,
				 8, false) ||
		    !(pdpte & PTE_P))
			return -EFAULT;
		levels = 2;
		table = pdpte & ADDR_MASK;
	} else {
		la = (u32)la;
		levels = 2;
		table = s->cr3 & 0xfffff000;
	}

	for (; levels > 0; levels--) {
		unsigned int idx;

		shift = pae || lma ? 12 + 9 * (levels - 1) :
				     12 + 10 * (levels - 1);
		idx = (la >> shift) & (pae || lma ? 511 : 1023);
		if (read_pte(v->domain, table + idx * (pae || lma ? 8 : 4),
			     pae || lma, &e) ||
		    !(e & PTE_P))
			return -EFAULT;
		wk.w &= !!(e & PTE_W);
		wk.u &= !!(e & PTE_U);
		wk.nx |= !!(e & PTE_NX);
		if (levels > 1 && (e & PTE_PS) &&
		    (levels == 2 || (lma && levels == 3)))
			break; /* large page: 2/4 MiB or 1 GiB */
		table = e & (pae || lma ? ADDR_MASK : 0xfffff000);
	}
	if (!allowed(&wk, access, s->cr0, nxe))
		return -EFAULT;
	if (levels > 1) {
		u64 size = 1ULL << shift;
		u64 base = pae || lma ?
				   e & ADDR_MASK & ~(size - 1) :
				   (e & 0xffc00000) | ((e & 0x1fe000) << 19);

		*gpa = base | (la & (size - 1));
	} else {
		*gpa = (e & (pae || lma ? ADDR_MASK : 0xfffff000)) |
		       (la & (PAGE_SIZE - 1));
	}
	return 0;
}

/*
 * For a guest that died of a fault: print each table entry the CPU would
 * read to translate @la, and the frame behind each table, so a corrupt
 * entry (reserved bits, a wild address) shows which level and page it is.
 */
void guest_walk_dump(struct vcpu *v, const char *what, u64 la)
{
	struct cr_state s;
	u64 table, e;

	virt->get_cr_state(v, &s);
	table = s.cr3 & ADDR_MASK;
	if (!(s.cr0 & X86_CR0_PG) || !(s.efer & EFER_LMA)) {
		pr_err("  walk of %s %lx: not in long mode\n", what,
		       (unsigned long)la);
		return;
	}
	for (int level = 4; level > 0; level--) {
		u64 gpa = table + ((la >> (12 + 9 * (level - 1))) & 511) * 8;
		enum physmap_type t;
		mfn_t mfn = 0;
		bool ro;

		spin_lock(&v->domain->arch.p2m.lock);
		t = p2m_lookup_locked(&v->domain->arch.p2m, gpa >> PAGE_SHIFT,
				      &mfn, &ro);
		spin_unlock(&v->domain->arch.p2m.lock);
		if (physmap_copy(v->domain, gpa, &e, 8, false)) {
			pr_err("  walk of %s %lx: L%d entry at gpa %lx "
			       "unreadable (p2m type %d)\n",
			       what, (unsigned long)la, level,
			       (unsigned long)gpa, t);
			return;
		}
		pr_err("  walk of %s %lx: L%d gpa %lx (mfn %lx) = %016lx\n",
		       what, (unsigned long)la, level, (unsigned long)gpa,
		       (unsigned long)mfn, (unsigned long)e);
		if (!(e & PTE_P) || (level < 4 && (e & PTE_PS)))
			return;
		table = e & ADDR_MASK;
	}
}

static int fetch_insn(struct vcpu *v, u8 *buf, size_t *len)
{
	struct seg_reg cs;
	u64 la;

	virt->get_seg(v, SEG_CS, &cs);
	la = cs.base + virt->get_rip(v);
	size_t got = 0;

	while (got < INSN_MAX_LEN) {
		size_t c = MIN(INSN_MAX_LEN - got,
			       PAGE_SIZE - ((la + got) & (PAGE_SIZE - 1)));
		if (guest_copy_vcpu(v, la + got, buf + got, c, GA_FETCH))
			break;
		got += c;
	}
	*len = got;
	return got ? 0 : -EFAULT;
}

/* 64-bit mode: long mode and CS.L (Xen's hvm_guest_x86_mode() == 8). */
__exit_path bool vcpu_mode64(const struct vcpu *v)
{
	struct cr_state s;

	virt->get_cr_state(v, &s);
	return s.cs_long;
}

static enum insn_mode cpu_mode(const struct vcpu *v)
{
	struct seg_reg cs;

	if (vcpu_mode64(v))
		return INSN_MODE_64;
	virt->get_seg(v, SEG_CS, &cs);
	return (cs.attr & SEG_ATTR_DB) ? INSN_MODE_32 : INSN_MODE_16;
}

/* No decode assists under QEMU: fetch the bytes at RIP and decode them. */
int vcpu_decode_at_rip(struct vcpu *v, struct insn *in)
{
	u8 bytes[INSN_MAX_LEN];
	size_t len;
	int rc = fetch_insn(v, bytes, &len);

	return rc ? rc : insn_decode(bytes, len, cpu_mode(v), in);
}
