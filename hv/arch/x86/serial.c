// SPDX-License-Identifier: GPL-2.0
/* 16550 UART, polled: the console must work with interrupts off. */
#include <asm/processor.h>
#include <asm/serial.h>

#define UART_THR 0
#define UART_RBR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03

static u16 uart;

void serial_init(u16 port, u32 baud)
{
	u16 div = baud ? 115200 / baud : 1;

	uart = port;
	outb(uart + UART_IER, 0);
	outb(uart + UART_LCR, LCR_DLAB);
	outb(uart + UART_DLL, div & 0xff);
	outb(uart + UART_DLM, div >> 8);
	outb(uart + UART_LCR, LCR_8N1);
	outb(uart + UART_FCR, 0x07); /* enable and clear FIFOs */
	outb(uart + UART_MCR, 0x03); /* DTR, RTS */
}

void serial_putc(char c)
{
	if (!uart)
		return;
	while (!(inb(uart + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(uart + UART_THR, c);
}

int serial_getc(void)
{
	if (!uart || !(inb(uart + UART_LSR) & LSR_DR))
		return -1;
	return inb(uart + UART_RBR);
}
