// SPDX-License-Identifier: MIT
/* From head.S to test_main() and, when it returns, to the verdict. */
#include "guest.h"

void __noreturn guest_start(void);
void __noreturn guest_start(void)
{
	traps_init();
	hypercall_init();
	start_info_init();

	if (xen_present()) {
		uint32_t v = xen_cpuid_version();

		printf("guest: %s: Xen %u.%u at CPUID %#x, %s\n", test_name,
		       v >> 16, v & 0xffff, xen_cpuid_base(),
		       hypercall_use_vmcall ? "vmcall" : "vmmcall");
	} else {
		printf("guest: %s: no Xen CPUID leaves, not running under a "
		       "Xen-ABI hypervisor\n", test_name);
	}

	test_main();
	test_finish();
}
