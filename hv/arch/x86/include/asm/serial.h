/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <hv/types.h>

void serial_init(u16 port, u32 baud);
void serial_putc(char c);
/* Returns the next received byte, or -1 if none is waiting. */
int serial_getc(void);

#endif
