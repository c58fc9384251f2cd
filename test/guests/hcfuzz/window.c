// SPDX-License-Identifier: MIT
/*
 * The window: 4 KiB mappings above the 4 GiB identity map, so that each
 * argument area can be followed by a read-only page or by nothing at
 * all. Pointers the hv gets for structures point here; the frames
 * behind them are ours but are never the ones we run on, so whatever
 * the hv writes (or refuses to write) lands in places we can afford.
 */
#include "fuzz.h"

#define WINDOW_BASE 0x100000000ULL /* PDPT slot 4: past the identity map */
#define PAGES_PER_CPU 64
#define PTE_P 1ULL
#define PTE_RW 2ULL
#define X86_CR0_WP (1UL << 16)

/* Page offsets inside one vCPU's part of the window. */
#define BATCH_AT 0
#define OUT_AT 8
#define RO_AT (OUT_AT + OUT_PAGES)
#define MC_AT 16

static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));
static uint8_t frames[NR_FUZZ_CPUS][BATCH_PAGES + OUT_PAGES + MC_PAGES][4096]
	__attribute__((aligned(4096)));
/* Behind every read-only page: values that make poor pointers and poor
 * frame numbers (unmapped, far beyond RAM) wherever a handler reads. */
static uint64_t safe_page[512] __attribute__((aligned(4096)));

static void map_run(unsigned int at, uint8_t (*f)[4096], unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		pt[at + i] = (uintptr_t)f[i] | PTE_P | PTE_RW;
}

void window_init(void)
{
	uint64_t *pml4 = (uint64_t *)(read_cr3() & ~0xfffULL);
	uint64_t *pdpt = (uint64_t *)(pml4[0] & ~0xfffULL);

	for (unsigned int i = 0; i < 512; i++)
		safe_page[i] = 0x0000dead00000000ULL + i * 0x1000;
	for (unsigned int c = 0; c < NR_FUZZ_CPUS; c++) {
		unsigned int base = c * PAGES_PER_CPU;
		uint8_t(*f)[4096] = frames[c];

		map_run(base + BATCH_AT, f, BATCH_PAGES);
		map_run(base + OUT_AT, f + BATCH_PAGES, OUT_PAGES);
		pt[base + RO_AT] = (uintptr_t)safe_page | PTE_P;
		map_run(base + MC_AT, f + BATCH_PAGES + OUT_PAGES, MC_PAGES);
	}
	pd[0] = (uintptr_t)pt | PTE_P | PTE_RW;
	pdpt[WINDOW_BASE >> 30] = (uintptr_t)pd | PTE_P | PTE_RW;
	/* Read-only must mean read-only for ring 0 too, for us and for the
	 * hv's walk of our tables. */
	asm volatile("mov %0, %%cr0" ::"r"(read_cr0() | X86_CR0_WP));
	asm volatile("mov %0, %%cr3" ::"r"(read_cr3()) : "memory");
}

void window_areas(struct fz *f)
{
	uint8_t *base =
		(uint8_t *)(uintptr_t)(WINDOW_BASE +
				       f->cpu * PAGES_PER_CPU * 4096ULL);

	f->batch = base + BATCH_AT * 4096;
	f->out = base + OUT_AT * 4096;
	f->ro = base + RO_AT * 4096;
	f->mc = base + MC_AT * 4096;
}
