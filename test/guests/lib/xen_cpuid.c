// SPDX-License-Identifier: MIT
/*
 * Finding the hypervisor through its CPUID leaves. Free of ABI structures,
 * so 32-bit guests (test/guests/lib32) link it too.
 */
#include "guest.h"

static uint32_t cpuid_base;
static bool cpuid_scanned;

uint32_t xen_cpuid_base(void)
{
	uint32_t base, eax, ebx, ecx, edx;

	if (cpuid_scanned)
		return cpuid_base;
	for (base = XEN_CPUID_FIRST_LEAF; base <= XEN_CPUID_LAST_BASE;
	     base += 0x100) {
		cpuid(base, &eax, &ebx, &ecx, &edx);
		if (ebx == XEN_CPUID_SIGNATURE_EBX &&
		    ecx == XEN_CPUID_SIGNATURE_ECX &&
		    edx == XEN_CPUID_SIGNATURE_EDX && eax - base >= 2 &&
		    eax - base < 0x100) {
			cpuid_base = base;
			break;
		}
	}
	cpuid_scanned = true;
	return cpuid_base;
}

bool xen_present(void)
{
	return xen_cpuid_base() != 0;
}

uint32_t xen_cpuid_version(void)
{
	uint32_t eax, ebx, ecx, edx;

	if (!xen_present())
		return 0;
	cpuid(xen_cpuid_base() + 1, &eax, &ebx, &ecx, &edx);
	return eax;
}
