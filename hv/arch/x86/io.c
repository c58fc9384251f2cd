// SPDX-License-Identifier: GPL-2.0
/*
 * Guest port I/O. Every port exits. Port 0xe9 (the Bochs/QEMU debug port)
 * is each domain's early console; everything else reads as all-ones with
 * writes dropped, as on a machine with nothing at that port.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <sched.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/vacpi.h>
#include <asm/vcpu.h>

#define PORT_DEBUGCON 0xe9
#define IO_STRING_MAX 4096 /* bytes per exit: longer strings restart */
#define SLP_EN (1U << 5)
#define SLP_TYP_S5 5 /* as in the DSDT's \_S5 */

void vcpu_io(struct vcpu *v, u16 port, unsigned int size, bool in, u64 *val)
{
	if (in) {
		/* 0xe9 reads back 0xe9 so guests can detect the port. */
		*val = port == PORT_DEBUGCON ? PORT_DEBUGCON : ~0ULL;
		return;
	}
	if (port == PORT_DEBUGCON) {
		char c = (char)*val;

		domain_console_write(v->domain, CONSOLE_DIRECT, &c, 1);
	} else if (port == VACPI_SLEEP_CONTROL_PORT && (*val & SLP_EN)) {
		/* ACPI S5 through the FADT sleep control register. */
		if (((*val >> 2) & 7) == SLP_TYP_S5)
			domain_shutdown(v->domain, SHUTDOWN_poweroff);
	}
}

/*
 * INS/OUTS, used by Linux's early console (rep outsb to 0xe9). The exit
 * gives no address size or segment, so we use the guest's mode: RSI/RDI
 * as 64-bit in long mode, 32-bit otherwise, with flat segments.
 */
bool vcpu_io_string(struct vcpu *v, u16 port, unsigned int size, bool in,
		    bool rep)
{
	struct guest_gprs *r = &v->arch.gprs;
	bool lma = vcpu_mode64(v);
	u64 mask = lma ? ~0ULL : 0xffffffffULL;
	u64 *ptr = in ? &r->rdi : &r->rsi;
	u64 count = rep ? (r->rcx & mask) : 1;
	int step = virt->get_rflags(v) & X86_EFLAGS_DF ? -(int)size : (int)size;
	bool fault = false;
	u64 done;

	for (done = 0; done < count && done * size < IO_STRING_MAX; done++) {
		u64 val = 0;

		if (in) {
			vcpu_io(v, port, size, true, &val);
			if ((fault = copy_to_guest(*ptr & mask, &val, size)))
				break;
		} else {
			if ((fault = copy_from_guest(&val, *ptr & mask, size)))
				break;
			vcpu_io(v, port, size, false, &val);
		}
		*ptr = (*ptr & ~mask) | ((*ptr + step) & mask);
	}
	if (rep)
		r->rcx = (r->rcx & ~mask) | ((count - done) & mask);
	/* A bad buffer ends the string (no #PF emulation); otherwise, if
	 * the limit stopped it, RIP stays on it so it runs again. */
	return fault || done == count;
}
