// SPDX-License-Identifier: MIT
/*
 * Compile-time checks of the x86-64 Xen ABI layouts that matter most.
 * Building this file is the test: any wrong size or offset stops the
 * compiler. The full field-by-field comparison with Linux's copy of the
 * ABI is test/abi/.
 */
#include "xen.h"
#include "errno.h"
#include "event_channel.h"
#include "grant_table.h"
#include "memory.h"
#include "vcpu.h"
#include "sched.h"
#include "version.h"
#include "features.h"
#include "elfnote.h"
#include "arch-x86/cpuid.h"
#include "hvm/hvm_op.h"
#include "hvm/params.h"
#include "hvm/hvm_vcpu.h"
#include "hvm/start_info.h"
#include "io/ring.h"
#include "io/blkif.h"
#include "io/netif.h"
#include "io/console.h"

#define SIZE(t, n)	_Static_assert(sizeof(t) == (n), "sizeof " #t)
#define OFF(t, f, n)	_Static_assert(__builtin_offsetof(t, f) == (n), \
				       "offsetof " #t "." #f)

/* Guest handles are 8-byte slots. */
SIZE(XEN_GUEST_HANDLE(void), 8);
_Static_assert(_Alignof(XEN_GUEST_HANDLE(void)) == 8, "handle alignment");
SIZE(xen_pfn_t, 8);
SIZE(xen_ulong_t, 8);
SIZE(domid_t, 2);

/* xen.h */
SIZE(struct vcpu_time_info, 32);
OFF(struct vcpu_time_info, tsc_timestamp, 8);
OFF(struct vcpu_time_info, system_time, 16);
OFF(struct vcpu_time_info, tsc_to_system_mul, 24);
OFF(struct vcpu_time_info, tsc_shift, 28);
OFF(struct vcpu_time_info, flags, 29);
SIZE(struct arch_vcpu_info, 16);
SIZE(struct vcpu_info, 64);
OFF(struct vcpu_info, evtchn_upcall_mask, 1);
OFF(struct vcpu_info, evtchn_pending_sel, 8);
OFF(struct vcpu_info, arch, 16);
OFF(struct vcpu_info, time, 32);
SIZE(struct arch_shared_info, 48);
SIZE(struct shared_info, 3136);
OFF(struct shared_info, evtchn_pending, 2048);
OFF(struct shared_info, evtchn_mask, 2560);
OFF(struct shared_info, wc_version, 3072);
OFF(struct shared_info, wc_sec_hi, 3084);
OFF(struct shared_info, arch, 3088);
SIZE(struct multicall_entry, 64);

/* event_channel.h */
SIZE(struct evtchn_alloc_unbound, 8);
SIZE(struct evtchn_bind_interdomain, 12);
SIZE(struct evtchn_bind_virq, 12);
SIZE(struct evtchn_status, 24);
OFF(struct evtchn_status, u, 16);
SIZE(struct evtchn_init_control, 24);
SIZE(struct evtchn_fifo_control_block, 72);
_Static_assert(EVTCHN_2L_NR_CHANNELS == 4096, "2-level ports");
_Static_assert(EVTCHN_FIFO_NR_CHANNELS == 131072, "FIFO ports");

/* grant_table.h */
SIZE(struct grant_entry_v1, 8);
SIZE(union grant_entry_v2, 16);
SIZE(struct gnttab_map_grant_ref, 32);
OFF(struct gnttab_map_grant_ref, status, 18);
OFF(struct gnttab_map_grant_ref, handle, 20);
OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24);
SIZE(struct gnttab_unmap_grant_ref, 24);
SIZE(struct gnttab_setup_table, 24);
OFF(struct gnttab_setup_table, frame_list, 16);
SIZE(struct gnttab_copy, 40);
OFF(struct gnttab_copy, dest, 16);
OFF(struct gnttab_copy, len, 32);
OFF(struct gnttab_copy, status, 36);
SIZE(struct gnttab_query_size, 16);

/* memory.h */
SIZE(struct xen_memory_reservation, 32);
OFF(struct xen_memory_reservation, mem_flags, 20);
OFF(struct xen_memory_reservation, domid, 24);
SIZE(struct xen_add_to_physmap, 24);
OFF(struct xen_add_to_physmap, idx, 8);
SIZE(struct xen_add_to_physmap_batch, 32);
SIZE(struct xen_memory_map, 16);
SIZE(struct xen_e820_entry, 20);
SIZE(struct xen_remove_from_physmap, 16);
SIZE(struct xen_mem_acquire_resource, 32);

/* vcpu.h, hvm/hvm_vcpu.h */
SIZE(struct vcpu_runstate_info, 48);
SIZE(struct vcpu_register_vcpu_info, 16);
SIZE(struct vcpu_set_singleshot_timer, 16);
SIZE(struct vcpu_hvm_x86_32, 120);
SIZE(struct vcpu_hvm_x86_64, 112);
SIZE(struct vcpu_hvm_context, 128);
OFF(struct vcpu_hvm_context, cpu_regs, 8);
OFF(struct vcpu_hvm_x86_32, efer, 56);

/* sched.h */
SIZE(struct sched_poll, 24);
OFF(struct sched_poll, timeout, 16);
SIZE(struct sched_remote_shutdown, 8);

/* version.h */
SIZE(struct xen_compile_info, 144);
SIZE(struct xen_feature_info, 8);

/* hvm */
SIZE(struct xen_hvm_param, 16);
OFF(struct xen_hvm_param, index, 4);
OFF(struct xen_hvm_param, value, 8);
SIZE(struct xen_hvm_evtchn_upcall_vector, 8);
SIZE(struct hvm_start_info, 56);
OFF(struct hvm_start_info, memmap_paddr, 40);
SIZE(struct hvm_modlist_entry, 32);
SIZE(struct hvm_memmap_table_entry, 24);
_Static_assert(HVM_PARAM_CALLBACK_VECTOR(0xf3) == 0x02000000000000f3ULL,
	       "callback via vector encoding");

/* io */
SIZE(struct blkif_request_segment, 8);
SIZE(struct blkif_request, 112);
OFF(struct blkif_request, u.rw.nr_segments, 1);
OFF(struct blkif_request, u.rw.handle, 2);
OFF(struct blkif_request, u.rw.id, 8);
OFF(struct blkif_request, u.rw.sector_number, 16);
OFF(struct blkif_request, u.rw.seg, 24);
OFF(struct blkif_request, u.indirect.indirect_grefs, 28);
SIZE(struct blkif_response, 16);
_Static_assert(__CONST_RING_SIZE(blkif, 4096) == 32, "blkif ring slots");
SIZE(struct netif_tx_request, 12);
SIZE(struct netif_extra_info, 8);
SIZE(struct netif_rx_response, 8);
_Static_assert(__CONST_RING_SIZE(netif_tx, 4096) == 256, "tx ring slots");
_Static_assert(__CONST_RING_SIZE(netif_rx, 4096) == 256, "rx ring slots");
OFF(struct blkif_sring, ring, 64);
OFF(struct xencons_interface, in_cons, 3072);
OFF(struct xencons_interface, out_prod, 3084);
OFF(struct xencons_interface, connection, 3088);
