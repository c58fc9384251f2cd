/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit test guest: the hypercalls guest's checks made with the
 * 32-bit ABI (guest-abi/compat/), from protected mode with paging off,
 * 2-level or PAE paging (one ELF per mode, lib32/head32.S).
 *
 * shared_info is in the 32-bit layout (struct compat_shared_info) once
 * the guest has set its callback or hypercall page from 32-bit code;
 * vcpu.c checks that layout. Pending bits below port 1024 sit in the same
 * byte whatever the word size, so port_pending() reads them a byte at a
 * time.
 */
#ifndef COMPAT32_H
#define COMPAT32_H

#include "guest.h"
#include <compat/grant_table.h>
#include <compat/memory.h>
#include <compat/sched.h>
#include <compat/vcpu.h>
#include <compat/version.h>
#include <compat/xen.h>

#define SHINFO_EVTCHN_PENDING 2048 /* byte offset, both layouts */

extern domid_t self;
extern uint8_t *shinfo; /* the shared_info page, once mapped */

/* HVMOP_get_time: system time in ns. */
uint64_t now_ns(void);
bool port_pending(evtchn_port_t port);
void port_clear(evtchn_port_t port);
/* SCHEDOP_poll on one port with an absolute timeout (0: none). */
long poll_port(evtchn_port_t port, uint64_t timeout_abs);

void test_memory(void);
void test_vcpu(void);
void test_grant(void);
void test_bad_input(void);

#endif
