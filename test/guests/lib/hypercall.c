// SPDX-License-Identifier: MIT
/* Picks the hypercall instruction: VMMCALL on AMD/Hygon, VMCALL elsewhere. */
#include "guest.h"

/*
 * Starts as VMMCALL, the instruction of hvlab's only platform, so that a
 * hypercall made before hypercall_init() still goes the right way there.
 */
bool hypercall_use_vmcall;

void hypercall_init(void)
{
	uint32_t max, ebx, ecx, edx;

	cpuid(0, &max, &ebx, &ecx, &edx);
	/* "AuthenticAMD" and "HygonGenuine" in EBX, EDX, ECX order. */
	if ((ebx == 0x68747541 && edx == 0x69746e65 && ecx == 0x444d4163) ||
	    (ebx == 0x6f677948 && edx == 0x6e65476e && ecx == 0x656e6975))
		hypercall_use_vmcall = false;
	else
		hypercall_use_vmcall = true;
}
