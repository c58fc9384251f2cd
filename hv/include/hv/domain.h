/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domains and their vCPUs. A domain owns its guest-physical memory (the
 * p2m, in arch_domain), its event channels (d->evtchn, evtchn.c) and grant
 * table (d->grant, grant.c). Other CPUs reach a domain only through
 * domain_get()/domain_put(), so it cannot be freed under them.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/console.h>
#include <hv/perfc.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/types.h>
#include <xen.h>
#include <memory.h>
#include <vcpu.h>
#include <hvm/params.h>
#include <asm/domain.h>

#define MAX_VCPUS 32 /* vcpu_info slots in shared_info */
#define DOMAIN_NAME_MAX 32
#define POLL_MAX_PORTS 128

enum vcpu_state {
	VCPU_DOWN, /* not started, or stopped */
	VCPU_RUNNABLE, /* on the run queue */
	VCPU_RUNNING, /* on a pCPU */
	VCPU_BLOCKED, /* waiting for an event (HLT, SCHEDOP_block/poll) */
};

struct domain;
struct evtchn_domain;
struct grant_table;

struct vcpu {
	struct domain *domain;
	unsigned int id;
	u32 perfc[NR_PERFC_VCPU]; /* perfc.h: near what every exit touches */
	/* Scheduler state, protected by the scheduler lock (sched.c). */
	enum vcpu_state state;
	struct vcpu *runq_next;
	int processor; /* pCPU it runs on, -1 when not running */
	bool want_up; /* VCPUOP_up or SIPI: make runnable once descheduled */
	bool parked; /* runnable, held off the queue: its domain is paused */
	u64 hard_affinity, soft_affinity; /* pCPU bits; vcpu_set_affinity */
	u64 slice_end;
	/* Where the guest reads this vCPU's events and time. */
	struct vcpu_info *vcpu_info;
	struct timer singleshot; /* VCPUOP_set_singleshot_timer */
	struct timer poll_timeout; /* SCHEDOP_poll */
	u64 periodic_period; /* ns, 0 = off */
	struct timer periodic;
	u64 vcpu_info_gfn; /* registered with VCPUOP_register_vcpu_info */
	u64 runstate_gva; /* VCPUOP_register_runstate_memory_area */
	bool runstate_compat; /* ... by a 32-bit caller: its layout */
	/* VCPUOP_register_vcpu_time_memory_area: a second copy of
	 * vcpu_info's time, for the guest's vDSO; rewritten when stale. */
	u64 time_area_gva;
	bool time_area_stale;
	struct vcpu_runstate_info runstate;
	bool initialised; /* has a start state: may be brought up */
	int upcall_vector; /* HVMOP_set_evtchn_upcall_vector, 0 = none */
	u32 virq_port[NR_VIRQS]; /* VIRQ bindings, owned by evtchn.c */
	u32 poll_ports[POLL_MAX_PORTS]; /* SCHEDOP_poll in progress */
	unsigned int nr_poll_ports; /* 0: not polling */
	bool poll_expired; /* the poll's timeout has passed */
	struct arch_vcpu arch;
};

enum domain_state {
	DOMAIN_RUNNING,
	DOMAIN_SHUTDOWN, /* SCHEDOP_shutdown: stopped, reason kept */
	DOMAIN_DYING, /* being torn down */
};

struct domain {
	domid_t id;
	char name[DOMAIN_NAME_MAX];
	bool privileged;
	bool in_table; /* had an id in the domain table (domain.c) */
	bool runstate_update_flag; /* VMASST_TYPE_runstate_update_flag */
	/* shared_info in the 32-bit layout (Xen's has_32bit_shinfo). */
	bool shinfo_compat;
	spinlock_t lock; /* state, shutdown_reason and _code, params */
	int refcount; /* domain_get/put; the domain list holds one */
	enum domain_state state;
	unsigned int shutdown_reason;
	int shutdown_code; /* SCHEDOP_shutdown_code's, -1 until latched */
	unsigned int nr_vcpus;
	unsigned int pause_count; /* domain_pause; under the sched lock */
	/* Started by its builder: what only a domain that has not run yet
	 * may be given (the CPU policy) is fixed. Set under lock. */
	bool creation_finished;
	/* Made by a toolstack (XEN_DOMCTL_createdomain): shut down, it stays
	 * (its memory, its state for getdomaininfo) until the toolstack
	 * destroys it, as every Xen domain does; the hv's own builds go at
	 * once. Cleared, under lock, by domain_kill. */
	bool wait_for_destroy;
	xen_domain_handle_t handle; /* the toolstack's UUID */
	u32 tsc_mode; /* XEN_TSC_MODE_* as the toolstack set it */
	struct vcpu *vcpu[MAX_VCPUS];
	struct shared_info *shared_info; /* hv-owned page */
	u64 shared_info_gfn; /* ~0 while not mapped */
	u64 hvm_param[HVM_NR_PARAMS];
	struct xen_e820_entry e820[8]; /* XENMEM_memory_map, set by the builder */
	unsigned int nr_e820;
	/* SCHEDOP_watchdog: Xen's two per domain; inuse bit n = id n + 1.
	 * Under lock. */
	struct timer watchdog[2];
	unsigned int watchdog_inuse;
	u64 max_pages; /* ceiling for populate/increase_reservation */
	u64 tot_pages; /* guest RAM pages owned */
	u64 outstanding_pages; /* claimed, not yet populated (memory.c) */
	struct evtchn_domain *evtchn;
	struct grant_table *grant;
	spinlock_t console_lock; /* console (domain_console.c) */
	spinlock_t hvc_lock; /* the console ring's indexes (hvc.c) */
	struct domain_console console;
	struct arch_domain arch;
};

