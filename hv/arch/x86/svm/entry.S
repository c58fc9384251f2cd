/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svm_vmrun(struct guest_gprs *gprs, paddr_t vmcb_pa, paddr_t host_pa)
 *
 * One world switch. Called with interrupts off. GIF is cleared first so
 * nothing can interrupt between loading guest state and VMRUN, then
 * interrupts are enabled: under V_INTR_MASKING a physical interrupt in the
 * guest forces an exit only if the host had IF=1 at VMRUN. "sti" is not
 * directly before VMRUN, so no phantom STI shadow leaks into the guest
 * (qemu-tcg-svm.md rule 3). After the exit, VMSAVE keeps the guest's
 * FS/GS/TR/syscall MSRs and VMLOAD restores ours (our GS base is the
 * per-CPU pointer) before STGI lets interrupts in.
 */
#define GPR(n) (n * 8)
	.section .text.exit_path, "ax"
	.globl svm_vmrun
svm_vmrun:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi /* gprs, needed after the exit */
	pushq %rdx /* host state page */

	clgi
	sti
	movq %rsi, %rax
	vmload %rax
	movq GPR(1)(%rdi), %rcx
	movq GPR(2)(%rdi), %rdx
	movq GPR(3)(%rdi), %rbx
	movq GPR(5)(%rdi), %rbp
	movq GPR(6)(%rdi), %rsi
	movq GPR(8)(%rdi), %r8
	movq GPR(9)(%rdi), %r9
	movq GPR(10)(%rdi), %r10
	movq GPR(11)(%rdi), %r11
	movq GPR(12)(%rdi), %r12
	movq GPR(13)(%rdi), %r13
	movq GPR(14)(%rdi), %r14
	movq GPR(15)(%rdi), %r15
	movq GPR(7)(%rdi), %rdi
	.globl svm_vmrun_insn
svm_vmrun_insn:
	vmrun %rax
	vmsave %rax
	/* rax is the VMCB again: #VMEXIT reloads it from the host save. */
	pushq %rdi
	movq 16(%rsp), %rdi /* gprs */
	popq GPR(7)(%rdi)
	movq %rcx, GPR(1)(%rdi)
	movq %rdx, GPR(2)(%rdi)
	movq %rbx, GPR(3)(%rdi)
	movq %rbp, GPR(5)(%rdi)
	movq %rsi, GPR(6)(%rdi)
	movq %r8, GPR(8)(%rdi)
	movq %r9, GPR(9)(%rdi)
	movq %r10, GPR(10)(%rdi)
	movq %r11, GPR(11)(%rdi)
	movq %r12, GPR(12)(%rdi)
	movq %r13, GPR(13)(%rdi)
	movq %r14, GPR(14)(%rdi)
	movq %r15, GPR(15)(%rdi)

	popq %rax /* host state page */
	vmload %rax
	cli
	stgi
	popq %rdi
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
