/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor CPUID leaves of the Xen ABI on x86, and the hypercall
 * page MSR.
 *
 * The leaves start at XEN_CPUID_FIRST_LEAF (0x40000000) or, when another
 * hypervisor interface (e.g. Viridian) occupies that range, at a multiple
 * of 0x100 above it: a guest scans 0x40000000, 0x40000100, ... up to
 * 0x40010000 for the signature. Below, "base" is where it was found.
 *
 * base + 0: EAX = last Xen leaf (base + N);
 *           EBX, ECX, EDX = "XenVMMXenVMM" (XEN_CPUID_SIGNATURE_*).
 * base + 1: EAX = version, major in bits 31:16, minor in 15:0.
 * base + 2: EAX = number of hypercall pages (1);
 *           EBX = index of the hypercall page MSR;
 *           ECX = features 1 (XEN_CPUID_FEAT1_*), EDX = features 2.
 * base + 3: TSC information.
 *           Subleaf 0: EAX = XEN_CPUID_TSC_* flags, EBX = tsc_mode
 *             (XEN_CPUID_TSC_MODE_*), ECX = guest TSC kHz,
 *             EDX = incarnation (migrations so far).
 *           Subleaf 1: EAX:EBX = TSC offset (low:high), ECX = tsc->ns
 *             multiplier, EDX = shift (as in vcpu_time_info).
 *           Subleaf 2: EAX = host TSC kHz.
 * base + 4: HVM features. EAX = XEN_HVM_CPUID_* flags; EBX = vCPU id
 *           (with XEN_HVM_CPUID_VCPU_ID_PRESENT); ECX = domain id (with
 *           XEN_HVM_CPUID_DOMID_PRESENT).
 * base + 5: PV features. EAX = last subleaf; EBX bits 7:0 = machine
 *           address width.
 *
 * Hypercall page: the guest writes the guest physical address of a page
 * (4KiB aligned; bits 11:0 select which page, 0 for the only one) to the
 * MSR given in EBX of leaf base + 2 (0x40000000 by convention). The
 * hypervisor fills the page with XEN_HYPERCALL_PAGE_SLOTS stubs of
 * XEN_HYPERCALL_STUB_SIZE bytes (see ../xen.h), stub N making hypercall N
 * with VMMCALL or VMCALL as the CPU requires.
 */
#ifndef HVLAB_GUEST_ABI_ARCH_X86_CPUID_H
#define HVLAB_GUEST_ABI_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF	0x40000000
#define XEN_CPUID_LEAF(i)	(XEN_CPUID_FIRST_LEAF + (i))
/* hvlab: last base a guest scans for the signature. */
#define XEN_CPUID_LAST_BASE	0x40010000

/* "XenVMMXenVMM" in EBX, ECX, EDX. */
#define XEN_CPUID_SIGNATURE_EBX	0x566e6558	/* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX	0x65584d4d	/* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX	0x4d4d566e	/* "nVMM" */

/* hvlab: the hypercall page MSR index hvlab reports in leaf base + 2. */
#define XEN_HYPERCALL_MSR	0x40000000

/* Leaf base + 2, ECX. */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD \
	(1u << _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD)

/* Leaf base + 3, subleaf 0, EAX. */
#define XEN_CPUID_TSC_EMULATED		(1u << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE	(1u << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL	(1u << 2)

/* Leaf base + 3, subleaf 0, EBX. */
#define XEN_CPUID_TSC_MODE_DEFAULT		(0)
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE	(1u)
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE	(2u)
#define XEN_CPUID_TSC_MODE_PVRDTSCP		(3u)

/* Leaf base + 4, EAX. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT	(1u << 0)	/* APIC page virtualised */
#define XEN_HVM_CPUID_X2APIC_VIRT	(1u << 1)	/* x2APIC MSRs virtualised */
#define XEN_HVM_CPUID_IOMMU_MAPPINGS	(1u << 2)	/* foreign maps IOMMU-valid */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT	(1u << 3)	/* EBX holds the vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT	(1u << 4)	/* ECX holds the domid */
#define XEN_HVM_CPUID_EXT_DEST_ID	(1u << 5)	/* 15-bit MSI/IOAPIC dest */
#define XEN_HVM_CPUID_UPCALL_VECTOR	(1u << 6)	/* per-vCPU upcall vector
							   works with pirqs */

/* Leaf base + 5, EBX. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK	(0xffu << 0)

/* Offset from base of the last Xen leaf defined here (base + 5). */
#define XEN_CPUID_MAX_NUM_LEAVES	5

#endif /* HVLAB_GUEST_ABI_ARCH_X86_CPUID_H */
