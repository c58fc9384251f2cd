// SPDX-License-Identifier: GPL-2.0
/*
 * The domain life cycle (hv/common/domain.c) against stand-ins for the
 * subsystems it calls: a domain shut down while its builder still works
 * on it (a privileged domain can do that) must stay allocated until the
 * builder drops its reference, and be freed exactly once after that.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/console.h>
#include <hv/perfc.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/grant.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <asm/vcpu.h>
#include <sched.h>

static int destroyed_domains, power_offs;
static jmp_buf power_jmp;

/* Stand-ins: each records what the life cycle asked of it. */
void *xzalloc(size_t size)
{
	return calloc(1, size);
}
void xfree(void *p)
{
	free(p);
}
void *alloc_page_zeroed(void)
{
	return calloc(1, 4096);
}
void free_pages(void *va, unsigned int order)
{
	free(va);
}
int arch_vcpu_init(struct vcpu *v)
{
	return 0;
}
void arch_vcpu_destroy(struct vcpu *v)
{
}
int arch_domain_init(struct domain *d)
{
	return 0;
}
void arch_domain_destroy(struct domain *d)
{
	destroyed_domains++;
}
int evtchn_domain_init(struct domain *d)
{
	d->evtchn = (void *)1;
	return 0;
}
void evtchn_domain_destroy(struct domain *d)
{
}
void evtchn_notify_dom_exc(void)
{
}
void evtchn_shinfo_layout(struct domain *d, bool compat)
{
}
void domain_update_wallclock(struct domain *d)
{
}
int grant_domain_init(struct domain *d)
{
	d->grant = (void *)1;
	return 0;
}
void grant_domain_destroy(struct domain *d)
{
}
void memory_domain_release(struct domain *d)
{
}
void grant_domain_release(struct domain *d)
{
}
void timer_stop(struct timer *t)
{
}
void sched_watchdog_init(struct domain *d)
{
}
void sched_watchdog_stop(struct domain *d)
{
}
void vcpu_timers_init(struct vcpu *v)
{
}
void vcpu_down(struct vcpu *v)
{
	v->state = VCPU_DOWN;
}
void perfc_domain_report(const struct domain *d)
{
}

void domain_console_flush(struct domain *d)
{
}
u64 frames_owned(void)
{
	return 0;
}
/* Never returns in the hv; here it counts and goes back to the test. */
void arch_power_off(void)
{
	power_offs++;
	longjmp(power_jmp, 1);
}

/* Let go of the power hold; the last domain gone powers off. */
static void release_power(void)
{
	power_offs = 0;
	if (!setjmp(power_jmp))
		domain_power_hold(false);
	assert_int_equal(power_offs, 1);
}
struct vcpu *current_vcpu(void)
{
	return NULL;
}
void printk(int level, const char *fmt, ...)
{
}
size_t strlcpy(char *dst, const char *src, size_t size)
{
	snprintf(dst, size, "%s", src);
	return strlen(src);
}

static struct domain *make(const char *name, bool dom0)
{
	struct domain_config cfg = { .name = name,
				     .mem_bytes = 16 << 20,
				     .nr_vcpus = 2,
				     .privileged = dom0 };
	const char *why = NULL;
	struct domain *d = domain_create(&cfg, &why);

	assert_non_null(d);
	return d;
}

/* The builder holds its own reference: a shutdown mid-build (all vCPUs
 * still down) takes the domain out of the table but does not free it. */
static void test_shutdown_while_building(void **state)
{
	struct domain *d;

	destroyed_domains = 0;
	domain_power_hold(true);
	d = make("victim", false);
	assert_int_equal(d->id, 1);
	assert_true(domain_exists(1));

	domain_shutdown(d, SHUTDOWN_poweroff); /* as remote_shutdown would */
	assert_false(domain_exists(1));
	assert_int_equal(destroyed_domains, 0);
	/* The builder goes on writing: the memory is still the domain's. */
	strcpy(d->name, "still-here");
	d->tot_pages = 4096;
	/* Starting a stopped domain's vCPU is refused by the scheduler
	 * (sched.c); here the builder just lets go. */
	domain_put(d);
	assert_int_equal(destroyed_domains, 1);
	release_power();
}

/* A failed build: discard, then the builder's put frees it once. */
static void test_discard(void **state)
{
	struct domain *d;

	destroyed_domains = 0;
	domain_power_hold(true);
	d = make("bad", false);
	domain_discard(d);
	assert_false(domain_exists(d->id));
	assert_int_equal(destroyed_domains, 0);
	domain_put(d);
	assert_int_equal(destroyed_domains, 1);
	release_power();
}

/* Normal life: started, shut down later, freed when the table lets go;
 * another user's reference (a grant mapping, a privileged caller) delays
 * the free past that. */
static void test_other_reference(void **state)
{
	struct domain *d, *r;

	destroyed_domains = 0;
	domain_power_hold(true);
	d = make("guest", false);
	domain_put(d); /* built and started */
	r = domain_get(d->id);
	assert_ptr_equal(r, d);
	domain_shutdown(d, SHUTDOWN_crash);
	assert_null(domain_get(d->id));
	assert_int_equal(destroyed_domains, 0);
	domain_put(r);
	assert_int_equal(destroyed_domains, 1);
	release_power();
}

static void test_second_dom0_refused(void **state)
{
	struct domain_config cfg = { .name = "dom0b",
				     .mem_bytes = 16 << 20,
				     .nr_vcpus = 1,
				     .privileged = true };
	const char *why = NULL;
	struct domain *d0;

	domain_power_hold(true);
	d0 = make("dom0", true);
	assert_int_equal(d0->id, 0);
	assert_null(domain_create(&cfg, &why));
	assert_string_equal(why, "there is already a dom0");
	domain_discard(d0);
	domain_put(d0);
	release_power();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shutdown_while_building),
		cmocka_unit_test(test_discard),
		cmocka_unit_test(test_other_reference),
		cmocka_unit_test(test_second_dom0_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
