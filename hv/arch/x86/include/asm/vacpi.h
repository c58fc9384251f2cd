/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_VACPI_H
#define ASM_VACPI_H

#include <hv/types.h>

struct domain;

/* I/O port of the guest's ACPI sleep control register (FADT). */
#define VACPI_SLEEP_CONTROL_PORT 0x1c00

/* Write the domain's ACPI tables (RSDP first) at gpa, within size bytes. */
int vacpi_build(struct domain *d, u64 gpa, size_t size);

#endif
