// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 hypercall register ABI: VMMCALL with the number in RAX and
 * arguments in RDI RSI RDX R10 R8 (64-bit guests) or EBX ECX EDX ESI EDI
 * (32-bit), result in RAX. Only the guest kernel (CPL 0) may call.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

__exit_path bool vcpu_hypercall(struct vcpu *v)
{
	struct guest_gprs *r = &v->arch.gprs;
	bool mode64 = vcpu_mode64(v);
	u64 *slot[5];
	struct hypercall_args h = { 0 };
	long ret;

	if (virt->get_cpl(v) != 0) {
		r->rax = (u64)-EPERM;
		return true;
	}
	if (mode64) {
		slot[0] = &r->rdi, slot[1] = &r->rsi, slot[2] = &r->rdx;
		slot[3] = &r->r10, slot[4] = &r->r8;
	} else {
		slot[0] = &r->rbx, slot[1] = &r->rcx, slot[2] = &r->rdx;
		slot[3] = &r->rsi, slot[4] = &r->rdi;
	}
	h.nr = mode64 ? r->rax : (u32)r->rax;
	h.compat = !mode64;
	for (int i = 0; i < 5; i++)
		h.a[i] = mode64 ? *slot[i] : (u32)*slot[i];

	ret = hypercall_dispatch(&h);

	if (h.preempted) {
		/* Restart: same number, progress kept in the arguments. */
		for (int i = 0; i < 5; i++)
			*slot[i] = h.a[i];
		return false;
	}
	r->rax = mode64 ? (u64)ret : (u32)ret;
	return true;
}

void vcpu_halt(struct vcpu *v)
{
	vcpu_block(v);
}
