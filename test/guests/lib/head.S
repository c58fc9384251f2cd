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

	/*
	 * The note's descriptor is 8 bytes, as Linux writes it: QEMU reads
	 * the entry as a 64-bit value whatever descsz says, and Xen accepts
	 * 4 or 8. The section stays 4-byte aligned because QEMU pads the
	 * note name to the PT_NOTE alignment.
	 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f			/* namesz */
	.long 4f - 3f			/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz "Xen"
2:	.balign 4
3:	.quad pvh_start32
4:	.balign 4

	.section .text.entry, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cli
	cld
	/* .data, not .bss: .bss is about to be wiped. */
	movl %ebx, start_info_paddr

	/* Zero .bss; a loader should have, but a test must not depend on it. */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl

	/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories (1 GiB each). */
	movl $boot_pdpt + (PTE_P | PTE_RW), boot_pml4
	movl $boot_pd + (PTE_P | PTE_RW), %eax
	movl $boot_pdpt, %edi
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 1b

	/*
	 * 2048 entries of 2 MiB. RAM is write-back; the top GiB holds the
	 * LAPIC, IOAPIC and other MMIO, so it is mapped uncached (test
	 * guests never have 3 GiB of RAM).
	 */
	movl $boot_pd, %edi
	movl $(PTE_P | PTE_RW | PTE_PS), %eax
	xorl %ecx, %ecx
2:	movl %eax, %edx
	cmpl $1536, %ecx
	jb 3f
	orl $(PTE_PCD | PTE_PWT), %edx
3:	movl %edx, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	incl %ecx
	cmpl $2048, %ecx
	jb 2b

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

	.data
	.balign 8
	.globl start_info_paddr
start_info_paddr:
	.quad 0

	.bss
	.balign 4096
boot_pml4:
	.space 4096
boot_pdpt:
	.space 4096
boot_pd:
	.space 4 * 4096
	.globl boot_stack, boot_stack_top
boot_stack:
	.space 32768
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