struct domain_config {
	const char *name;
	u64 mem_bytes;
	unsigned int nr_vcpus;
	bool privileged;
	domid_t id; /* wanted (below MAX_DOMAINS); 0: the first free */
};

#define MAX_DOMAINS 64 /* ids 0 (dom0) to 63 */

/* Create a domain with its vCPUs (all down) and empty memory. It is
 * returned with a reference of the caller's own, dropped with domain_put
 * once the domain is built and started: a privileged domain may shut it
 * down meanwhile, but cannot free it under its builder. */
struct domain *domain_create(const struct domain_config *cfg, const char **why);
/* Look up a domain by id (DOMID_SELF means the caller's) and take a
 * reference; NULL if there is none or it is dying. */
struct domain *domain_get(domid_t id);
void domain_put(struct domain *d);
/* May cur act on d? Xen's dummy XSM policy for XSM_TARGET: on itself,
 * or on any domain when privileged. */
static inline bool domain_controls(const struct domain *cur,
				   const struct domain *d)
{
	return d == cur || cur->privileged;
}
/* The domain a hypercall's domid argument names, with a reference: the
 * caller's own (DOMID_SELF or its id), or another for the privileged. As
 * in Xen, a domain that does not exist is -ESRCH before any -EPERM; NULL
 * with *rc set if refused. */
struct domain *domain_get_target(struct domain *cur, domid_t id, long *rc);
/* Another reference on a domain the caller already holds one on (works
 * on a dying domain, unlike domain_get). */
void domain_hold(struct domain *d);
/* Stop the domain for reason (SHUTDOWN_*); the last one powers off. */
/*
 * Latch shared_info's layout from the mode of the guest's own call (Xen
 * samples it at HVM_PARAM_CALLBACK_IRQ and the hypercall page, among the
 * first things PV drivers do), and rewrite the wall clock in it.
 */
void domain_latch_shinfo_mode(struct domain *d, bool compat);
void domain_shutdown(struct domain *d, unsigned int reason);
/* XEN_DOMCTL_destroydomain: the domain goes as soon as no vCPU of it runs,
 * shut down (as poweroff) first if it was not. */
void domain_kill(struct domain *d);
/* Its builder (the hv's or the toolstack's) has started it. */
void domain_creation_finished(struct domain *d);
/* Drop a domain that was created but never started (failed build); the
 * caller still drops its own reference. */
void domain_discard(struct domain *d);
/* While held, the last domain going away does not power the machine
 * off; releasing the hold powers off if no domain is left. */
void domain_power_hold(bool hold);
/* A guest did something fatal: log why and tear it down. */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);
bool domain_exists(domid_t id);
/* The live domain with the lowest id above after (-1: the first), with
 * a reference, or NULL. */
struct domain *domain_get_next(int after);
/* fn on every live domain in id order, each held while fn runs. */
void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg);
/* Number of domains not yet shut down. */
unsigned int domains_alive(void);
/* Number of domains created since boot. */
unsigned int domains_created(void);

/* The vCPU running on this pCPU, or NULL in the hv's own context. */
struct vcpu *current_vcpu(void);
#define current_domain() (current_vcpu()->domain)

/* Runstate bookkeeping (vcpu.c), driven by the scheduler. */
void vcpu_runstate_change(struct vcpu *v, int state);
void vcpu_runstate_sync(struct vcpu *v);
void vcpu_runstate_publish(struct vcpu *v);
void vcpu_register_runstate(struct vcpu *v, u64 gva, bool compat);
/* The runstate in a 32-bit guest's layout (compat_vcpu.c). */
struct compat_vcpu_runstate_info;
void compat_runstate_info(const struct vcpu_runstate_info *r,
			  struct compat_vcpu_runstate_info *c);
/* memory.c: the guest freed gfn; forget vcpu_info registrations on it. */
void vcpu_info_released(struct domain *d, u64 gfn);

/* sched.c calls this when v has left its pCPU. */
void domain_vcpu_stopped(struct vcpu *v);

#endif
