// SPDX-License-Identifier: GPL-2.0
/*
 * The hv console: formatted, levelled messages to the serial line. Lines are
 * formatted into a stack buffer first so one message is written in one go
 * under the lock, and CPUs never interleave halves of lines. Domains' text
 * comes through console_domain_text: the lock also guards who has a
 * partial line open on the serial line, so the next writer ends it first.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <sysctl.h>

int console_loglevel = CONFIG_LOGLEVEL;
static DEFINE_SPINLOCK(console_lock);
static bool console_forced;
/* A domain's partial line is on the serial line (under console_lock). */
static bool line_open;
static int line_domid = -1;

void console_write(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}

/* Bit 0 of the saved flags (CF: local_irq_restore looks only at IF)
 * says whether the lock was taken: console_force() may come between. */
static unsigned long console_lock_irqsave(void)
{
	unsigned long flags = local_irq_save() & ~1UL;

	if (!READ_ONCE(console_forced)) {
		spin_lock(&console_lock);
		flags |= 1;
	}
	return flags;
}

static void console_unlock_irqrestore(unsigned long flags)
{
	if (flags & 1)
		spin_unlock(&console_lock);
	local_irq_restore(flags & ~1UL);
}

/* End a domain's partial line before someone else writes. */
static void end_open_line(void)
{
	if (line_open)
		console_write("\n", 1);
	line_open = false;
	line_domid = -1;
}

/*
 * The hv's own messages are also kept in a ring, for the toolstack's
 * XEN_SYSCTL_readconsole (`xl dmesg`), as Xen's conring: the newest
 * CONRING_SIZE bytes. Domains' text goes to the serial line only.
 * Under console_lock.
 */
#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static u32 conring_prod, conring_cons; /* free-running; cons: oldest kept */

static void conring_put(const char *s, size_t n)
{
	for (; n; n--, s++)
		conring[conring_prod++ % CONRING_SIZE] = *s;
	if (conring_prod - conring_cons > CONRING_SIZE)
		conring_cons = conring_prod - CONRING_SIZE;
}

static void console_emit(const char *s, size_t n)
{
	unsigned long flags = console_lock_irqsave();

	end_open_line();
	console_write(s, n);
	conring_put(s, n);
	console_unlock_irqrestore(flags);
}

long console_read_ring(struct xen_sysctl_readconsole *op)
{
	unsigned long flags = console_lock_irqsave();
	u32 c = conring_cons, p = conring_prod, done = 0;
	char buf[256];
	long rc = 0;

	/* Xen: an index inside what is kept is where to go on from. */
	if (op->incremental && op->index - c <= p - c)
		c = op->index;
	console_unlock_irqrestore(flags);
	/* Copied in pieces without the lock (a fault must not hold it):
	 * text overwritten meanwhile by new messages is the ring's loss. */
	while (c != p && done < op->count) {
		u32 n = MIN(MIN(p - c, op->count - done), (u32)sizeof(buf));

		flags = console_lock_irqsave();
		for (u32 i = 0; i < n; i++)
			buf[i] = conring[(c + i) % CONRING_SIZE];
		console_unlock_irqrestore(flags);
		if (copy_to_guest(op->buffer.q + done, buf, n)) {
			rc = -EFAULT;
			break;
		}
		done += n;
		c += n;
	}
	if (!rc && op->clear) {
		flags = console_lock_irqsave();
		conring_cons = p - c > CONRING_SIZE ? p - CONRING_SIZE : c;
		console_unlock_irqrestore(flags);
	}
	op->count = done;
	op->index = c;
	return rc;
}

void console_domain_text(const struct domain *d, const char *s, size_t n,
			 bool ends_line)
{
	unsigned long flags = console_lock_irqsave();

	if (line_open && line_domid != d->id)
		end_open_line();
	/* One domain alone has the line to itself: no prefix. Nor has dom0,
	 * whose console this is, as on Xen. */
	if (!line_open && domains_created() > 1 && !d->privileged) {
		console_write("(", 1);
		console_write(d->name, strlen(d->name));
		console_write(") ", 2);
	}
	console_write(s, n);
	if (ends_line)
		console_write("\n", 1);
	line_open = !ends_line;
	line_domid = ends_line ? -1 : d->id;
	console_unlock_irqrestore(flags);
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
	printk(LOG_ERR, "\n");
	arch_show_stack();
	printk(LOG_ERR, "hv: system halted\n");
	arch_halt_all();
}

/*
 * console_io: every domain may write (Linux's earlyprintk=xen and
 * xen_raw_printk rely on it); reading the hv console's input is for the
 * privileged domain, and returns what has been typed and not yet read.
 */
