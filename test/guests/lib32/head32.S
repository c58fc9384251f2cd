/* SPDX-License-Identifier: MIT */
/*
 * PVH entry of a 32-bit test guest: stays in protected mode and calls
 * guest_start() (lib/setup.c) in one of three paging modes, chosen at
 * build time with GUEST_PAGING:
 *	0	paging off
 *	2	2-level paging, 4 MiB pages (CR4.PSE)
 *	3	PAE paging, 2 MiB pages
 * Each identity-maps the first 4 GiB, so a pointer is also a guest
 * physical address in every mode. The top GiB (LAPIC and other MMIO) is
 * mapped uncached, as in the 64-bit lib/head.S.
 *
 * Entry as in lib/head.S: flat 32-bit, paging off, %ebx = hvm_start_info.
 */
#include <elfnote.h>

#define X86_CR0_PG	(1 << 31)
#define X86_CR4_PSE	(1 << 4)
#define X86_CR4_PAE	(1 << 5)

#define PTE_P		(1 << 0)
#define PTE_RW		(1 << 1)
#define PTE_PWT		(1 << 3)
#define PTE_PCD		(1 << 4)
#define PTE_PS		(1 << 7)

#define GDT_CS32	0x08
#define GDT_DS		0x10

#include "pvh.inc"

	pvh_entry

	lgdt gdt_desc
	ljmp $GDT_CS32, $1f
1:	movl $GDT_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movl $boot_stack_top, %esp

#if GUEST_PAGING == 2
	/* 1024 PDEs of 4 MiB. */
	identity_pd 1024, 4, 0x400000, 768
	movl %cr4, %eax
	orl $X86_CR4_PSE, %eax
	movl %eax, %cr4
	movl $boot_pd, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $X86_CR0_PG, %eax
	movl %eax, %cr0
#elif GUEST_PAGING == 3
	/* Four page directories of 512 2 MiB entries. */
	pdpt_4gib PTE_P
	identity_pd 2048, 8, 0x200000, 1536
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $boot_pdpt, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $X86_CR0_PG, %eax
	movl %eax, %cr0
#elif GUEST_PAGING != 0
#error "GUEST_PAGING must be 0, 2 or 3"
#endif
	xorl %ebp, %ebp
	call guest_start
	ud2

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9b000000ffff	/* 0x08: flat 32-bit code, DPL 0 */
	.quad 0x00cf93000000ffff	/* 0x10: flat data, DPL 0 */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

	pvh_boot_data

	.section .note.GNU-stack, "", @progbits
