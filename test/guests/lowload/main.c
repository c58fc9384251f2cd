// SPDX-License-Identifier: MIT
/*
 * A PVH kernel linked at guest-physical 0 with its entry point at 0 (see
 * guest.mk; test/guests/highload builds the same checks at 15.75 MiB, where
 * the kernel and initrd take the top of a 16 MiB domain). Xen's builder
 * accepts any placement inside the domain's RAM;
 * ours must too, and put the start info, memory map, command line and
 * initrd clear of the kernel. Checks that all of that is where the start
 * info says, RAM in the memory map covers the kernel, and nothing the
 * builder wrote landed on the image.
 */
#include "guest.h"

extern char __image_start[], __image_end[];
void pvh_start32(void);

/* Written at link time: the builder must not have overwritten it. */
static const uint8_t canary[64] = { [0] = 0xc5, [31] = 0x5c, [63] = 0xa5 };

static bool in_ram(const struct hvm_memmap_table_entry *e, unsigned int nr,
		   uint64_t lo, uint64_t hi)
{
	for (unsigned int i = 0; i < nr; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && e[i].addr <= lo &&
		    hi <= e[i].addr + e[i].size)
			return true;
	return false;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

void test_main(void)
{
	uint64_t lo = (uintptr_t)__image_start, hi = (uintptr_t)__image_end;
	const struct hvm_memmap_table_entry *e;
	const struct hvm_modlist_entry *m;
	unsigned int nr;

	check_eq(lo, GUEST_LOAD_ADDR, "lowload/linked-where-built");
	check_eq((uintptr_t)pvh_start32, GUEST_LOAD_ADDR,
		 "lowload/entry-at-image-start");
	check(start_info != NULL, "lowload/start-info-magic");
	if (!start_info)
		return;
	check(!overlaps(start_info_paddr, sizeof(*start_info), lo, hi - lo),
	      "lowload/start-info-clear-of-kernel", "at %#lx, kernel %#lx-%#lx",
	      (unsigned long)start_info_paddr, (unsigned long)lo,
	      (unsigned long)hi);
	e = memmap(&nr);
	check(nr > 0, "lowload/memmap");
	check(in_ram(e, nr, lo, hi), "lowload/kernel-in-ram",
	      "%#lx-%#lx not inside one RAM entry", (unsigned long)lo,
	      (unsigned long)hi);
	check(!overlaps(start_info->memmap_paddr,
			nr * sizeof(struct hvm_memmap_table_entry), lo, hi - lo),
	      "lowload/memmap-clear-of-kernel");
	check(!overlaps(start_info->cmdline_paddr, strlen(cmdline()) + 1, lo,
			hi - lo),
	      "lowload/cmdline-clear-of-kernel");
	check(cmdline_has("low"), "lowload/cmdline-intact", "\"%s\"",
	      cmdline());
	check(canary[0] == 0xc5 && canary[31] == 0x5c && canary[63] == 0xa5,
	      "lowload/image-intact");
	check_eq(start_info->nr_modules, 1, "lowload/initrd-present");
	if (start_info->nr_modules != 1)
		return;
	m = (const void *)(uintptr_t)start_info->modlist_paddr;
	check(!overlaps(m->paddr, m->size, lo, hi - lo),
	      "lowload/initrd-clear-of-kernel");
	check(!overlaps(m->paddr, m->size, start_info_paddr, 4096),
	      "lowload/initrd-clear-of-start-info");
	check(in_ram(e, nr, m->paddr, m->paddr + m->size),
	      "lowload/initrd-in-ram");
	check(m->size >= 4 && !memcmp((const void *)(uintptr_t)m->paddr,
				      "\x7f" "ELF", 4),
	      "lowload/initrd-content", "size %lu", (unsigned long)m->size);
}
