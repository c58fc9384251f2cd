/* SPDX-License-Identifier: GPL-2.0 */
/* Guest-visible time (common/time.c) and what it needs from the arch. */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

struct vcpu;
struct domain;

struct pvclock_params {
	u64 tsc; /* a TSC reading ... */
	u64 system_time; /* ... and the system time (ns) it stands for */
	u32 mul; /* ns = ((tsc_delta << shift) * mul) >> 32 */
	s8 shift; /* (a right shift when negative) */
};

void arch_pvclock_params(struct pvclock_params *p);
/* Wall-clock time (since 1970) at system time 0. */
void arch_wallclock_at_boot(u64 *sec, u64 *nsec);

void vcpu_update_time(struct vcpu *v);
void vcpu_register_time_area(struct vcpu *v, u64 gva);
/* On the vCPU's own pCPU: bring its registered time area up to date. */
void vcpu_time_area_publish(struct vcpu *v);
void domain_update_wallclock(struct domain *d);
/* XENPF_settime*: the wall clock read secs.nsecs at system time
 * system_time; every domain's shared_info follows. */
void wallclock_set(u64 secs, u32 nsecs, u64 system_time);
void vcpu_timers_init(struct vcpu *v);
/* VCPUOP_{set,stop}_{singleshot,periodic}_timer on v. */
long vcpu_timer_op(struct vcpu *v, int cmd, u64 arg);

#endif
