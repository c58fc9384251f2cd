/* SPDX-License-Identifier: MIT */
/*
 * Everything a test guest needs: include this one header.
 * See test/guests/README.md for how to write a test guest.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen.h>
#include <errno.h>
#include <event_channel.h>
#include <grant_table.h>
#include <memory.h>
#include <platform.h>
#include <sysctl.h>
#include <sched.h>
#include <vcpu.h>
#include <version.h>
#include <features.h>
#include <arch-x86/cpuid.h>
#include <hvm/hvm_op.h>
#include <hvm/params.h>
#include <hvm/start_info.h>

#include "libc.h"
#include "x86.h"
#include "hypercall.h"
#include "traps.h"
#include "report.h"
#include "xenlib.h"
#include "xxh64.h"

#endif /* GUEST_GUEST_H */
