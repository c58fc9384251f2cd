/* SPDX-License-Identifier: GPL-2.0 */
/* What common code needs from the architecture (hv/arch/<arch>). */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/compiler.h>

/* Stop this CPU for good after a panic. */
void __noreturn arch_halt_all(void);
/* Print the caller's call trace. */
void arch_show_stack(void);
/* Turn the machine off (ACPI S5); halts if that fails. */
void __noreturn arch_power_off(void);
/* The hv's command line as the boot loader gave it. */
const char *hv_cmdline(void);

#endif
