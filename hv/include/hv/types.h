/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic types. gcc's <stdint.h>, <stddef.h> and <stdbool.h> are part of the
 * freestanding environment, so the hv and the host unit tests share them.
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* A host physical address, and a host page frame number. */
typedef u64 paddr_t;
typedef u64 mfn_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#endif
