# hvlab top-level build. `make help` lists the targets.
#
# Everything is built under build/. Each area adds itself through a small
# fragment: hv/hv.mk, dom0-tools/*/*.mk, test/test.mk, test/unit/*.mk.

SRC   := $(CURDIR)
BUILD := $(SRC)/build

# QEMU: the test platform is Debian 12's QEMU 7.2 under TCG (see README).
QEMU       ?= qemu-system-x86_64
SMP        ?= 2
MEM        ?= 2048
QEMU_CPU   ?= EPYC
QEMU_FLAGS ?= -accel tcg,thread=single -cpu $(QEMU_CPU) -smp $(SMP) -m $(MEM) -nographic \
	      -serial mon:stdio -no-reboot \
	      -device isa-debug-exit,iobase=0xf4,iosize=0x04
HV_CMDLINE ?= loglvl=info
# Boot an ISO from an AHCI CD drive: SeaBIOS reads it by DMA, three times
# faster under TCG than -cdrom's IDE drive, and boots it first
# (test/lib/common.sh: iso_drive).
iso_drive = -drive file=$(1),media=cdrom,if=none,id=cd,readonly=on \
	    -device ahci,id=ahci -device ide-cd,drive=cd,bus=ahci.0 -boot d
# The demo `make run` boots: dom0 (Debian's kernel and a Debian userland,
# dom0-tools/rootfs) with 2 vCPUs and a root shell on the console.
DEMO_VCPUS ?= 2
DEMO_MEM   ?= 1024M
DEMO_ARGS  ?= console=hvc0 earlyprintk=xen loglevel=4 clocksource=xen \
	      tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off quiet

.DEFAULT_GOAL := all
.PHONY: all deps help run debug test test-build bench fuzz clean distclean

include scripts/kconfig.mk
include hv/hv.mk
include $(sort $(wildcard dom0-tools/*/*.mk))
include pvops-linux-patches/guest-kernel.mk
include test/test.mk

all: iso tools

help:
	@echo "make run        boot the lab in QEMU: hv + dom0 (Debian) with a root shell (installs what is missing)"
	@echo "make test       build everything and run all tests; last line: N passed, N failed"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make fuzz       fuzz hvstored and the hv's hypercalls (FUZZ_SECONDS each)"
	@echo "make iso        build/hvlab.iso (GRUB + hv)"
	@echo "make guest-kernel  the lab's Linux: Debian's source + pvops-linux-patches/ (docs/guest-guide.md)"
	@echo "make debug      boot halted with the gdbstub on :1234"
	@echo "make defconfig | menuconfig | oldconfig   Kconfig"
	@echo "variables: SMP MEM QEMU QEMU_CPU HV_CMDLINE T=<test filter>"

deps:
	@scripts/deps.sh

run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory demo-iso
	@echo "hvlab: dom0's shell on this console; 'poweroff' in dom0 or Ctrl-A x"
	@echo "leaves QEMU."
	$(QEMU) $(QEMU_FLAGS) $(call iso_drive,$(BUILD)/demo.iso)

# The demo ISO: hv plus dom0 (build/dom0/dom0.cpio: Debian bookworm and
# hvlab's dom0 init, which ends in a root shell).
.PHONY: demo-iso
demo-iso: iso kernel $(DOM0_INITRD)
	@scripts/mkiso -o $(BUILD)/demo.iso -c "$(HV_CMDLINE)" \
		-m $(KERNEL_CACHE)/vmlinux-pvh \
		"domain name=dom0 mem=$(DEMO_MEM) vcpus=$(DEMO_VCPUS) dom0 -- $(DEMO_ARGS)" \
		-m $(DOM0_INITRD) "initrd for=dom0"
	@echo "  ISO     $(BUILD)/demo.iso"

debug:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory iso
	@echo "gdb: gdb $(HV_ELF) -ex 'target remote :1234'"
	$(QEMU) $(QEMU_FLAGS) $(call iso_drive,$(ISO)) -s -S

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -f .config .config.old
