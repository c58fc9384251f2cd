/* SPDX-License-Identifier: MIT */
/*
 * The hostile guest's pieces: the argument "window" (window.c), value
 * pickers aimed at the edges of what handlers check (pick.c), the call
 * generators per hypercall family (calls.c, grant.c) and the coverage
 * table (cov.c). See main.c for the rules that keep this guest alive.
 */
#ifndef HCFUZZ_FUZZ_H
#define HCFUZZ_FUZZ_H

#include "guest.h"

#define NR_FUZZ_CPUS 2
#define PORT_RING 32
#define MAP_RING 32
#define NR_REFS 32 /* grant entries 1..NR_REFS-1 are filled by us */
#define VICTIM_PAGES 64

/*
 * Per-vCPU areas, seen through the window (virtual addresses above
 * 4 GiB, window.c). Each ends at a page the hv cannot write: an unmapped
 * guard (batch, mc) or a read-only page and then a guard (out). Batches
 * and lists are built so that they end exactly at their guard, so a
 * count larger than what was built runs into -EFAULT, never into memory
 * this guest lives on.
 */
#define BATCH_PAGES 4
#define OUT_PAGES 4
#define MC_PAGES 2

struct call {
	unsigned long nr, a[5];
	/* For after_call() and coverage: a batch's ops and where each one's
	 * status is, a port the call returns, a multicall's entries. */
	uint8_t *ops;
	unsigned int nops, op_size, status_off;
	bool is_map, is_unmap;
	evtchn_port_t *port_out;
	struct multicall_entry *entries;
};

#define MC_MAX 6

struct fz {
	unsigned int cpu;
	uint64_t rng;
	uint8_t *batch, *out, *mc; /* area starts (window addresses) */
	uint8_t *ro; /* the read-only page after out */
	size_t out_used; /* bump allocator in out, reset per call */
	bool nested; /* building a multicall's entries */
	bool batch_used; /* the batch area holds this call's array */
	struct call mc_calls[MC_MAX];
	evtchn_port_t ports[PORT_RING];
	unsigned int nports;
	struct {
		uint32_t handle;
		uint64_t addr;
	} maps[MAP_RING];
	unsigned int nmaps;
};

/* Globals set up by main.c before the fuzzing starts. */
extern domid_t fz_self, fz_peer;
extern uint64_t fz_ram_top_gfn; /* first gfn above our RAM */
extern uint8_t fz_victims[VICTIM_PAGES * 4096];
extern uint8_t fz_gnt_page[4096], fz_shinfo_page[4096];

/* pick.c */
uint64_t fz_next(struct fz *f);
unsigned long fz_below(struct fz *f, unsigned long n);
bool fz_one_in(struct fz *f, unsigned long n);
uint64_t pick_gfn_any(struct fz *f);
uint64_t pick_gfn_safe(struct fz *f); /* never RAM we live on */
uint64_t pick_victim_gfn(struct fz *f, unsigned int order);
uint32_t pick_port(struct fz *f);
uint32_t pick_ref(struct fz *f);
domid_t pick_domid(struct fz *f);
uint32_t pick_vcpu(struct fz *f);
uint32_t pick_count(struct fz *f, uint32_t built);
unsigned long pick_wild(struct fz *f);
unsigned long pick_faulting(struct fz *f);
void *out_alloc(struct fz *f, size_t size);
unsigned long pick_out(struct fz *f, size_t size);
void remember_port(struct fz *f, evtchn_port_t p);

/* window.c */
void window_init(void);
void window_areas(struct fz *f);

/* calls.c, grant.c */
void gen_call(struct fz *f, struct call *c);
void gen_grant(struct fz *f, struct call *c);
void gen_memory(struct fz *f, struct call *c);
void after_call(struct fz *f, const struct call *c, long rc);
void grant_refresh(void);

/* cov.c */
void cov_count(unsigned int cpu, const struct call *c, long rc);
void cov_count_status(unsigned int cpu, const struct call *c);
void cov_report(void);

#endif /* HCFUZZ_FUZZ_H */
