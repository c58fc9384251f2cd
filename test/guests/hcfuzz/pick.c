// SPDX-License-Identifier: MIT
/*
 * Values aimed at what handlers check: our own ports and their
 * neighbours, the grant table's edges, frames that are ours, holes or far
 * away, counts around what was built, and wild pointers. Each vCPU has
 * its own xorshift stream, so a seed replays the same calls per vCPU.
 */
#include "fuzz.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

uint64_t fz_next(struct fz *f)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 7;
	f->rng ^= f->rng << 17;
	return f->rng;
}

unsigned long fz_below(struct fz *f, unsigned long n)
{
	return n ? fz_next(f) % n : 0;
}

bool fz_one_in(struct fz *f, unsigned long n)
{
	return fz_below(f, n) == 0;
}

static uint64_t gfn_of(const void *p)
{
	return (uintptr_t)p >> 12;
}

uint64_t pick_victim_gfn(struct fz *f, unsigned int order)
{
	uint64_t n = 1ULL << order;

	if (n > VICTIM_PAGES)
		return fz_ram_top_gfn & ~(n - 1); /* an aligned hole */
	return gfn_of(fz_victims) + fz_below(f, VICTIM_PAGES / n) * n;
}

/* Frames the hv may write, free or replace without hurting us. */
uint64_t pick_gfn_safe(struct fz *f)
{
	static const uint64_t far[] = {
		1ULL << 30,	  (1ULL << 36) - 1, 1ULL << 40,
		(1ULL << 52) - 1, 1ULL << 52,	    ~0ULL,
		0xffffffffULL,	  0x100000000ULL,
	};

	switch (fz_below(f, 10)) {
	case 0 ... 3:
		return pick_victim_gfn(f, 0);
	case 4:
		return 0xa0 + fz_below(f, 0x60); /* low memory we do not use */
	case 5:
	case 6:
		return fz_ram_top_gfn + fz_below(f, 64);
	case 7:
		return far[fz_below(f, ARRAY_LEN(far))];
	case 8:
		return gfn_of(fz_gnt_page);
	default:
		return gfn_of(fz_shinfo_page);
	}
}

/* Also the frames we run on: only where the hv reads or must refuse. */
uint64_t pick_gfn_any(struct fz *f)
{
	if (fz_one_in(f, 4))
		return 1 + fz_below(f, fz_ram_top_gfn); /* our RAM, or not */
	return pick_gfn_safe(f);
}

uint32_t pick_port(struct fz *f)
{
	static const uint32_t edge[] = { 0,    1,	   1022,
					 1023, 1024,	   4095,
					 4096, 0x7fffffff, 0xffffffff };
	uint32_t p = f->nports ? f->ports[fz_below(f, f->nports)] : 1;

	switch (fz_below(f, 8)) {
	case 0 ... 3:
		return p;
	case 4:
		return p + 1;
	case 5:
		return p - 1;
	case 6:
		return edge[fz_below(f, ARRAY_LEN(edge))];
	default:
		return fz_below(f, 1100);
	}
}

uint32_t pick_ref(struct fz *f)
{
	static const uint32_t edge[] = { 0,	511,	    512,
					 1023,	1024,	    16383,
					 16384, 0x7fffffff, 0xffffffff };

	if (fz_below(f, 4))
		return 1 + fz_below(f, NR_REFS - 1);
	return edge[fz_below(f, ARRAY_LEN(edge))];
}

domid_t pick_domid(struct fz *f)
{
	static const domid_t edge[] = { 0,	  3,	  100,	 0x7fef,
					DOMID_IO, 0x7fff, 0xffff };

	switch (fz_below(f, 10)) {
	case 0 ... 3:
		return DOMID_SELF;
	case 4 ... 6:
		return fz_self;
	case 7:
	case 8:
		return fz_peer;
	default:
		return edge[fz_below(f, ARRAY_LEN(edge))];
	}
}

uint32_t pick_vcpu(struct fz *f)
{
	static const uint32_t edge[] = { 2, 31, 0x80000000, 0xffffffff };

	if (fz_below(f, 5))
		return fz_below(f, NR_FUZZ_CPUS);
	return edge[fz_below(f, ARRAY_LEN(edge))];
}

/* A count for an array of `built` elements that ends at a guard. */
uint32_t pick_count(struct fz *f, uint32_t built)
{
	static const uint32_t edge[] = { 0, 0x7fffffff, 0x80000000,
					 0xffffffff };

	switch (fz_below(f, 10)) {
	case 0 ... 5:
		return built;
	case 6:
		return 1 + fz_below(f, built);
	case 7:
		return built + 1;
	default:
		return edge[fz_below(f, ARRAY_LEN(edge))];
	}
}

/* Pointers that must fail: NULL (our page 0 is given back at start),
 * non-canonical, hv-looking, unmapped, unbacked or read-only, and stay
 * failing for any count that starts there. */
unsigned long pick_wild(struct fz *f)
{
	static const unsigned long wild[] = {
		0,
		8,
		0xfff,
		0x0000800000000000ULL,
		0x8000000000000000ULL,
		0xffff800000000000ULL,
		0xffff830000000000ULL, /* Xen's direct map */
		0xffffffff80200000ULL,
		0xfffffffffffffff0ULL,
		0x200000000ULL, /* above the window: unmapped */
	};

	switch (fz_below(f, 5)) {
	case 0:
		return (unsigned long)f->ro + fz_below(f, 4096);
	case 1:
		return (unsigned long)f->batch + BATCH_PAGES * 4096 +
		       fz_below(f, 4096); /* the guard */
	case 2:
		/* Identity-mapped but unbacked: far above the holes we
		 * populate. (Low memory, 0xa0000 included, is RAM: a count
		 * from there would run on into our image.) */
		return (fz_ram_top_gfn + 0x1000) << 12;
	default:
		return wild[fz_below(f, ARRAY_LEN(wild))];
	}
}

/* Wild and never readable: for console writes, which would print it. */
unsigned long pick_faulting(struct fz *f)
{
	unsigned long p = pick_wild(f);

	if (p - (unsigned long)f->ro < 4096)
		return (unsigned long)f->batch + BATCH_PAGES * 4096; /* guard */
	return p;
}

/* Room in the out area; when it runs out, its last bytes again. */
void *out_alloc(struct fz *f, size_t size)
{
	size_t at = (f->out_used + 7) & ~7UL;

	if (at + size > OUT_PAGES * 4096)
		at = OUT_PAGES * 4096 - size;
	else
		f->out_used = at + size;
	memset(f->out + at, 0, size);
	return f->out + at;
}

/*
 * A pointer for a handler that only reads a structure or writes results
 * into it: mostly the out area, sometimes wild, sometimes cut to 32 bits
 * (which lands in our low memory, which nothing else uses).
 */
unsigned long pick_out(struct fz *f, size_t size)
{
	unsigned long p = (unsigned long)out_alloc(f, size);

	switch (fz_below(f, 20)) {
	case 0:
	case 1:
		return pick_wild(f);
	case 2:
		return (uint32_t)p;
	case 3:
		return (unsigned long)f->out + OUT_PAGES * 4096 - 8; /* to ro */
	default:
		return p;
	}
}

void remember_port(struct fz *f, evtchn_port_t p)
{
	f->ports[f->nports < PORT_RING ? f->nports++ : fz_below(f, PORT_RING)] =
		p;
}
