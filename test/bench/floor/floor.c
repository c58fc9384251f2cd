// SPDX-License-Identifier: GPL-2.0
/*
 * The floor: what QEMU's own VMRUN/#VMEXIT costs with a handler that does
 * nothing, on this machine, in this run. Booted by GRUB like the hv, with
 * the hv's boot code (head.S) and world switch (svm/entry.S, VMLOAD and
 * VMSAVE included), it runs one guest: the host's own code and page tables
 * under an identity NPT, in long mode with CR4 = PAE as the microbench
 * guest. The guest times, as the microbench does (median of 5 rounds of
 * 2000, TSC cycles), a 100-instruction ALU loop and CPUID leaf 0x40000000;
 * the host's handler only steps RIP over the CPUID. It prints
 *   FLOOR alu100 cyc=N base_x100=100
 *   FLOOR cpuid_exit cyc=N base_x100=N
 *   FLOOR done
 * on COM1. test/bench/microbench.sh boots it beside the microbench on the
 * hv and prints hvlab/floor.
 */
#include <hv/types.h>
#include <hv/compiler.h>
#include <asm/processor.h>
#include <asm/domain.h>
#include <asm/page.h>
#include "../../../hv/arch/x86/svm/vmcb.h"

#define COM1 0x3f8
#define ITERS 2000
#define ROUNDS 5

void start_hv(u32 magic, u32 mbi);
void svm_vmrun(struct guest_gprs *gprs, paddr_t vmcb_pa, paddr_t host_pa);

static struct vmcb vmcb;
static u8 hsave[4096] __aligned(4096);
static u8 host_state[4096] __aligned(4096);
/* Identity NPT for the first 4 GiB in 2 MiB pages (U: NPT walks are user
 * accesses). */
static u64 npt_pml4[512] __aligned(4096);
static u64 npt_pdpt[512] __aligned(4096);
static u64 npt_pd[4][512] __aligned(4096);
static u8 guest_stack[16384] __aligned(16);
static struct guest_gprs gprs;
static volatile u64 result_alu, result_cpuid;

static void putc_serial(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, c);
}

static void puts_serial(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_serial('\r');
		putc_serial(*s);
	}
}

static void put_u64(u64 v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	puts_serial(buf + i);
}

static inline u64 guest_rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

/* The microbench's unit: 100 dependent ALU instructions. */
static void alu_loop(void)
{
	u64 x = 1;

	for (int i = 0; i < 100; i++)
		__asm__ __volatile__("add %1, %0; imul $3, %0"
				     : "+r"(x)
				     : "r"((u64)i));
}

static void guest_cpuid(void)
{
	u32 a = 0x40000000, b, c = 0, d;

	__asm__ __volatile__("cpuid"
			     : "+a"(a), "=b"(b), "+c"(c), "=d"(d)::"memory");
}

static u64 median5(u64 *v)
{
	for (int i = 0; i < ROUNDS; i++)
		for (int j = i + 1; j < ROUNDS; j++)
			if (v[j] < v[i]) {
				u64 t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	return v[ROUNDS / 2];
}

static u64 guest_measure(void (*op)(void))
{
	u64 per[ROUNDS];

	op();
	for (int r = 0; r < ROUNDS; r++) {
		u64 t0 = guest_rdtsc();

		for (int i = 0; i < ITERS; i++)
			op();
		per[r] = (guest_rdtsc() - t0) / ITERS;
	}
	return median5(per);
}

/* The guest: both figures, then VMMCALL to say it is done. */
static void __attribute__((noreturn, used)) guest_main(void)
{
	result_alu = guest_measure(alu_loop);
	result_cpuid = guest_measure(guest_cpuid);
	for (;;)
		__asm__ __volatile__("vmmcall" ::: "memory");
}

static void seg(struct vmcb_seg *s, u16 sel, u16 attr)
{
	s->sel = sel;
	s->attr = attr;
	s->limit = 0xffffffff;
	s->base = 0;
}

static void setup(void)
{
	struct vmcb_save *s = &vmcb.save;
	struct vmcb_control *c = &vmcb.ctl;
	u64 efer = rdmsr(MSR_EFER) | EFER_SVME;

	/* Nothing may interrupt: the host has no IDT of its own. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	wrmsr(MSR_EFER, efer);
	wrmsr(MSR_VM_HSAVE_PA, __pa(hsave));
	__asm__ __volatile__("vmsave %0" ::"a"(__pa(host_state)) : "memory");

	npt_pml4[0] = __pa(npt_pdpt) | 7;
	for (int i = 0; i < 4; i++) {
		npt_pdpt[i] = __pa(npt_pd[i]) | 7;
		for (int j = 0; j < 512; j++)
			npt_pd[i][j] = (((u64)i << 30) + ((u64)j << 21)) | 0x87;
	}

	c->intercept_misc1 = SVM_INTERCEPT_INTR | SVM_INTERCEPT_NMI |
			     SVM_INTERCEPT_CPUID | SVM_INTERCEPT_HLT |
			     SVM_INTERCEPT_SHUTDOWN;
	c->intercept_misc2 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL;
	c->asid = 1;
	c->int_ctl = SVM_V_INTR_MASKING;
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = __pa(npt_pml4);
	c->tlb_control = SVM_TLB_FLUSH_ALL;

	seg(&s->cs, 0x08, 0xa9b); /* 64-bit code, as boot_gdt's */
	seg(&s->ds, 0x10, 0xc93);
	s->es = s->ss = s->fs = s->gs = s->ds;
	seg(&s->tr, 0, 0x08b);
	seg(&s->ldtr, 0, 0x082);
	s->efer = efer;
	s->cr0 = read_cr0();
	s->cr3 = read_cr3();
	s->cr4 = read_cr4();
	s->g_pat = 0x0007040600070406ULL;
	s->dr7 = 0x400;
	s->rflags = 0x2;
	s->rip = (unsigned long)guest_main;
	s->rsp = (unsigned long)(guest_stack + sizeof(guest_stack) - 8);
}

void start_hv(u32 magic, u32 mbi)
{
	u64 exits = 0;

	setup();
	for (;;) {
		vmcb.save.rax = gprs.rax;
		svm_vmrun(&gprs, __pa(&vmcb), __pa(host_state));
		gprs.rax = vmcb.save.rax;
		vmcb.ctl.tlb_control = SVM_TLB_FLUSH_NONE;
		exits++;
		if (vmcb.ctl.exit_code == SVM_EXIT_CPUID) {
			vmcb.save.rip += 2;
			continue;
		}
		if (vmcb.ctl.exit_code == SVM_EXIT_VMMCALL)
			break;
		puts_serial("FLOOR failed: exit code ");
		put_u64(vmcb.ctl.exit_code);
		puts_serial(" at rip ");
		put_u64(vmcb.save.rip);
		puts_serial("\n");
		for (;;)
			__asm__ __volatile__("cli; hlt");
	}
	puts_serial("FLOOR alu100 cyc=");
	put_u64(result_alu);
	puts_serial(" base_x100=100\nFLOOR cpuid_exit cyc=");
	put_u64(result_cpuid);
	puts_serial(" base_x100=");
	put_u64(result_cpuid * 100 / (result_alu ? result_alu : 1));
	puts_serial(" exits=");
	put_u64(exits);
	puts_serial("\nFLOOR done\n");
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
