/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypercall table (hypercall.c) and the handlers it calls, one per
 * Xen hypercall, named after it (do_<name>). Arguments are raw guest
 * registers; pointers among them are guest-virtual addresses, only ever
 * used through guest_access.h.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>

struct hypercall_args {
	unsigned long nr;
	u64 a[5];
	bool compat; /* a 32-bit caller: Xen's compat layouts (compat_*.c) */
	bool preempted; /* set by hypercall_continue() */
	u64 start_ns;
};

/* Called by the arch exit handler. */
long hypercall_dispatch(struct hypercall_args *args);

/*
 * For long operations: true when the call has run long enough that it
 * should stop and be restarted. The handler then records its progress in
 * the arguments (hypercall_continue) so the guest re-executes the call.
 */
bool hypercall_preempt_check(void);
/* The call being handled on this CPU (NULL outside hypercalls). */
struct hypercall_args *hypercall_self(void);
/* True while handling a 32-bit caller's hypercall. */
bool hypercall_compat(void);
void hypercall_continue(unsigned int arg, u64 value);

/* platform_op's, sysctl's and domctl's opening: read the op from arg,
 * check its interface version. 0, -EFAULT or -EACCES. */
long hypercall_read_op(void *op, size_t n, u64 arg, u32 version);

typedef long hypercall_fn(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

hypercall_fn do_xen_version, do_console_io, do_sched_op, do_vcpu_op,
	do_memory_op, do_hvm_op, do_multicall, do_event_channel_op,
	do_grant_table_op, do_set_timer_op, do_vm_assist, do_platform_op,
	do_sysctl, do_domctl;

/* The same hypercalls from 32-bit callers (hv/common/compat_*.c). */
hypercall_fn compat_memory_op, compat_multicall, compat_set_timer_op,
	compat_xen_version, compat_grant_table_op, compat_vcpu_op,
	compat_sched_op;

#endif
