// SPDX-License-Identifier: GPL-2.0
/*
 * A domain's console output on the serial line. Each source (console_io
 * and the debug port; the console ring) is assembled into lines of its
 * own, so the two never mix within a line. Linux writes its early boot
 * messages through both (earlyprintk=xen and hvc0) until the boot console
 * is dropped: a line already printed from the other source lately is
 * skipped, so each is printed once.
 *
 * The domain with the input focus is what a person is typing into: its
 * bytes pass raw (escape sequences, carriage returns), and a partial line
 * (a prompt) is printed as soon as the domain waits for input, or after
 * PARTIAL_QUIET_NS without output. Other domains' lines are printed
 * whole, with control characters shown as '?' to keep the log readable.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/time.h>

#define PARTIAL_QUIET_NS (50ULL * 1000 * 1000)

/* FNV-1a: cheap, and collisions only cost a rare duplicate line. */
static u32 line_hash(const char *s, unsigned int n)
{
	u32 h = 2166136261U;

	for (unsigned int i = 0; i < n; i++)
		h = (h ^ (u8)s[i]) * 16777619U;
	return h | 1; /* 0 marks an empty slot */
}

/* Was this line printed from the other source lately? Then it is the
 * same message once more: forget it there and do not print it again. */
static bool seen_elsewhere(struct domain *d, enum console_source src, u32 h)
{
	struct console_line *o = &d->console.src[!src];

	for (unsigned int i = 0; i < CONSOLE_RECENT; i++)
		if (o->recent[i] == h) {
			o->recent[i] = 0;
			return true;
		}
	return false;
}

static void emit(struct domain *d, enum console_source src, bool ends_line)
{
	struct console_line *l = &d->console.src[src];
	u32 h;

	if (!l->len && !ends_line)
		return;
	if (ends_line) {
		/* A raw "\r\n" ends the line as a plain one does. */
		if (l->len && l->text[l->len - 1] == '\r')
			l->len--;
		h = line_hash(l->text, l->len);
		if (seen_elsewhere(d, src, h)) {
			l->len = 0;
			return;
		}
		l->recent[l->recent_next++ % CONSOLE_RECENT] = h;
	}
	console_domain_text(d, l->text, l->len, ends_line);
	l->len = 0;
}

void domain_console_write(struct domain *d, enum console_source src,
			  const char *s, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&d->console_lock);
	struct console_line *l = &d->console.src[src];
	bool raw = console_is_focus(d);

	for (; n; n--, s++) {
		char c = *s;

		if (c == '\n') {
			emit(d, src, true);
			continue;
		}
		if (!raw && c == '\r')
			continue;
		if (!raw && (c < 32 || c > 126) && c != '\t')
			c = '?';
		l->text[l->len++] = c;
		if (l->len == sizeof(l->text))
			emit(d, src, false);
	}
	d->console.last_ns = now_ns();
	spin_unlock_irqrestore(&d->console_lock, flags);
}

void domain_console_flush(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->console_lock);

	for (unsigned int s = 0; s < CONSOLE_SOURCES; s++)
		if (d->console.src[s].len)
			emit(d, s, true);
	spin_unlock_irqrestore(&d->console_lock, flags);
}

void domain_console_idle(struct domain *d)
{
	unsigned long flags;

	/* Called on every HLT and block: nothing to show is the rule. */
	if (!READ_ONCE(d->console.src[CONSOLE_DIRECT].len) &&
	    !READ_ONCE(d->console.src[CONSOLE_RING].len))
		return;
	if (!console_is_focus(d))
		return;
	flags = spin_lock_irqsave(&d->console_lock);
	for (unsigned int s = 0; s < CONSOLE_SOURCES; s++)
		emit(d, s, false);
	spin_unlock_irqrestore(&d->console_lock, flags);
}

/* From the tick: the focus domain has been quiet, show its prompt. */
void domain_console_tick(struct domain *d)
{
	if (now_ns() - READ_ONCE(d->console.last_ns) > PARTIAL_QUIET_NS)
		domain_console_idle(d);
}
