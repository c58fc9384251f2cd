/* SPDX-License-Identifier: MIT */
/* Xen's own toolstack headers (Debian's libxen-dev), as the ABI test
 * compiles them: the ones Linux does not carry. */
#define __XEN_TOOLS__ 1
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/hvm/save.h>
