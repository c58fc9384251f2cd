/* Linker script for the hv image: physical load at HV_PHYS_BASE, virtual at
 * HV_VIRT_BASE + that. Sections are page aligned so paging.c can map text
 * RX, rodata R and data RW with no page holding two kinds. The symbol table
 * comes last, so filling it in (second link) moves nothing before it. */
#include <asm/layout.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	syms PT_LOAD FLAGS(4);
}

SECTIONS
{
	. = HV_VIRT_BASE + HV_PHYS_BASE;
	_start_image = .;
	_text = .;
	.text : AT(ADDR(.text) - HV_VIRT_BASE) {
		KEEP(*(.multiboot))
		*(.text.exit_path)
		*(.text.hot .text.hot.*)
		*(.text.boot)
		*(.text .text.*)
	} :text
	. = ALIGN(4096);
	_etext = .;

	_rodata = .;
	.rodata : AT(ADDR(.rodata) - HV_VIRT_BASE) {
		*(.rodata.hot)
		*(.rodata .rodata.*)
	} :rodata
	/* XENVER_build_id reads it (version.c); a section of its own so
	 * that readelf -n finds it too. */
	.note.gnu.build-id : AT(ADDR(.note.gnu.build-id) - HV_VIRT_BASE) {
		_build_id_note = .;
		KEEP(*(.note.gnu.build-id))
		_ebuild_id_note = .;
	} :rodata
	. = ALIGN(4096);
	_erodata = .;

	_data = .;
	.data : AT(ADDR(.data) - HV_VIRT_BASE) {
		*(.data.page_aligned)
		*(.data .data.*)
	} :data
	.bss : AT(ADDR(.bss) - HV_VIRT_BASE) {
		_bss = .;
		*(.bss.page_aligned)
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(8);
		_ebss = .;
	} :data
	. = ALIGN(4096);
	_edata = .;

	_hvsyms = .;
	.hvsyms : AT(ADDR(.hvsyms) - HV_VIRT_BASE) {
		*(.hvsyms)
	} :syms
	. = ALIGN(4096);
	_end = .;


	/DISCARD/ : {
		*(.note.gnu.property)
		*(.comment)
		*(.eh_frame)
	}
}
