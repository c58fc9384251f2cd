/* SPDX-License-Identifier: MIT */
/* Shared by the files of the vlapic guest. */
#ifndef VLAPIC_GUEST_H
#define VLAPIC_GUEST_H

#include "guest.h"

#define VEC_GP 13

#define APIC_TPR 0x808
#define APIC_PPR 0x80a
#define APIC_EOI 0x80b
#define APIC_SVR 0x80f
#define APIC_ISR0 0x810
#define APIC_IRR0 0x820
#define APIC_ESR 0x828
#define APIC_ICR 0x830
#define APIC_LVT_TIMER 0x832
#define APIC_LVT_LINT0 0x835
#define APIC_LVT_ERROR 0x837
#define APIC_TMICT 0x838
#define APIC_TMCCT 0x839
#define APIC_TDCR 0x83e
#define APIC_SELF_IPI 0x83f
#define MSR_TSC_DEADLINE 0x6e0

#define LVT_MASKED (1U << 16)
#define TIMER_PERIODIC (1U << 17)
#define TIMER_TSC_DEADLINE (2U << 17)
#define ESR_SEND_ILLEGAL (1U << 5)
#define ESR_RECV_ILLEGAL (1U << 6)
#define ICR_SELF (1U << 18)
#define TDCR_DIV1 0xb
#define TDCR_DIV16 0x3
#define TDCR_DIV128 0xa

#define MS 1000000ULL
/* Generous: TCG on a loaded host can stall a vCPU for a long time. */
#define FIRE_BOUND_MS 2000

/* WRMSR/RDMSR that survive #GP: the vector taken, or -1. */
int wrmsr_safe(uint32_t msr, uint64_t val);
int rdmsr_safe(uint32_t msr, uint64_t *val);

/* System time (ns) from vCPU 0's pvclock. */
uint64_t now_ns(void);

/* Interrupts each test vector took, and when the last one came. */
extern volatile unsigned int hits[256];
extern volatile uint64_t hit_ns[256];
/* Counts, stamps and EOIs vectors; claims @vec. */
void count_vector(unsigned int vec);

/* Interrupts on until *count >= n or ms passed; whether it got there. */
bool wait_count(const volatile unsigned int *count, unsigned int n,
		unsigned int ms);
void sleep_ms(unsigned int ms);

static inline bool vector_bit(uint32_t base, unsigned int vec)
{
	return rdmsr(base + vec / 32) & (1U << (vec % 32));
}

void test_timer(void);

#endif
