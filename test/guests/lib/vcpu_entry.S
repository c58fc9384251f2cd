/* SPDX-License-Identifier: MIT */
/*
 * Entry of a vCPU started by vcpu_initialise_64() (lib/vcpu.c): 64-bit
 * mode, our page tables, RSP and RDI set by it. The hypervisor leaves
 * GDTR and IDTR empty, so load the library's GDT and the IDT vCPU 0
 * uses, reload the segments and call vcpu_main(RDI).
 */
	.text
	.code64
	.globl vcpu_entry
vcpu_entry:
	lgdt gdt_desc(%rip)
	lidt vcpu_idtr(%rip)
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
	call vcpu_main
2:	cli
	hlt
	jmp 2b

	.section .note.GNU-stack, "", @progbits
