# mkinitramfs (dom0-tools/mkinitramfs): busybox-static initramfs images for
# Linux guests, and `make linux-guest`: Debian's kernel (`make kernel`)
# plus build/linux/test-initrd.cpio, whose /init is test/linux/init-check.sh
# (used by test/integration/linux.sh and test/bench/linux-boot.sh).

MKINITRAMFS       := dom0-tools/mkinitramfs/mkinitramfs
LINUX_GUEST_OUT   := $(BUILD)/linux
LINUX_TEST_INITRD := $(LINUX_GUEST_OUT)/test-initrd.cpio

.PHONY: linux-guest

$(LINUX_TEST_INITRD): $(MKINITRAMFS) test/linux/init-check.sh
	@mkdir -p $(dir $@)
	@echo "  INITRAMFS $(patsubst $(BUILD)/%,build/%,$@)"
	@$(MKINITRAMFS) -o $@ -i test/linux/init-check.sh

linux-guest: kernel $(LINUX_TEST_INITRD)

TEST_BUILD_EXTRA += linux-guest
