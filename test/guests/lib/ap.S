/* SPDX-License-Identifier: MIT */
/*
 * Entry of a vCPU started by vcpu_initialise_64() or vcpu_start() (64-bit mode, vCPU 0's page
 * tables, RSP set by vcpu_start): the hypervisor leaves GDTR and IDTR
 * empty, so load the library's GDT and vCPU 0's IDT, reload the
 * segments and call vcpu_start_fn(); if it returns, halt with
 * interrupts on, so the vCPU still takes events.
 */
	.text
	.code64
	.globl vcpu_start_entry
vcpu_start_entry:
	lgdt gdt_desc(%rip)
	lidt vcpu_start_idtr(%rip)
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq 1f(%rip), %rax
	pushq $0x08
	pushq %rax
	lretq
1:	xorl %ebp, %ebp
	call *vcpu_start_fn(%rip)
2:	sti
	hlt
	jmp 2b

	.section .note.GNU-stack, "", @progbits
