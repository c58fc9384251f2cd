# mkinitramfs (dom0-tools/mkinitramfs): busybox-static initramfs images for
# Linux guests, and `make linux-guest`: Debian's kernel (`make kernel`)
# plus build/linux/test-initrd.cpio, whose /init is test/linux/init-check.sh
# (used by test/integration/linux.sh and test/bench/linux-boot.sh).

MKINITRAMFS       := dom0-tools/mkinitramfs/mkinitramfs
LINUX_GUEST_OUT   := $(BUILD)/linux
LINUX_TEST_INITRD := $(LINUX_GUEST_OUT)/test-initrd.cpio

.PHONY: linux-guest

# blkverify (test/linux/blkverify.c): the guest's end-to-end disk data
# check, static with Debian's libxxhash.
LINUX_BLKVERIFY := $(LINUX_GUEST_OUT)/blkverify
$(LINUX_BLKVERIFY): test/linux/blkverify.c
	@mkdir -p $(dir $@)
	@echo "  CC [guest] $(patsubst $(BUILD)/%,build/%,$@)"
	@$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -o $@ $< -lxxhash

# hostile-blkfront and hostile-netfront (test/linux/hostile-*.c):
# frontends that break the blkif and netif protocols, from user space,
# static with Debian's Xen libraries.
LINUX_HOSTILE := $(LINUX_GUEST_OUT)/hostile-blkfront $(LINUX_GUEST_OUT)/hostile-netfront
$(LINUX_GUEST_OUT)/hostile-%: test/linux/hostile-%.c test/linux/hostile.h
	@mkdir -p $(dir $@)
	@echo "  CC [guest] $(patsubst $(BUILD)/%,build/%,$@)"
	@$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -D__XEN_TOOLS__ -static \
		-o $@ $< -lxenstore -lxengnttab -lxenevtchn -lxentoolcore \
		-lxentoollog -lpthread

# With xen-blkfront and blkverify for the disk checks (hvlab.blk=),
# xen-netfront and Debian's iperf3 for the network's (hvlab.net=), and
# frontstat for the lab kernel's counters (hvlab.counters=).
$(LINUX_TEST_INITRD): $(MKINITRAMFS) test/linux/init-check.sh $(LINUX_BLKVERIFY) \
		$(LINUX_HOSTILE) $(FRONTSTAT) | kernel
	@mkdir -p $(dir $@)
	@echo "  INITRAMFS $(patsubst $(BUILD)/%,build/%,$@)"
	@$(MKINITRAMFS) -o $@ -i test/linux/init-check.sh -m xen-blkfront \
		-m xen-netfront -m xen-gntalloc -m xen-evtchn -e /usr/bin/iperf3 \
		-f $(LINUX_BLKVERIFY):/bin/blkverify -f $(FRONTSTAT):/bin/frontstat \
		$(foreach h,$(LINUX_HOSTILE),-f $(h):/bin/$(notdir $(h))) >/dev/null

# The same /init for a dom0 (hvlab.dom0=1), with the modules of the Xen
# device nodes and backends it loads.
LINUX_DOM0_TEST_INITRD := $(LINUX_GUEST_OUT)/dom0-test-initrd.cpio
DOM0_TEST_MODULES := xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd \
	xen-blkback xen-netback loop bridge

$(LINUX_DOM0_TEST_INITRD): $(MKINITRAMFS) test/linux/init-check.sh | kernel
	@mkdir -p $(dir $@)
	@echo "  INITRAMFS $(patsubst $(BUILD)/%,build/%,$@)"
	@$(MKINITRAMFS) -o $@ -i test/linux/init-check.sh \
		$(addprefix -m ,$(DOM0_TEST_MODULES)) >/dev/null

linux-guest: kernel $(LINUX_TEST_INITRD) $(LINUX_DOM0_TEST_INITRD)

TEST_BUILD_EXTRA += linux-guest
