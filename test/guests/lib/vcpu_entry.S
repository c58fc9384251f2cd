/* SPDX-License-Identifier: MIT */
/*
 * vCPU 1 entry after VCPUOP_initialise (64-bit mode, our page tables,
 * RSP set by the caller): the hypervisor leaves GDTR and IDTR empty, so
 * load the library's GDT and the IDT vCPU 0 uses, reload the segments
 * and call ap_main().
 */
	.text
	.code64
	.globl ap_entry
ap_entry:
	lgdt gdt_desc(%rip)
	lidt ap_idtr(%rip)
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
	call ap_main
2:	cli
	hlt
	jmp 2b

	.section .note.GNU-stack, "", @progbits
