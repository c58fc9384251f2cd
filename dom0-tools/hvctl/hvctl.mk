# hvctl: the toolstack (dom0-tools/hvctl, docs/toolstack.md), on Debian's
# Xen libraries. The guest layout (hv/arch/x86/pvh_layout.c, vacpi.c),
# the ELF parser (hv/common/elf.c) and mkpvh's bzImage unpacker are the
# same code the hv and mkpvh build: compiled here in their own objects,
# with the hv's headers and the ABI's, which hvctl's own files (on Xen's
# headers from libxen-dev) never include.

HVCTL_DIR    := dom0-tools/hvctl
HVCTL_OUT    := $(BUILD)/dom0-tools/hvctl.d
HVCTL        := $(BUILD)/dom0-tools/hvctl
HVCTL_SRCS   := $(addprefix $(HVCTL_DIR)/,main.c config.c build.c domains.c \
	monitor.c info.c device.c disk.c block.c vif.c netdev.c network.c perf.c \
	saved.c)
HVCTL_SHARED := hv/common/elf.c hv/arch/x86/pvh_layout.c hv/arch/x86/vacpi.c \
	$(addprefix dom0-tools/mkpvh/,err.c bzimage.c xz.c extent.c)
HVCTL_OBJS   := $(patsubst %.c,$(HVCTL_OUT)/%.o,$(HVCTL_SRCS) $(HVCTL_SHARED))
HVCTL_HDRS   := $(HVCTL_DIR)/hvctl.h dom0-tools/mkpvh/mkpvh.h hv/include/hv/elf.h \
	hv/arch/x86/include/asm/pvh_layout.h
HVCTL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-D_GNU_SOURCE -DHV_HOST_TEST -I$(SRC)/hv/include -I$(SRC)/hv/arch/x86/include

tools: $(HVCTL)

$(HVCTL_OUT)/$(HVCTL_DIR)/%.o: $(HVCTL_DIR)/%.c $(HVCTL_HDRS)
	@mkdir -p $(dir $@)
	@$(CC) $(HVCTL_CFLAGS) -c -o $@ $<

# The shared files: with the ABI's headers.
$(HVCTL_OUT)/%.o: %.c $(HVCTL_HDRS)
	@mkdir -p $(dir $@)
	@$(CC) $(HVCTL_CFLAGS) -I$(SRC)/guest-abi -c -o $@ $<

$(HVCTL): $(HVCTL_OBJS)
	@echo "  CC [tool] hvctl"
	@$(CC) -o $@ $(HVCTL_OBJS) -lxenctrl -lxenguest -lxenforeignmemory \
		-lxengnttab -lxenstore -llzma

# The demo guest's initramfs (busybox, examples/demo-init, xen-blkfront
# and xen-netfront for the disks and vifs a config gives it, iperf3, and
# frontstat for the lab kernel's counters), for /etc/hvlab/demo.cfg and
# lab.cfg in dom0.
HVCTL_DEMO_INITRD := $(BUILD)/linux/demo-initrd.cpio
$(HVCTL_DEMO_INITRD): $(MKINITRAMFS) $(HVCTL_DIR)/examples/demo-init $(FRONTSTAT) \
		$(HVCTL_DIR)/hvctl.mk | kernel
	@mkdir -p $(dir $@)
	@echo "  INITRAMFS $(patsubst $(BUILD)/%,build/%,$@)"
	@$(MKINITRAMFS) -o $@ -i $(HVCTL_DIR)/examples/demo-init \
		-m xen-blkfront -m xen-netfront -e /usr/bin/iperf3 \
		-f $(FRONTSTAT):/bin/frontstat >/dev/null

# What dom0 gets of hvctl: SRC:DST pairs for mkinitramfs -f.
HVCTL_DOM0_FILES := $(HVCTL):/usr/sbin/hvctl \
	$(HVCTL_DEMO_INITRD):/usr/lib/hvlab/guests/demo-initrd.cpio \
	$(HVCTL_DIR)/examples/demo.cfg:/etc/hvlab/demo.cfg \
	$(HVCTL_DIR)/examples/example.cfg:/etc/hvlab/example.cfg \
	$(HVCTL_DIR)/examples/lab.cfg:/etc/hvlab/lab.cfg

TEST_BUILD_EXTRA += $(HVCTL)
