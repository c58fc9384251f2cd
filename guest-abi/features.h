/* SPDX-License-Identifier: MIT */
/*
 * Feature bits reported by XENVER_get_features (version.h). Feature N is
 * bit N % 32 of submap N / 32.
 */
#ifndef HVLAB_GUEST_ABI_FEATURES_H
#define HVLAB_GUEST_ABI_FEATURES_H

/* PV: page tables may be writable (no need for mmu_update). */
#define XENFEAT_writable_page_tables		0
/* PV: descriptor tables may be writable. */
#define XENFEAT_writable_descriptor_tables	1
/* The guest's physical addresses are translated by the hypervisor
 * (always true for HVM/PVH). */
#define XENFEAT_auto_translated_physmap		2
/* PV: kernel runs in ring 0. */
#define XENFEAT_supervisor_mode_kernel		3
/* PV: PAE page directories may live above 4GiB. */
#define XENFEAT_pae_pgdir_above_4gb		4
/* PV: MMU_PT_UPDATE_PRESERVE_AD is available. */
#define XENFEAT_mmu_pt_update_preserve_ad	5
/* PV: highmem assist available. */
#define XENFEAT_highmem_assist			6
/* GNTMAP_guest_avail bits are honoured. */
#define XENFEAT_gnttab_map_avail_bits		7
/* HVM: event upcall may be delivered as a plain vector
 * (HVM_PARAM_CALLBACK_TYPE_VECTOR). */
#define XENFEAT_hvm_callback_vector		8
/* HVM: the pvclock (vcpu_time_info) is safe to use as a clock source. */
#define XENFEAT_hvm_safe_pvclock		9
/* HVM: physical interrupts may be routed to event channels. */
#define XENFEAT_hvm_pirqs			10
/* The domain is dom0 (the control/hardware domain). */
#define XENFEAT_dom0				11
/* XENMEM ops accept XENMEMF_vnode. */
#define XENFEAT_memory_op_vnode_supported	13
/* Arm: SMCCC calls are available. */
#define XENFEAT_ARM_SMCCC_supported		14
/* Linux may place the RSDP anywhere (PVH dom0). */
#define XENFEAT_linux_rsdp_unrestricted		15
/* Guest memory is not 1:1 with host memory. */
#define XENFEAT_not_direct_mapped		16
/* Guest memory is 1:1 with host memory. */
#define XENFEAT_direct_mapped			17
/* VCPUOP_register_runstate_phys_area is available. */
#define XENFEAT_runstate_phys_area		18
/* VCPUOP_register_vcpu_time_phys_area is available. */
#define XENFEAT_vcpu_time_phys_area		19
/* dm_op: all MSI-X writes are forwarded. */
#define XENFEAT_dm_msix_all_writes		20

/* Number of 32-bit submaps (XENVER_get_features submap_idx range). */
#define XENFEAT_NR_SUBMAPS			1

#endif /* HVLAB_GUEST_ABI_FEATURES_H */

/* Pass a hosted program's <features.h> through to the C library (see
 * errno.h); glibc includes <features.h> from nearly every header. */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && defined(__has_include_next)
#if __has_include_next(<features.h>)
#include_next <features.h>
#endif
#endif
