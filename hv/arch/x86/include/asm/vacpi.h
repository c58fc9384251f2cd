/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_VACPI_H
#define ASM_VACPI_H

#include <hv/types.h>

/* I/O port of the guest's ACPI sleep control register (FADT); the tables
 * are pvh_layout.h's vacpi_tables. */
#define VACPI_SLEEP_CONTROL_PORT 0x1c00

#endif
