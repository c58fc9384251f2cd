/* SPDX-License-Identifier: GPL-2.0 */
/* Inside svm/: the SVM implementation of the vendor interface (asm/hvm.h). */
#ifndef SVM_SVM_H
#define SVM_SVM_H

#include <hv/domain.h>
#include <hv/types.h>
#include <asm/hvm.h>
#include "vmcb.h"

struct guest_gprs;
struct cr_state;

/* A vCPU's control block is its VMCB. */
static inline struct vmcb *to_vmcb(const struct vcpu *v)
{
	return v->arch.vmc;
}

/* vmcb.c */
int svm_maps_init(void);
void vmcb_init(struct vmcb *vmcb, paddr_t npt_root);
void vmcb_set_pvh_state(struct vmcb *vmcb, u64 entry);
void vmcb_set_sipi_state(struct vmcb *vmcb, u8 vector);
void vmcb_dump(const struct vmcb *vmcb);

/* entry.S: one world switch. */
void svm_vmrun(struct guest_gprs *gprs, paddr_t vmcb_pa, paddr_t host_pa);

/* run.c: the entry/exit loop and ASIDs. */
int svm_run_cpu_init(void);
void svm_run(struct vcpu *v);

/* exit.c */
void svm_handle_exit(struct vcpu *v);
void svm_inject_exception(struct vcpu *v, unsigned int vec, bool has_err,
			  u32 err);
void svm_skip_insn(struct vcpu *v, unsigned int len);

/* intr.c: events offered at entry, and whether they were taken. */
void svm_inject_events(struct vcpu *v);
void svm_note_virq_delivery(struct vcpu *v);
bool svm_has_pending(struct vcpu *v);

/* cr.c: control register and XCR0 writes, checked by ../cr.c. */
void svm_cr_state(const struct vcpu *v, struct cr_state *cs);
void svm_exit_cr_write(struct vcpu *v);
void svm_exit_xsetbv(struct vcpu *v);
/* VMEXIT_INVALID raised by a guest instruction: true if turned into the
 * guest's #GP, false if VMRUN itself refused the state. */
bool svm_invalid_exit(struct vcpu *v);

/* vcpu.c: register access and start states for the neutral code. */
int svm_vcpu_init(struct vcpu *v);
void svm_vcpu_destroy(struct vcpu *v);
u64 svm_get_rip(const struct vcpu *v);
void svm_set_rip(struct vcpu *v, u64 rip);
u64 svm_get_rflags(const struct vcpu *v);
void svm_set_rflags(struct vcpu *v, u64 rflags);
void svm_get_seg(const struct vcpu *v, enum seg_name s, struct seg_reg *r);
unsigned int svm_get_cpl(const struct vcpu *v);
void svm_set_efer(struct vcpu *v, u64 efer);
u64 svm_get_pat(const struct vcpu *v);
void svm_set_pat(struct vcpu *v, u64 pat);
u64 svm_get_tsc_offset(const struct vcpu *v);
void svm_set_pvh_state(struct vcpu *v, u64 entry);
void svm_set_sipi_state(struct vcpu *v, u8 vector);
void svm_load_context(struct vcpu *v, const struct vcpu_hvm_context *ctx);

#endif
