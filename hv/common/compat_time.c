// SPDX-License-Identifier: GPL-2.0
/*
 * set_timer_op from 32-bit guests: the 64-bit timeout comes split over
 * two registers, low half first (EBX, ECX), as in Xen's compat ABI.
 */
#include <hv/hypercall.h>

long compat_set_timer_op(u64 lo, u64 hi, u64 a3, u64 a4, u64 a5)
{
	return do_set_timer_op((u32)lo | (hi << 32), 0, 0, 0, 0);
}
