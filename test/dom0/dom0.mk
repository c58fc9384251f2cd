# Tests that run inside dom0 (test/dom0): built on the host against
# Debian's libxen-dev, packed into a third archive over dom0's root
# (dom0-tools/rootfs/rootfs.mk), run by dom0's init with hvlab.test=NAME.

DOM0T_OUT    := $(BUILD)/test/dom0
DOM0T_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter
DOM0_TEST_INITRD := $(DOM0_OUT)/dom0-test.cpio

$(DOM0T_OUT)/xctest: test/dom0/xctest.c
	@mkdir -p $(dir $@)
	@echo "  CC [dom0 test] xctest"
	@$(CC) $(DOM0T_CFLAGS) -o $@ $< -lxenctrl -lxenguest -lxenforeignmemory -lxengnttab -lxenstore

$(DOM0T_OUT)/memstate: test/dom0/memstate.c
	@mkdir -p $(dir $@)
	@echo "  CC [dom0 test] memstate"
	@$(CC) $(DOM0T_CFLAGS) -o $@ $< -lxenctrl

DOM0T_FILES := test/dom0/userland.sh:/usr/lib/hvlab/test/userland \
	$(DOM0T_OUT)/xctest:/usr/lib/hvlab/test/xctest \
	$(DOM0T_OUT)/memstate:/usr/lib/hvlab/test/memstate \
	test/dom0/hvctl.sh:/usr/lib/hvlab/test/hvctl \
	test/dom0/lib.sh:/usr/lib/hvlab/test/lib.sh \
	test/dom0/net.sh:/usr/lib/hvlab/test/net \
	test/dom0/hvblkd.sh:/usr/lib/hvlab/test/hvblkd \
	$(foreach g,hello lowload highload,$(GUEST_OUT)/$(g).elf:/usr/lib/hvlab/guests/$(g).elf) \
	$(LINUX_TEST_INITRD):/usr/lib/hvlab/guests/linux-initrd.cpio

$(DOM0T_OUT)/overlay.cpio: $(MKINITRAMFS) \
		$(foreach f,$(DOM0T_FILES),$(firstword $(subst :, ,$(f))))
	@$(MKINITRAMFS) -B -o $@ $(addprefix -f ,$(DOM0T_FILES)) 2>/dev/null

$(DOM0_TEST_INITRD): $(DOM0_INITRD) $(DOM0T_OUT)/overlay.cpio
	@echo "  INITRD  $(patsubst $(BUILD)/%,build/%,$@)"
	@cat $^ >$@.tmp && mv $@.tmp $@

TEST_BUILD_EXTRA += $(DOM0_TEST_INITRD)
