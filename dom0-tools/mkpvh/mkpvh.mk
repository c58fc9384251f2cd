# mkpvh: Linux bzImage -> PVH ELF vmlinux (dom0-tools/mkpvh), and
# `make kernel`: Debian's kernel fetched into a cache outside the tree and
# converted with it. hv/common/elf.c is linked in: the tool checks its
# output with the hypervisor's own parser.

MKPVH_DIR  := dom0-tools/mkpvh
MKPVH      := $(BUILD)/dom0-tools/mkpvh
MKPVH_SRCS := $(addprefix $(MKPVH_DIR)/,mkpvh.c err.c bzimage.c xz.c extent.c) \
	hv/common/elf.c
MKPVH_HDRS := $(MKPVH_DIR)/mkpvh.h hv/include/hv/elf.h guest-abi/elfnote.h
MKPVH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-DHV_HOST_TEST -I$(SRC)/hv/include -I$(SRC)/guest-abi

KERNEL_CACHE ?= $(HOME)/.cache/hvlab

.PHONY: kernel

tools: $(MKPVH)

$(MKPVH): $(MKPVH_SRCS) $(MKPVH_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC [tool] mkpvh"
	@$(CC) $(MKPVH_CFLAGS) -o $@ $(MKPVH_SRCS) -llzma

TEST_BUILD_EXTRA += $(MKPVH)

kernel: $(MKPVH)
	@$(MKPVH_DIR)/fetch-kernel.sh "$(KERNEL_CACHE)" "$(MKPVH)"
