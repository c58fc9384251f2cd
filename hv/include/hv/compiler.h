/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_COMPILER_H
#define HV_COMPILER_H

#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __noreturn __attribute__((noreturn))
#define __section(s) __attribute__((section(s)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __used __attribute__((used))
/*
 * On the exit path: linked together at the start of .text, so an exit
 * touches few code pages (each page touched after a world switch costs a
 * TLB refill under QEMU, see docs/performance.md).
 */
#define __hot __attribute__((hot, section(".text.hot")))
/*
 * What every exit runs, whatever its kind (the VMRUN loop, the dispatch,
 * the injection and yield checks, the hypercall entry): first of all, so
 * it shares one or two pages and its calls stay within a page, which
 * QEMU can chain without a lookup after the world switch.
 */
#define __exit_path __attribute__((hot, section(".text.exit_path")))
/* Read-only data every exit reads (dispatch tables): kept together at the
 * start of .rodata, so they share pages rather than each costing a TLB
 * refill after a world switch. */
#ifdef HV_HOST_TEST
/* A host program is position-independent: tables of pointers need
 * relocating, which a section named .rodata cannot hold. */
#define __hot_rodata
#else
#define __hot_rodata __attribute__((section(".rodata.hot")))
#endif
#define __unused __attribute__((unused))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define BIT64(n) (1ULL << (n))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define container_of(p, type, member) \
	((type *)((char *)(p) - __builtin_offsetof(type, member)))

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier() __asm__ __volatile__("" ::: "memory")

/*
 * IS_ENABLED(CONFIG_X): 1 if the bool option is set, else 0, usable in plain
 * C conditions so code stays compiled (and checked) in every configuration.
 */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) __is_defined(option)

#endif
