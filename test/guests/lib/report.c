// SPDX-License-Identifier: MIT
/* PASS/FAIL lines, the RESULT verdict and the way out of the domain. */
#include "guest.h"

static unsigned int nr_pass, nr_fail;

void test_pass(const char *name)
{
	nr_pass++;
	printf("PASS %s\n", name);
}

static void vfail(const char *name, const char *fmt, va_list ap)
{
	nr_fail++;
	printf("FAIL %s ", name);
	vprintf(fmt, ap);
	printf("\n");
}

void test_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(name, fmt, ap);
	va_end(ap);
}

void test_note_failure(void)
{
	nr_fail++;
}

unsigned int test_failures(void)
{
	return nr_fail;
}

bool __check(bool ok, const char *name, const char *expr, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		test_pass(name);
		return true;
	}
	/* fmt is " " plus the caller's format (see the check() macro). */
	if (!fmt[1]) {
		test_fail(name, "(%s) is false", expr);
		return false;
	}
	va_start(ap, fmt);
	vfail(name, fmt + 1, ap);
	va_end(ap);
	return false;
}

bool __check_eq(uint64_t a, uint64_t b, const char *name, const char *as,
		const char *bs)
{
	if (a == b) {
		test_pass(name);
		return true;
	}
	test_fail(name, "%s = %lld (%#llx), expected %s = %lld (%#llx)", as,
		  (long long)a, (unsigned long long)a, bs, (long long)b,
		  (unsigned long long)b);
	return false;
}

static const struct {
	int err;
	const char *name;
} errnos[] = {
	{ XEN_EPERM, "-XEN_EPERM" },
	{ XEN_ENOENT, "-XEN_ENOENT" },
	{ XEN_ESRCH, "-XEN_ESRCH" },
	{ XEN_EINTR, "-XEN_EINTR" },
	{ XEN_EIO, "-XEN_EIO" },
	{ XEN_ENXIO, "-XEN_ENXIO" },
	{ XEN_E2BIG, "-XEN_E2BIG" },
	{ XEN_EBADF, "-XEN_EBADF" },
	{ XEN_EAGAIN, "-XEN_EAGAIN" },
	{ XEN_ENOMEM, "-XEN_ENOMEM" },
	{ XEN_EACCES, "-XEN_EACCES" },
	{ XEN_EFAULT, "-XEN_EFAULT" },
	{ XEN_EBUSY, "-XEN_EBUSY" },
	{ XEN_EEXIST, "-XEN_EEXIST" },
	{ XEN_EXDEV, "-XEN_EXDEV" },
	{ XEN_ENODEV, "-XEN_ENODEV" },
	{ XEN_EINVAL, "-XEN_EINVAL" },
	{ XEN_ENFILE, "-XEN_ENFILE" },
	{ XEN_EMFILE, "-XEN_EMFILE" },
	{ XEN_ENOSPC, "-XEN_ENOSPC" },
	{ XEN_EROFS, "-XEN_EROFS" },
	{ XEN_ERANGE, "-XEN_ERANGE" },
	{ XEN_EDEADLK, "-XEN_EDEADLK" },
	{ XEN_ENOSYS, "-XEN_ENOSYS" },
	{ XEN_ENOTEMPTY, "-XEN_ENOTEMPTY" },
	{ XEN_ENODATA, "-XEN_ENODATA" },
	{ XEN_ETIME, "-XEN_ETIME" },
	{ XEN_EOVERFLOW, "-XEN_EOVERFLOW" },
	{ XEN_ERESTART, "-XEN_ERESTART" },
	{ XEN_EMSGSIZE, "-XEN_EMSGSIZE" },
	{ XEN_EOPNOTSUPP, "-XEN_EOPNOTSUPP" },
	{ XEN_EADDRINUSE, "-XEN_EADDRINUSE" },
	{ XEN_ENOBUFS, "-XEN_ENOBUFS" },
	{ XEN_EISCONN, "-XEN_EISCONN" },
	{ XEN_ENOTCONN, "-XEN_ENOTCONN" },
	{ XEN_ETIMEDOUT, "-XEN_ETIMEDOUT" },
};

const char *xen_errno_name(long rc)
{
	if (rc == 0)
		return "0";
	for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
		if (rc == -errnos[i].err)
			return errnos[i].name;
	return "";
}

bool __check_rc(long rc, long expected, const char *name)
{
	if (rc == expected) {
		test_pass(name);
		return true;
	}
	test_fail(name, "returned %ld %s, expected %ld %s", rc,
		  xen_errno_name(rc), expected, xen_errno_name(expected));
	return false;
}

static void print_result(void)
{
	if (nr_pass + nr_fail == 0) {
		/* A test that checked nothing proved nothing. */
		printf("FAIL %s no checks were run\n", test_name);
		nr_fail++;
	}
	if (nr_fail)
		printf("RESULT %s FAIL (%u failed)\n", test_name, nr_fail);
	else
		printf("RESULT %s PASS\n", test_name);
}

void test_fatal(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(name, fmt, ap);
	va_end(ap);
	test_finish();
}

void test_finish(void)
{
	local_irq_disable();
	print_result();
	/* exit=vcpu-down: end as a guest whose last vCPU goes offline,
	 * which Xen turns into a poweroff. */
	if (xen_present() && cmdline_get("exit") &&
	    !strcmp(cmdline_get("exit"), "vcpu-down")) {
		long rc = HYPERVISOR_vcpu_op(VCPUOP_down, 0, NULL);

		printf("FAIL shutdown VCPUOP_down(0) returned %ld %s\n", rc,
		       xen_errno_name(rc));
	}
	guest_shutdown(SHUTDOWN_poweroff);
}

void test_finish_crash(void)
{
	print_result();
	guest_shutdown(SHUTDOWN_crash);
}

void guest_shutdown(unsigned int reason)
{
	if (xen_present()) {
		struct sched_shutdown arg = { .reason = reason };
		long rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);

		printf("FAIL shutdown SCHEDOP_shutdown(%u) returned %ld %s\n",
		       reason, rc, xen_errno_name(rc));
	} else {
		uint32_t code = 1;

		if (reason == SHUTDOWN_crash)
			code = 2;
		else if (reason == SHUTDOWN_poweroff && !nr_fail)
			code = 0;
		outl(0xf4, code);
		printf("FAIL shutdown no Xen leaves and no isa-debug-exit at 0xf4\n");
	}
	printf("guest: halting with interrupts off\n");
	for (;;) {
		local_irq_disable();
		halt();
	}
}
