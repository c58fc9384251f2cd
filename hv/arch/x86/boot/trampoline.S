/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Application processor start-up. smpboot.c copies this blob to
 * TRAMPOLINE_PA (below 1 MiB) and fills in the parameter block at its end;
 * a SIPI with vector TRAMPOLINE_PA >> 12 starts the AP here in real mode
 * with CS = TRAMPOLINE_PA >> 4, IP = 0. It goes to protected mode, then
 * long mode on a root that identity-maps this page, and jumps to ap_entry64
 * at its linked address.
 */
#include <asm/layout.h>

#define T(x) (TRAMPOLINE_PA + (x) - trampoline_start)

	.section .rodata
	.balign 16
	.globl trampoline_start, trampoline_end, trampoline_params
	.code16
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl tramp_gdt_desc - trampoline_start
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $0x08, $T(tramp32)

	.code32
tramp32:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr4, %eax
	orl $0xa0, %eax /* PAE | PGE */
	movl %eax, %cr4
	movl T(tp_cr3), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx
	movl T(tp_efer), %eax
	xorl %edx, %edx
	wrmsr
	movl $0x80010033, %eax /* PG | WP | NE | ET | MP | PE */
	movl %eax, %cr0
	ljmpl $0x18, $T(tramp64)

	.code64
tramp64:
	movq T(tp_stack), %rsp
	movq T(tp_pcpu), %rdi
	movq T(tp_entry), %rax
	jmp *%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff /* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff /* 0x10: data */
	.quad 0x00af9a000000ffff /* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdt_desc:
	.short tramp_gdt_end - tramp_gdt - 1
	.long T(tramp_gdt)

	.balign 8
trampoline_params: /* layout: struct trampoline_params in smpboot.c */
tp_cr3:
	.long 0
tp_efer:
	.long 0
tp_stack:
	.quad 0
tp_pcpu:
	.quad 0
tp_entry:
	.quad 0
trampoline_end:
