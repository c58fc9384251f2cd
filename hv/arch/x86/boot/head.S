/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot entry: GRUB (multiboot2) enters _start in 32-bit protected mode with
 * paging off, EAX = magic, EBX = physical address of the boot information.
 * We build just enough page tables to reach 64-bit mode at the linked
 * address; paging.c replaces them with the real ones.
 *
 * The early tables map 0-4 GiB three times with 2 MiB pages: identity (for
 * the instruction that turns paging on, and for the APs' trampoline), at
 * DIRECTMAP_BASE (so C code can already use __va() on the boot information)
 * and at HV_VIRT_BASE (the first GiB, where the image lives).
 */
#include <asm/layout.h>

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_BOOT_MAGIC 0x36d76289
#define MB2_TAG_END 0
#define MB2_TAG_ENTRY 3

#define PA(x) ((x) - HV_VIRT_BASE)
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define COM1 0x3f8

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long 0 /* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + (mb2_header_end - mb2_header))
	.balign 8
	.short MB2_TAG_ENTRY, 0
	.long 12
	.long PA(_start)
	.balign 8
	.short MB2_TAG_END, 0
	.long 8
mb2_header_end:

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl $PA(boot_stack_top), %esp
	movl %eax, %edi /* kept for start_hv(magic, mbi) */
	movl %ebx, %esi

	cmpl $MB2_BOOT_MAGIC, %eax
	movl $PA(msg_not_mb2), %ebx
	jne early_fail

	/* Long mode and NX: CPUID 8000_0001 EDX bits 29 and 20. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	movl $PA(msg_no_lm), %ebx
	jb early_fail
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc early_fail
	movl %edx, %ebp /* remember NX support */

	/* Clear the early tables: .bss is not trusted to be zero yet. */
	movl $PA(boot_pgt_start), %edi
	movl $(PA(boot_pgt_end) - PA(boot_pgt_start)) / 4, %ecx
	xorl %eax, %eax
	rep stosl
	movl %esi, %ebx
	movl $MB2_BOOT_MAGIC, %edi

	/* Four page directories of 2 MiB pages: 0-4 GiB. */
	movl $PA(boot_pd), %edx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_W | PTE_PS), %eax
	movl %eax, (%edx, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax /* bits 32+ of the address: ecx >> 11 */
	movl %eax, 4(%edx, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jne 1b

	/* boot_pdpt: four entries for 0-4 GiB. */
	movl $PA(boot_pdpt), %edx
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $12, %eax
	addl $(PA(boot_pd) + PTE_P + PTE_W), %eax
	movl %eax, (%edx, %ecx, 8)
	incl %ecx
	cmpl $4, %ecx
	jne 2b

	/* boot_pdpt_high[510] -> first GiB, for the image at -2 GiB. */
	movl $(PA(boot_pd) + PTE_P + PTE_W), PA(boot_pdpt_high) + 510 * 8

	movl $(PA(boot_pdpt) + PTE_P + PTE_W), PA(boot_pml4)
	movl $(PA(boot_pdpt) + PTE_P + PTE_W), PA(boot_pml4) + 256 * 8
	movl $(PA(boot_pdpt_high) + PTE_P + PTE_W), PA(boot_pml4) + 511 * 8

	movl %cr4, %eax
	orl $0x20, %eax /* PAE */
	movl %eax, %cr4
	movl $PA(boot_pml4), %eax
	movl %eax, %cr3

	movl $0xc0000080, %ecx /* EFER */
	rdmsr
	orl $0x100, %eax /* LME */
	btl $20, %ebp
	jnc 3f
	orl $0x800, %eax /* NXE */
3:	wrmsr

	movl $0x80010033, %eax /* PG | WP | NE | ET | MP | PE */
	movl %eax, %cr0

	lgdt PA(boot_gdt_desc)
	ljmp $GDT_CS64, $PA(start64)

/* Print the string at %ebx on COM1 and stop: nothing else can be done yet. */
early_fail:
	movb (%ebx), %al
	testb %al, %al
	jz 2f
	movw $COM1 + 5, %dx
1:	inb %dx, %al
	testb $0x20, %al
	jz 1b
	movw $COM1, %dx
	movb (%ebx), %al
	outb %al, %dx
	incl %ebx
	jmp early_fail
2:	hlt
	jmp 2b

	.code64
start64:
	xorl %eax, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movabsq $1f, %rax
	jmp *%rax
1:	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	/* edi = magic, esi = mbi physical address */
	call start_hv
	ud2

	.section .rodata
msg_not_mb2:
	.asciz "hvlab: not loaded by a multiboot2 boot loader, stopping\r\n"
msg_no_lm:
	.asciz "hvlab: this CPU has no 64-bit long mode, stopping\r\n"

	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff /* 64-bit code */
	.quad 0x00cf92000000ffff /* data */
boot_gdt_end:
boot_gdt_desc:
	.short boot_gdt_end - boot_gdt - 1
	.long PA(boot_gdt)

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
	.globl boot_pgt_start, boot_pml4, boot_pdpt
boot_pgt_start:
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pdpt_high:
	.skip 4096
boot_pd:
	.skip 4096 * 4
boot_pgt_end:
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip STACK_SIZE
boot_stack_top:
