/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry: one stub per IDT vector (256), all
 * funnelling into one path that saves the general registers as a
 * struct cpu_regs (traps.h) and calls do_interrupt(regs).
 *
 * Every vector has a stub so that an unexpected interrupt is reported
 * with its number instead of turning into a #GP/#DF/triple fault, and so
 * that a test can claim any vector (e.g. the event channel upcall) by
 * only filling in a C handler.
 */

#include "pvh.inc"

	.text
	.code64

	idt_stub_table pushq, interrupt_common

interrupt_common:
	cld
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/*
	 * 64-bit interrupt delivery aligns %rsp to 16 before pushing its 5
	 * words; with 2 + 15 more words %rsp is 16-byte aligned for the call.
	 */
	movq %rsp, %rdi
	call do_interrupt
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector and error code */
	iretq

	.section .note.GNU-stack, "", @progbits
