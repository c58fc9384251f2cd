/* SPDX-License-Identifier: GPL-2.0 */
/* What common code needs from the architecture (hv/arch/<arch>). */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/compiler.h>
#include <hv/types.h>

/* Stop this CPU for good after a panic. */
void __noreturn arch_halt_all(void);
/* Print the caller's call trace. */
void arch_show_stack(void);
/* Turn the machine off (ACPI S5); halts if that fails. */
void __noreturn arch_power_off(void);
/* The hv's serial line (x86: the 16550 UART, serial.c): one byte out;
 * the next byte received, or -1 if none is waiting. */
void serial_putc(char c);
int serial_getc(void);
/* The hv's command line as the boot loader gave it. */
const char *hv_cmdline(void);

struct domain;
struct vcpu;
struct vcpu_hvm_context;

/* A domain's and a vCPU's architecture state (the physmap, the vendor's
 * control block, the local APIC), set up and torn down with them. */
int arch_domain_init(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_init(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
/* Every vCPU of d drops its TLB before it next runs (HVMOP_flush_tlbs). */
void arch_domain_flush_tlbs(struct domain *d);
/* VCPUOP_initialise: v (down) starts from ctx when brought up. */
int arch_vcpu_initialise(struct vcpu *v, const struct vcpu_hvm_context *ctx);
/* VCPUOP_send_nmi. */
void arch_vcpu_send_nmi(struct vcpu *v);

/* XEN_SYSCTL_physinfo's CPU figures (x86: cpu.c). */
struct physinfo_cpus {
	u32 nr_cpus, max_cpu_id, cpu_khz;
	u32 hw_cap[8]; /* Xen's featureset words 0-7 */
};
void arch_physinfo_cpus(struct physinfo_cpus *p);

/* XEN_SYSCTL_get_cpu_featureset: the host's CPUID feature words in Xen's
 * featureset order, or (guest) what every guest is offered of them. */
#define CPU_FEATURESET_WORDS 14
void arch_cpu_featureset(bool guest, u32 *fs);
/* XEN_SYSCTL_get_cpu_policy, XEN_DOMCTL_get_cpu_policy and
 * set_cpu_policy (guest-abi's sysctl.h and domctl.h say what each does;
 * set fails with -EEXIST once d->creation_finished). */
struct xen_sysctl_cpu_policy;
struct xen_domctl_cpu_policy;
long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *s);
long arch_get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *c);
long arch_set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *c);

/*
 * The domain's saved state (guest-abi/hvm/save.h) for the toolstack's
 * gethvmcontext/sethvmcontext, d paused by the caller: its size in
 * bytes; written to the caller's buf (*size: bytes written); read from
 * it (size bytes). 0 or -errno (domctl.h in guest-abi says which).
 */
u32 arch_hvm_context_size(const struct domain *d);
long arch_hvm_save(struct domain *d, u64 buf, u32 *size);
long arch_hvm_load(struct domain *d, u64 buf, u32 size);
/* One record's body (gethvmcontext_partial): -EINVAL (type), -ENOENT
 * (instance), -ENOBUFS (*bufsz too small; else the bytes written). */
long arch_hvm_save_one(struct domain *d, u32 type, u32 instance, u64 buf,
		       u64 *bufsz);
/* v's state in Xen's PV layout (getvcpucontext), v not running. */
struct vcpu_guest_context;
void arch_vcpu_get_context(struct vcpu *v, struct vcpu_guest_context *g);
/* setvcpucontext's registers and FPU state for v, not running: 0 or
 * -errno (guest-abi's domctl.h says which). */
int arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *g);

#endif
