// SPDX-License-Identifier: GPL-2.0
/*
 * The hv's own page tables, replacing head.S's early ones:
 *  - the direct map: all of [0, max(4 GiB, end of RAM)) at DIRECTMAP_BASE,
 *    2 MiB pages, never executable; the APIC/IOAPIC/HPET window uncached;
 *  - the image at HV_VIRT_BASE with 4 KiB pages: text read-only and
 *    executable, rodata and the symbol table read-only, data and bss
 *    writable and never executable (W^X).
 * There is no identity map, so a stray NULL or low pointer faults.
 */
#include <hv/compiler.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>

#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW)
#define MMIO_WINDOW_START 0xfe000000ULL
#define MMIO_WINDOW_END 0x100000000ULL

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[];
extern char _hvsyms[], _end[];
extern u64 boot_pdpt[];

static u64 *root;
static u64 *ap_boot_root;
static u64 nx_bit;

static u64 *table_alloc(void)
{
	u64 *t = alloc_page_zeroed();

	if (!t)
		panic("out of memory for page tables");
	return t;
}

/* The table that entry index of t points to, created if absent. */
static u64 *next_level(u64 *t, unsigned int index)
{
	if (!(t[index] & _PAGE_PRESENT))
		t[index] = __pa(table_alloc()) | PTE_TABLE;
	return __va(t[index] & PTE_ADDR_MASK);
}

static void map_2m(unsigned long va, paddr_t pa, u64 flags)
{
	u64 *l3 = next_level(root, pt_index(va, L4_SHIFT));
	u64 *l2 = next_level(l3, pt_index(va, L3_SHIFT));

	l2[pt_index(va, L2_SHIFT)] = pa | flags | _PAGE_PSE;
}

static void map_4k(unsigned long va, paddr_t pa, u64 flags)
{
	u64 *l3 = next_level(root, pt_index(va, L4_SHIFT));
	u64 *l2 = next_level(l3, pt_index(va, L3_SHIFT));
	u64 *l1 = next_level(l2, pt_index(va, L2_SHIFT));

	l1[pt_index(va, L1_SHIFT)] = pa | flags;
}

static void map_image_range(char *start, char *end, u64 flags)
{
	for (unsigned long va = (unsigned long)start; va < (unsigned long)end;
	     va += PAGE_SIZE)
		map_4k(va, __pa((void *)va), flags | _PAGE_PRESENT);
}

void paging_init(paddr_t ram_end)
{
	paddr_t end = ALIGN_UP(MAX(ram_end, MMIO_WINDOW_END), LARGE_PAGE_SIZE);
	u64 rw = _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL;

	if (rdmsr(MSR_EFER) & EFER_NXE)
		nx_bit = _PAGE_NX;
	root = table_alloc();

	for (paddr_t pa = 0; pa < end; pa += LARGE_PAGE_SIZE) {
		u64 cache = 0;

		if (pa >= MMIO_WINDOW_START && pa < MMIO_WINDOW_END)
			cache = _PAGE_PCD | _PAGE_PWT;
		map_2m((unsigned long)__va(pa), pa, rw | nx_bit | cache);
	}

	map_image_range(_text, _etext, _PAGE_GLOBAL);
	map_image_range(_rodata, _erodata, _PAGE_GLOBAL | nx_bit);
	map_image_range(_data, _edata, _PAGE_GLOBAL | _PAGE_RW | nx_bit);
	map_image_range(_hvsyms, _end, _PAGE_GLOBAL | nx_bit);

	/* APs turn paging on from the trampoline at a low address, so their
	 * first root must also identity-map it: reuse head.S's 0-4 GiB map. */
	ap_boot_root = table_alloc();
	memcpy(ap_boot_root, root, PAGE_SIZE);
	ap_boot_root[0] = __pa(boot_pdpt) | PTE_TABLE;

	write_cr3(__pa(root));
	write_cr4(read_cr4() | X86_CR4_PGE);
	mm_direct_map_ready();
	pr_info("hv: page tables: %lu MiB direct-mapped, image W^X%s\n",
		(unsigned long)(end >> 20), nx_bit ? "" : " (no NX: W only)");
}

paddr_t paging_root(void)
{
	return __pa(root);
}

paddr_t paging_ap_boot_root(void)
{
	return __pa(ap_boot_root);
}