#define CONSOLEIO_CHUNK 128

long do_console_io(u64 cmd, u64 count, u64 buf, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	char tmp[CONSOLEIO_CHUNK];

	count = (u32)count; /* cmd and count are ints in Xen */
	/* Xen's XSM check comes first: a domU may only write. */
	if ((u32)cmd != CONSOLEIO_write && !d->privileged)
		return -EPERM;
	switch ((u32)cmd) {
	case CONSOLEIO_write:
		for (u64 done = 0; done < count;) {
			size_t n = MIN(count - done, sizeof(tmp));

			if (copy_from_guest(tmp, buf + done, n))
				return -EFAULT;
			domain_console_write(d, CONSOLE_DIRECT, tmp, n);
			done += n;
			if (done < count && hypercall_preempt_check()) {
				hypercall_continue(1, count - done);
				hypercall_continue(2, buf + done);
				return 0;
			}
		}
		return 0;
	case CONSOLEIO_read: {
		u64 done = 0;
		size_t n;

		if (count > 0x7fffffff) /* INT_MAX */
			return -E2BIG;
		/* All that is waiting, up to count (Xen). */
		while (done < count &&
		       (n = console_input_read(tmp, MIN(count - done,
							sizeof(tmp))))) {
			if (copy_to_guest(buf + done, tmp, n))
				return -EFAULT;
			done += n;
		}
		return done;
	}
	}
	return -ENOSYS;
}

/*
 * Console input: bytes from the serial line, polled from CPU 0's tick.
 * They go to one domain at a time, the input focus: to its hv-served
 * console ring (hvc0), or for a dom0 that reads the hv console with
 * console_io, into input_ring with VIRQ_CONSOLE. Ctrl-A three times in a
 * row moves the focus to the next domain, as in Xen. A full buffer drops
 * new input.
 */
#define SWITCH_CHAR 0x01 /* Ctrl-A */
#define SWITCH_COUNT 3

static char input_ring[512];
static unsigned int input_prod, input_cons; /* protected by input_lock */
static DEFINE_SPINLOCK(input_lock);
static int input_focus = -1; /* domain id; -1: the first that exists */
static unsigned int switch_presses;

static struct domain *focus_domain(void)
{
	struct domain *d = input_focus >= 0 ? domain_get(input_focus) : NULL;

	if (!d) {
		d = domain_get_next(-1);
		input_focus = d ? d->id : -1;
	}
	return d;
}

static void switch_focus(void)
{
	struct domain *d = domain_get_next(input_focus);

	if (!d)
		d = domain_get_next(-1);
	input_focus = d ? d->id : -1;
	if (d) {
		printk(LOG_ERR,
		       "hv: console input to domain %u (%s); "
		       "Ctrl-A three times to switch\n",
		       d->id, d->name);
		domain_put(d);
	}
}

static void deliver_input(struct domain *d, char c)
{
	if (d->hvm_param[HVM_PARAM_CONSOLE_PFN]) {
		hvc_input(d, &c, 1);
		return;
	}
	spin_lock(&input_lock);
	if (input_prod - input_cons < sizeof(input_ring))
		input_ring[input_prod++ % sizeof(input_ring)] = c;
	spin_unlock(&input_lock);
	evtchn_send_global_virq(VIRQ_CONSOLE);
}

bool console_is_focus(const struct domain *d)
{
	struct domain *f;

	if (READ_ONCE(input_focus) >= 0)
		return READ_ONCE(input_focus) == d->id;
	f = focus_domain(); /* not chosen yet: the first domain */
	if (f)
		domain_put(f);
	return f == d;
}

void console_poll_input(void)
{
	struct domain *f;
	int c;

	f = focus_domain();
	if (f) {
		domain_console_tick(f);
		domain_put(f);
	}

	while ((c = serial_getc()) >= 0) {
		struct domain *d;

		if (c == SWITCH_CHAR && ++switch_presses == SWITCH_COUNT) {
			switch_presses = 0;
			switch_focus();
			continue;
		}
		if (c != SWITCH_CHAR)
			switch_presses = 0;
		d = focus_domain();
		if (d) {
			deliver_input(d, c);
			domain_put(d);
		}
	}
}

size_t console_input_read(char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&input_lock);
	size_t i;

	for (i = 0; i < n && input_cons != input_prod; i++)
		buf[i] = input_ring[input_cons++ % sizeof(input_ring)];
	spin_unlock_irqrestore(&input_lock, flags);
	return i;
}
