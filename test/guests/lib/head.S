/* SPDX-License-Identifier: MIT */
/*
 * PVH entry of a test guest.
 *
 * The loader (our hypervisor, Xen, or QEMU's -kernel) finds the 32-bit
 * entry through the XEN_ELFNOTE_PHYS32_ENTRY note and starts us in flat
 * 32-bit protected mode, paging off, interrupts off, with %ebx = physical
 * address of struct hvm_start_info. No stack and no GDT are promised, so
 * nothing here touches memory through %esp until we have our own stack.
 *
 * We zero .bss (page tables live there), identity-map the first 4 GiB with
 * 2 MiB pages, enter long mode and call guest_start() (setup.c).
 */
#include <elfnote.h>

#define X86_CR0_PE	(1 << 0)
#define X86_CR0_PG	(1 << 31)
#define X86_CR4_PAE	(1 << 5)
#define MSR_EFER	0xc0000080
#define EFER_LME	(1 << 8)

#define PTE_P		(1 << 0)
#define PTE_RW		(1 << 1)
#define PTE_PWT		(1 << 3)
#define PTE_PCD		(1 << 4)
#define PTE_PS		(1 << 7)

#define GDT_CS64	0x08
#define GDT_DS		0x10

#include "pvh.inc"

	pvh_entry

	/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories (1 GiB each). */
	movl $boot_pdpt + (PTE_P | PTE_RW), boot_pml4
	pdpt_4gib PTE_P | PTE_RW

	/* 2048 entries of 2 MiB. RAM is write-back, the top GiB uncached. */
	identity_pd 2048, 8, 0x200000, 1536

	/* Long mode: PAE, CR3, EFER.LME, then paging. */
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_PE), %eax
	movl %eax, %cr0

	lgdt gdt_desc
	ljmp $GDT_CS64, $start64

	.code64
start64:
	movl $GDT_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	call guest_start		/* reads start_info_paddr */
	/* guest_start never returns; if it does, stop where it is visible. */
	ud2

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf93000000ffff	/* 0x10: flat data, DPL 0 */
gdt_end:
	.globl gdt_desc
gdt_desc:
	.word gdt_end - gdt - 1
	.quad gdt			/* lgdt in 32-bit mode reads 4 bytes */

	pvh_boot_data
	.bss
	.balign 4096
boot_pml4:
	.space 4096

	.section .note.GNU-stack, "", @progbits
