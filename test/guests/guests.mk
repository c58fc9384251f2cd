# Test guests: small freestanding PVH kernels that the integration tests
# boot as domains. Every directory test/guests/<name>/ with a main.c
# (lib/ excepted) becomes $(BUILD)/test/guests/<name>.elf, linked with the
# runtime library in test/guests/lib/. All of them are part of
# `make test-build`. An optional test/guests/<name>/guest.mk may set
# <name>_CFLAGS for that guest's sources and <name>_LDFLAGS for its link.
#
# Needs SRC, BUILD and CC from the top Makefile; included by test/test.mk.

GUEST_DIR := test/guests
GUEST_OUT := $(BUILD)/test/guests

GUEST_NAMES := $(filter-out lib,$(patsubst $(GUEST_DIR)/%/main.c,%,\
	$(wildcard $(GUEST_DIR)/*/main.c)))
GUEST_ELFS  := $(addprefix $(GUEST_OUT)/,$(addsuffix .elf,$(GUEST_NAMES)))

# Identity-mapped below 4 GiB, linked at 1 MiB: the small code model
# reaches everything. No red zone (interrupts share the stack), no
# SSE (nobody enables it), no stack protector or PIC (no runtime for it).
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mcmodel=small -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-fcf-protection=none -fno-strict-aliasing -fno-common \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
	-Wno-unused-parameter \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(GUEST_DIR)/lib -Iguest-abi -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments -Wl,-T,$(GUEST_DIR)/lib/link.ld

GUEST_LIB_SRCS := $(filter-out $(GUEST_DIR)/lib/testname.c,\
	$(sort $(wildcard $(GUEST_DIR)/lib/*.c $(GUEST_DIR)/lib/*.S)))
GUEST_LIB_OBJS := $(patsubst $(GUEST_DIR)/%,$(GUEST_OUT)/%.o,\
	$(basename $(GUEST_LIB_SRCS)))

.PHONY: guests
guests: $(GUEST_ELFS)
TEST_BUILD_EXTRA += $(GUEST_ELFS)

-include $(wildcard $(GUEST_DIR)/*/guest.mk)

$(GUEST_OUT)/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC [guest] $<"
	@$(CC) $(GUEST_CFLAGS) $($(firstword $(subst /, ,$*))_CFLAGS) \
		-c -o $@ $<

$(GUEST_OUT)/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  AS [guest] $<"
	@$(CC) $(GUEST_CFLAGS) $($(firstword $(subst /, ,$*))_CFLAGS) \
		-D__ASSEMBLY__ -c -o $@ $<

# One rule per guest: its own sources, its name object, the library.
define guest_rule
$(1)_GUEST_OBJS := $$(patsubst $(GUEST_DIR)/%,$(GUEST_OUT)/%.o,$$(basename \
	$$(sort $$(wildcard $(GUEST_DIR)/$(1)/*.c $(GUEST_DIR)/$(1)/*.S))))

$(GUEST_OUT)/$(1)/.testname.o: $(GUEST_DIR)/lib/testname.c
	@mkdir -p $$(dir $$@)
	@$(CC) $(GUEST_CFLAGS) -DTEST_NAME='"$(1)"' -c -o $$@ $$<

$(GUEST_OUT)/$(1).elf: $$($(1)_GUEST_OBJS) $(GUEST_OUT)/$(1)/.testname.o \
		$(GUEST_LIB_OBJS) $(GUEST_DIR)/lib/link.ld
	@echo "  LD [guest] $$@"
	@$(CC) $$($(1)_LDFLAGS) $(GUEST_LDFLAGS) -o $$@ $$($(1)_GUEST_OBJS) \
		$(GUEST_OUT)/$(1)/.testname.o $(GUEST_LIB_OBJS)

-include $$($(1)_GUEST_OBJS:.o=.d)
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_rule,$(g))))

-include $(GUEST_LIB_OBJS:.o=.d)
