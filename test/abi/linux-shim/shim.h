/* SPDX-License-Identifier: MIT */
/*
 * Lets Linux's copy of the Xen interface headers (include/xen/interface,
 * arch/x86/include/asm/xen) compile in a userspace test program: the
 * kernel types and attributes they use, mapped to <stdint.h>.
 * Force-included (-include) before Linux's headers; only used by the ABI
 * conformance test.
 */
#ifndef HVLAB_ABI_LINUX_SHIM_H
#define HVLAB_ABI_LINUX_SHIM_H

#include <stdint.h>
#include <stddef.h>

typedef uint8_t u8, __u8;
typedef uint16_t u16, __u16;
typedef uint32_t u32, __u32;
typedef uint64_t u64, __u64;
typedef int8_t s8, __s8;
typedef int16_t s16, __s16;
typedef int32_t s32, __s32;
typedef int64_t s64, __s64;
typedef uint64_t __attribute__((aligned(8))) aligned_u64;
typedef _Bool bool;

#define __packed	__attribute__((__packed__))
#define __aligned(x)	__attribute__((__aligned__(x)))

#endif
