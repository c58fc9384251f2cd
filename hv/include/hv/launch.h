/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_LAUNCH_H
#define HV_LAUNCH_H

struct boot_info;

/* Build and start the domains the boot modules describe; returns how
 * many started. */
unsigned int launch_boot_domains(const struct boot_info *bi);

#endif
