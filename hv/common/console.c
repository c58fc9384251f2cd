// SPDX-License-Identifier: GPL-2.0
/*
 * The hv console: formatted, levelled messages to the serial line. Lines are
 * formatted into a stack buffer first so one message is written in one go
 * under the lock, and CPUs never interleave halves of lines.
 */
#include <hv/arch.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <asm/serial.h>

int console_loglevel = CONFIG_LOGLEVEL;
static DEFINE_SPINLOCK(console_lock);
static bool console_forced;

void console_write(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}

static void console_emit(const char *s, size_t n)
{
	unsigned long flags = local_irq_save();

	if (console_forced) {
		console_write(s, n);
	} else {
		spin_lock(&console_lock);
		console_write(s, n);
		spin_unlock(&console_lock);
	}
	local_irq_restore(flags);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	char buf[512];
	int n;

	if (level > console_loglevel)
		return;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (n > 0)
		console_emit(buf, n);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

/*
 * A CPU that is about to die may have faulted while holding the lock, or
 * another CPU may hold it forever; wait a little, then write regardless:
 * a garbled line beats a silent hang.
 */
void console_force(void)
{
	for (int i = 0; i < 10000000 && spin_is_locked(&console_lock); i++)
		cpu_relax();
	console_forced = true;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	console_force();
	printk(LOG_ERR, "\nhv: PANIC: ");
	va_start(ap, fmt);
	vprintk(LOG_ERR, fmt, ap);
	va_end(ap);
	printk(LOG_ERR, "\nhv: system halted\n");
	arch_halt_all();
}
