# The 32-bit test guest (protected mode), built three times, one per
# paging mode: compat32-nopg.elf (off), compat32-pse.elf (2-level, 4 MiB
# pages), compat32-pae.elf (PAE). It has no main.c, so guests.mk's
# 64-bit rule leaves it alone; its runtime is test/guests/lib32 plus the
# parts of test/guests/lib free of 64-bit ABI layouts, compiled -m32.

M32_OUT := $(GUEST_OUT)/m32
M32_CFLAGS := $(filter-out -mcmodel=small -mno-red-zone,$(GUEST_CFLAGS)) \
	-m32 -I$(GUEST_DIR)/lib32
M32_LIB := lib/printf lib/report lib/string lib/hypercall lib/setup \
	lib/bootinfo lib/xen_cpuid lib/irq lib32/entry32 lib32/traps32 lib32/udivmod
M32_SRCS := $(sort $(wildcard $(GUEST_DIR)/compat32/*.c))
M32_OBJS := $(patsubst $(GUEST_DIR)/%.c,$(M32_OUT)/%.o,$(M32_SRCS)) \
	$(addprefix $(M32_OUT)/,$(addsuffix .o,$(M32_LIB))) \
	$(M32_OUT)/compat32/.testname.o
M32_MODES := nopg:0 pse:2 pae:3
M32_ELFS := $(foreach m,$(M32_MODES),$(GUEST_OUT)/compat32-$(firstword $(subst :, ,$(m))).elf)

guests: $(M32_ELFS)
TEST_BUILD_EXTRA += $(M32_ELFS)

$(M32_OUT)/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC [guest32] $<"
	@$(CC) $(M32_CFLAGS) -c -o $@ $<

$(M32_OUT)/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  AS [guest32] $<"
	@$(CC) $(M32_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(M32_OUT)/compat32/.testname.o: $(GUEST_DIR)/lib/testname.c
	@mkdir -p $(dir $@)
	@$(CC) $(M32_CFLAGS) -DTEST_NAME='"compat32"' -c -o $@ $<

# The 64-bit link script, for the i386 output format.
$(M32_OUT)/link.ld: $(GUEST_DIR)/lib/link.ld
	@mkdir -p $(dir $@)
	@sed -e 's/elf64-x86-64/elf32-i386/' -e 's/i386:x86-64/i386/' $< >$@

define m32_rule
$(M32_OUT)/head32-$(1).o: $(GUEST_DIR)/lib32/head32.S
	@mkdir -p $$(dir $$@)
	@echo "  AS [guest32] $$< (paging $(2))"
	@$(CC) $(M32_CFLAGS) -D__ASSEMBLY__ -DGUEST_PAGING=$(2) -c -o $$@ $$<

$(GUEST_OUT)/compat32-$(1).elf: $(M32_OBJS) $(M32_OUT)/head32-$(1).o \
		$(M32_OUT)/link.ld
	@echo "  LD [guest32] $$@"
	@$(CC) -m32 $(filter-out -Wl$(comma)-T$(comma)%,$(GUEST_LDFLAGS)) \
		-Wl,-T,$(M32_OUT)/link.ld -o $$@ $(M32_OUT)/head32-$(1).o \
		$(M32_OBJS)
endef
comma := ,
$(foreach m,$(M32_MODES),$(eval $(call m32_rule,$(firstword $(subst :, ,$(m))),$(lastword $(subst :, ,$(m))))))

-include $(M32_OBJS:.o=.d)
