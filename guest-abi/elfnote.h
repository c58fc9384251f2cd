/* SPDX-License-Identifier: MIT */
/*
 * ELF notes by which a guest kernel image describes itself to the domain
 * builder. Notes have owner name "Xen" and one of these types.
 *
 * For a PVH guest the only one required is XEN_ELFNOTE_PHYS32_ENTRY: the
 * 32-bit physical entry point, entered in flat 32-bit protected mode with
 * paging off, ebx = physical address of a struct hvm_start_info
 * (hvm/start_info.h).
 */
#ifndef HVLAB_GUEST_ABI_ELFNOTE_H
#define HVLAB_GUEST_ABI_ELFNOTE_H

#define XEN_ELFNOTE_INFO		0	/* unused */
#define XEN_ELFNOTE_ENTRY		1	/* PV entry: virtual address */
#define XEN_ELFNOTE_HYPERCALL_PAGE	2	/* PV: where to put it (vaddr) */
#define XEN_ELFNOTE_VIRT_BASE		3	/* PV: virtual base */
#define XEN_ELFNOTE_PADDR_OFFSET	4	/* PV: vaddr - paddr */
#define XEN_ELFNOTE_XEN_VERSION		5	/* string: "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS		6	/* string: e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION	7	/* string */
#define XEN_ELFNOTE_LOADER		8	/* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE		9	/* string: "yes", "bimodal" ... */
#define XEN_ELFNOTE_FEATURES		10	/* string: |-separated features */
#define XEN_ELFNOTE_BSD_SYMTAB		11	/* string: "yes" to load symbols */
#define XEN_ELFNOTE_HV_START_LOW	12	/* PV 32-bit: hypervisor hole */
#define XEN_ELFNOTE_L1_MFN_VALID	13	/* PV: mask/value pair */
#define XEN_ELFNOTE_SUSPEND_CANCEL	14	/* suspend may return 1 */
#define XEN_ELFNOTE_INIT_P2M		15	/* PV: p2m list vaddr */
#define XEN_ELFNOTE_MOD_START_PFN	16	/* PV: mod_start is a pfn */
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17	/* 32-bit bitmap of XENFEAT_* */
#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* PVH: 32-bit physical entry */
#define XEN_ELFNOTE_PHYS32_RELOC	19	/* PVH: relocation constraints */
#define XEN_ELFNOTE_MAX			XEN_ELFNOTE_PHYS32_RELOC

/* Notes written into crash dumps and core files, not read from guests. */
#define XEN_ELFNOTE_CRASH_INFO			0x1000001
#define XEN_ELFNOTE_CRASH_REGS			0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE		0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER		0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION	0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION	0x2000003

#endif /* HVLAB_GUEST_ABI_ELFNOTE_H */
