# frontstat (dom0-tools/frontstat): the lab kernel's per-device ring
# counters, read from sysfs inside a guest. Static, with nothing but libc,
# so that it goes into any guest's initramfs as it is.

FRONTSTAT_DIR  := dom0-tools/frontstat
FRONTSTAT      := $(BUILD)/dom0-tools/frontstat
FRONTSTAT_SRCS := $(addprefix $(FRONTSTAT_DIR)/,main.c stats.c)

tools: $(FRONTSTAT)

$(FRONTSTAT): $(FRONTSTAT_SRCS) $(FRONTSTAT_DIR)/frontstat.h
	@mkdir -p $(dir $@)
	@echo "  CC [tool] frontstat"
	@$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -static \
		-o $@ $(FRONTSTAT_SRCS)

TEST_BUILD_EXTRA += $(FRONTSTAT)
