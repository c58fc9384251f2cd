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
# The demo `make run` boots: Debian's kernel with 2 vCPUs and a shell.
DEMO_VCPUS ?= 2
DEMO_MEM   ?= 512M
DEMO_ARGS  ?= console=hvc0 earlyprintk=xen loglevel=4 \
	      tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off quiet

.DEFAULT_GOAL := all
.PHONY: all deps help run debug test test-build bench fuzz clean distclean

include scripts/kconfig.mk
include hv/hv.mk
include $(sort $(wildcard dom0-tools/*/*.mk))
include test/test.mk

all: iso tools

help:
	@echo "make run        boot the lab in QEMU: hv + a Linux guest with a shell (installs what is missing)"
	@echo "make test       build everything and run all tests; last line: N passed, N failed"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make fuzz       fuzz hvstored and the hv's hypercalls (FUZZ_SECONDS each)"
	@echo "make iso        build/hvlab.iso (GRUB + hv)"
	@echo "make debug      boot halted with the gdbstub on :1234"
	@echo "make defconfig | menuconfig | oldconfig   Kconfig"
	@echo "variables: SMP MEM QEMU QEMU_CPU HV_CMDLINE T=<test filter>"

deps:
	@scripts/deps.sh

run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory demo-iso
	@echo "hvlab demo: Ctrl-A Ctrl-A three times switches the console input"
	@echo "between domains; Ctrl-A x leaves QEMU."
	$(QEMU) $(QEMU_FLAGS) -cdrom $(BUILD)/demo.iso

# The demo ISO: hv plus Debian's kernel and a busybox shell initramfs.
DEMO_INITRD := $(BUILD)/demo/initrd.cpio
.PHONY: demo-iso
$(DEMO_INITRD): $(MKINITRAMFS) pvops-linux-patches/initramfs/demo-init
	@mkdir -p $(dir $@)
	@$(MKINITRAMFS) -o $@ -i pvops-linux-patches/initramfs/demo-init -m xenfs

demo-iso: iso kernel $(DEMO_INITRD)
	@scripts/mkiso -o $(BUILD)/demo.iso -c "$(HV_CMDLINE)" \
		-m $(KERNEL_CACHE)/vmlinux-pvh \
		"domain name=linux mem=$(DEMO_MEM) vcpus=$(DEMO_VCPUS) -- $(DEMO_ARGS)" \
		-m $(DEMO_INITRD) "initrd for=linux"
	@echo "  ISO     $(BUILD)/demo.iso"

debug:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory iso
	@echo "gdb: gdb $(HV_ELF) -ex 'target remote :1234'"
	$(QEMU) $(QEMU_FLAGS) -cdrom $(ISO) -s -S

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -f .config .config.old
