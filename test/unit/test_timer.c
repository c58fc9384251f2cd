// SPDX-License-Identifier: GPL-2.0
/*
 * hv/common/timer.c on the host, with a struct pcpu behind %gs as in the
 * hv: a timer is on exactly one list while armed, on none once stopped,
 * and fires once when due. (Two CPUs setting one timer at once, which
 * t->lock serialises, is not reproducible on demand with threads on a
 * busy 2-core host, so it is not tested here.)
 */
#include <asm/prctl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../hv/common/percpu.c"
#include "../../hv/common/timer.c"

static struct pcpu fake_cpu[1];
static u64 fake_now;
static int fired;

u64 now_ns(void)
{
	return __atomic_load_n(&fake_now, __ATOMIC_RELAXED);
}

void arch_timer_program(u64 at)
{
}

static void count(void *data)
{
	__atomic_fetch_add(&fired, 1, __ATOMIC_RELAXED);
}

static void become_cpu(unsigned int id)
{
	fake_cpu[id].self = &fake_cpu[id];
	fake_cpu[id].id = id;
	syscall(SYS_arch_prctl, ARCH_SET_GS, &fake_cpu[id]);
}

/* Walk every list (bounded: a corrupt one may loop) and count t on it. */
static unsigned int lists_holding(const struct timer *t, int *on_cpu)
{
	unsigned int n = 0;

	for (unsigned int c = 0; c < CONFIG_NR_CPUS; c++) {
		unsigned int len = 0;
		u64 last = 0;

		for (struct timer *p = percpu[c].timer.head; p; p = p->next) {
			assert_true(++len < 16);
			assert_true(p->expires >= last);
			last = p->expires;
			if (p == t) {
				n++;
				*on_cpu = c;
			}
		}
	}
	return n;
}

static void test_stop_takes_it_off(void **state)
{
	static struct timer t;
	int on = -1;

	become_cpu(0);
	timer_init(&t, count, NULL);
	timer_set(&t, 5000);
	assert_int_equal(lists_holding(&t, &on), 1);
	timer_stop(&t);
	assert_false(timer_active(&t));
	assert_int_equal(lists_holding(&t, &on), 0);
}

static void test_due_timer_fires_once(void **state)
{
	static struct timer t;

	become_cpu(0);
	fired = 0;
	timer_init(&t, count, NULL);
	timer_set(&t, 10);
	fake_now = 5;
	timers_run();
	assert_int_equal(fired, 0);
	fake_now = 10;
	timers_run();
	timers_run();
	assert_int_equal(fired, 1);
	assert_false(timer_active(&t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop_takes_it_off),
		cmocka_unit_test(test_due_timer_fires_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
