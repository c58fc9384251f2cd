/* SPDX-License-Identifier: MIT */
/*
 * Interrupt entry of 32-bit test guests: one 16-byte stub per vector
 * (as lib/entry.S) pushing an error code where the CPU does not, then
 * the vector, then all general registers (struct regs32, traps32.c).
 */
#include "pvh.inc"

	.text
	.code32
	idt_stub_table pushl, interrupt_common

interrupt_common:
	cld
	pushal
	movl %esp, %eax
	pushl %eax
	call do_interrupt32
	addl $4, %esp
	popal
	addl $8, %esp			/* vector and error code */
	iretl

	.section .note.GNU-stack, "", @progbits
