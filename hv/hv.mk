# The hypervisor image: build/hv/hv.elf, and build/hvlab.iso with GRUB.

HV_OUT := $(BUILD)/hv
HV_ELF := $(HV_OUT)/hv.elf
ISO    := $(BUILD)/hvlab.iso

HV_SRCS := \
	hv/arch/x86/boot/head.S \
	hv/arch/x86/boot/trampoline.S \
	hv/arch/x86/boot/mb2.c \
	hv/arch/x86/entry.S \
	hv/arch/x86/apic.c \
	hv/arch/x86/cpu.c \
	hv/arch/x86/cpu_policy.c \
	hv/arch/x86/cpuid.c \
	hv/arch/x86/cr.c \
	hv/arch/x86/domain.c \
	hv/arch/x86/guest_walk.c \
	hv/arch/x86/hvm_save.c \
	hv/arch/x86/hypercall.c \
	hv/arch/x86/insn_decode.c \
	hv/arch/x86/insn_emulate.c \
	hv/arch/x86/io.c \
	hv/arch/x86/msr.c \
	hv/arch/x86/npf.c \
	hv/arch/x86/p2m.c \
	hv/arch/x86/paging.c \
	hv/arch/x86/pvh.c \
	hv/arch/x86/pvh_layout.c \
	hv/arch/x86/serial.c \
	hv/arch/x86/setup.c \
	hv/arch/x86/smpboot.c \
	hv/arch/x86/time.c \
	hv/arch/x86/traps.c \
	hv/arch/x86/vacpi.c \
	hv/arch/x86/vcpu.c \
	hv/arch/x86/vlapic.c \
	hv/arch/x86/svm/entry.S \
	$(sort $(wildcard hv/arch/x86/svm/*.c)) \
	hv/common/acpi.c \
	hv/common/cmdline.c \
	hv/common/compat_grant.c \
	hv/common/compat_memory.c \
	hv/common/compat_sched.c \
	hv/common/compat_time.c \
	hv/common/compat_vcpu.c \
	hv/common/compat_version.c \
	hv/common/console.c \
	hv/common/domain.c \
	hv/common/domain_console.c \
	hv/common/domctl.c \
	hv/common/elf.c \
	hv/common/evtchn.c \
	hv/common/evtchn_fifo.c \
	hv/common/frame.c \
	hv/common/grant.c \
	hv/common/grant_op.c \
	hv/common/guest_access.c \
	hv/common/heap.c \
	hv/common/hvc.c \
	hv/common/hvm_op.c \
	hv/common/hypercall.c \
	hv/common/launch.c \
	hv/common/memory.c \
	hv/common/multicall.c \
	hv/common/perfc.c \
	hv/common/mm.c \
	hv/common/page_alloc.c \
	hv/common/percpu.c \
	hv/common/platform.c \
	hv/common/sched.c \
	hv/common/schedop.c \
	hv/common/symbols.c \
	hv/common/sysctl.c \
	hv/common/time.c \
	hv/common/timer.c \
	hv/common/vcpu.c \
	hv/common/version.c \
	hv/lib/string.c \
	hv/lib/vsprintf.c

HV_OBJS := $(patsubst %,$(HV_OUT)/%.o,$(basename $(HV_SRCS)))

# Freestanding, kernel code model at -2 GiB, no red zone (interrupts use the
# same stack) and no SSE/AVX in hv code (guest FPU state stays untouched).
# Frame pointers make the call traces in exception dumps work. No jump
# tables: under QEMU an indirect jump is a hash lookup after every world
# switch (the exit dispatch's switch took two per exit), and compare
# chains cost hardware little (Linux builds without them for retpolines).
HV_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-omit-frame-pointer -fno-jump-tables \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-fno-strict-aliasing -fno-common \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
	-Wshadow -Wno-unused-parameter \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ihv/include -Ihv/arch/x86/include -Iguest-abi \
	-include $(AUTOCONF_H) -MMD -MP
HV_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-warn-rwx-segments --build-id=sha1

.PHONY: hv iso tools
hv: $(HV_ELF)
iso: $(ISO)
tools:

$(HV_OUT)/%.o: %.c $(AUTOCONF_H)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HV_CFLAGS) -c -o $@ $<

$(HV_OUT)/%.o: %.S $(AUTOCONF_H)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(HV_OUT)/hv.lds: hv/arch/x86/hv.lds.S hv/arch/x86/include/asm/layout.h
	@mkdir -p $(dir $@)
	@$(CC) -E -P -x c -Ihv/arch/x86/include -o $@ $<

# Two links: the first gives the addresses for the symbol table, the second
# adds the table in .hvsyms, which is last in the image so nothing moves.
$(HV_OUT)/syms0.S:
	@mkdir -p $(dir $@)
	@echo | scripts/gensyms.sh > $@

$(HV_OUT)/syms%.o: $(HV_OUT)/syms%.S
	@$(CC) -c -o $@ $<

$(HV_OUT)/hv.elf.0: $(HV_OBJS) $(HV_OUT)/syms0.o $(HV_OUT)/hv.lds
	@echo "  LD      $@"
	@$(LD) $(HV_LDFLAGS) -T $(HV_OUT)/hv.lds -o $@ $(HV_OBJS) $(HV_OUT)/syms0.o

$(HV_OUT)/syms1.S: $(HV_OUT)/hv.elf.0 scripts/gensyms.sh
	@nm -n $< | scripts/gensyms.sh > $@

$(HV_ELF): $(HV_OUT)/hv.elf.0 $(HV_OUT)/syms1.o
	@echo "  LD      $@"
	@$(LD) $(HV_LDFLAGS) -T $(HV_OUT)/hv.lds -o $@ $(HV_OBJS) $(HV_OUT)/syms1.o
	@nm $< | grep " [tT] " | sort > $(HV_OUT)/syms.0.txt
	@nm $@ | grep " [tT] " | sort > $(HV_OUT)/syms.1.txt
	@cmp -s $(HV_OUT)/syms.0.txt $(HV_OUT)/syms.1.txt || \
		{ echo "hv: symbol table moved code between links"; exit 1; }

$(ISO): $(HV_ELF) scripts/mkiso
	@echo "  ISO     $@"
	@scripts/mkiso -o $@ -c "$(HV_CMDLINE)" -e $(HV_ELF) >/dev/null

-include $(HV_OBJS:.o=.d)
