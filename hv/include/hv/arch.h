/* SPDX-License-Identifier: GPL-2.0 */
/* What common code needs from the architecture (hv/arch/<arch>). */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/compiler.h>

/* Stop this CPU for good after a panic. */
void __noreturn arch_halt_all(void);

#endif
