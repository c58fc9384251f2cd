# hvblkd: the userspace block backend (dom0-tools/hvblkd,
# docs/split-drivers.md), on Debian's Xen libraries and liburing.

HVBLKD_DIR  := dom0-tools/hvblkd
HVBLKD_OUT  := $(BUILD)/dom0-tools/hvblkd.d
HVBLKD      := $(BUILD)/dom0-tools/hvblkd
HVBLKD_SRCS := $(addprefix $(HVBLKD_DIR)/,main.c xenbus.c ring.c)
HVBLKD_OBJS := $(patsubst %.c,$(HVBLKD_OUT)/%.o,$(HVBLKD_SRCS))
HVBLKD_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -D_GNU_SOURCE -D__XEN_TOOLS__

tools: $(HVBLKD)

$(HVBLKD_OUT)/%.o: %.c $(HVBLKD_DIR)/hvblkd.h
	@mkdir -p $(dir $@)
	@$(CC) $(HVBLKD_CFLAGS) -c -o $@ $<

$(HVBLKD): $(HVBLKD_OBJS)
	@echo "  CC [tool] hvblkd"
	@$(CC) -o $@ $(HVBLKD_OBJS) -lxenstore -lxenevtchn -lxengnttab -luring
