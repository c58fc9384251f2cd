/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_SVM_H
#define ASM_SVM_H

#include <hv/types.h>

struct vmcb;
struct guest_gprs;
struct vcpu;

int svm_maps_init(void);
void vmcb_init(struct vmcb *vmcb, paddr_t npt_root);
/* Flat 32-bit protected mode at entry (start info goes in rbx). */
void vmcb_set_pvh_state(struct vmcb *vmcb, u64 entry);
void vmcb_set_sipi_state(struct vmcb *vmcb, u8 vector);
void vmcb_dump(const struct vmcb *vmcb);

void svm_vmrun(struct guest_gprs *gprs, paddr_t vmcb_pa, paddr_t host_pa);
/* Handle the exit in v->arch.vmcb; false if the vCPU cannot continue. */
void svm_handle_exit(struct vcpu *v);
/* Event injection before VMRUN. */
void svm_inject_events(struct vcpu *v);
/* After an exit: was the virtual interrupt we offered taken? */
void svm_note_virq_delivery(struct vcpu *v);
void svm_inject_exception(struct vcpu *v, unsigned int vec, bool has_err,
			  u32 err);
/* svm/cr.c: control register and XCR0 writes, checked by cr.c. */
struct cr_state;
void svm_cr_state(struct vcpu *v, struct cr_state *cs);
void svm_exit_cr_write(struct vcpu *v);
void svm_exit_xsetbv(struct vcpu *v);
/* VMEXIT_INVALID raised by a guest instruction: true if turned into the
 * guest's #GP, false if VMRUN itself refused the state. */
bool svm_invalid_exit(struct vcpu *v);
/* Advance RIP past the instruction that exited (decoded at RIP). */
int svm_skip_insn(struct vcpu *v, unsigned int len);

#endif
