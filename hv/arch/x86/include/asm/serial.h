/* SPDX-License-Identifier: GPL-2.0 */
/* The 16550 UART the hv logs to; console.c uses it through hv/arch.h. */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <hv/arch.h>
#include <hv/types.h>

void serial_init(u16 port, u32 baud);

#endif
