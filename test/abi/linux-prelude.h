/* SPDX-License-Identifier: MIT */
/*
 * The Linux side of the ABI conformance test: Linux's own copy of every
 * Xen interface header that guest-abi/ has a counterpart of.
 */
/* Xen's error numbers are Linux's (x86); xs_wire.h needs them too. */
#include <asm-generic/errno.h>
#include <xen/interface/xen.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/memory.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/sched.h>
#include <xen/interface/version.h>
#include <xen/interface/features.h>
#include <xen/interface/platform.h>
#include <xen/interface/elfnote.h>
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/hvm/params.h>
#include <xen/interface/hvm/hvm_vcpu.h>
#include <xen/interface/hvm/start_info.h>
#include <xen/interface/io/ring.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/netif.h>
#include <xen/interface/io/console.h>
#include <xen/interface/io/xs_wire.h>
#include <asm/xen/cpuid.h>
