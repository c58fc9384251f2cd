# dom0's root file system (dom0-tools/rootfs, docs/dom0.md): Debian bookworm
# built by mkrootfs and cached under HVLAB_CACHE (rebuilt only when the
# package list or mkrootfs change), plus hvlab's overlay (init, tools,
# kernel modules, in-dom0 tests) appended as a second archive, which the
# kernel unpacks over the first.

ROOTFS_DIR       := dom0-tools/rootfs
HVLAB_CACHE      ?= $(HOME)/.cache/hvlab
DOM0_ROOTFS_KEY  := $(shell cat $(ROOTFS_DIR)/packages $(ROOTFS_DIR)/mkrootfs | sha256sum | cut -c1-12)
DOM0_ROOTFS_BASE := $(HVLAB_CACHE)/dom0-rootfs-$(DOM0_ROOTFS_KEY).cpio.lz4
DOM0_OUT         := $(BUILD)/dom0
DOM0_INITRD      := $(DOM0_OUT)/dom0.cpio
DOM0_MODULES     := xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd \
	xen-blkback xen-netback loop bridge
# Programs of hvlab's that dom0 runs, and hvctl's example guests: SRC:DST
# pairs for mkinitramfs -f. Debian's kernel (kernel.env's bzImage) goes in
# as /usr/lib/hvlab/guests/vmlinuz, the demo guest's kernel.
DOM0_FILES       := $(HVSTORED_OUT)/hvstored:/usr/sbin/hvstored \
	$(HVBLKD):/usr/sbin/hvblkd \
	$(HVCTL_DOM0_FILES)
DOM0_FILE_DEPS    = $(foreach f,$(DOM0_FILES),$(firstword $(subst :, ,$(f))))

.PHONY: dom0-rootfs dom0-initrd

$(DOM0_ROOTFS_BASE): | deps
	@mkdir -p $(dir $@)
	@echo "  ROOTFS  $@ (debootstrap, a few minutes, once)"
	@$(ROOTFS_DIR)/mkrootfs -p $(ROOTFS_DIR)/packages -o $@

dom0-rootfs: $(DOM0_ROOTFS_BASE)

$(DOM0_OUT)/overlay.cpio: $(ROOTFS_DIR)/init $(MKINITRAMFS) $(DOM0_FILE_DEPS) \
		$(shell find $(ROOTFS_DIR)/overlay -type f) | kernel
	@mkdir -p $(dir $@)
	@. $(KERNEL_CACHE)/kernel.env && \
	$(MKINITRAMFS) -B -o $@ -i $(ROOTFS_DIR)/init -d $(ROOTFS_DIR)/overlay \
		$(addprefix -m ,$(DOM0_MODULES)) $(addprefix -f ,$(DOM0_FILES)) \
		-f "$$KERNEL_VMLINUZ:/usr/lib/hvlab/guests/vmlinuz" 2>/dev/null

$(DOM0_INITRD): $(DOM0_ROOTFS_BASE) $(DOM0_OUT)/overlay.cpio
	@echo "  INITRD  $(patsubst $(BUILD)/%,build/%,$@)"
	@cat $^ >$@.tmp && mv $@.tmp $@

dom0-initrd: $(DOM0_INITRD)

TEST_BUILD_EXTRA += $(DOM0_INITRD)
