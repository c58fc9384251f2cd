# The floor (test/bench/floor/floor.c): a bare host that times QEMU's own
# VMRUN/#VMEXIT with a handler that does nothing, built from the hv's boot
# code and world switch so that both pay the same entry and exit.
# test/bench/microbench.sh boots it beside the microbench on the hv.
FLOOR_ELF := $(BUILD)/bench/floor.elf
FLOOR_OBJS := $(HV_OUT)/hv/arch/x86/boot/head.o \
	$(HV_OUT)/hv/arch/x86/svm/entry.o $(HV_OUT)/test/bench/floor/floor.o

$(FLOOR_ELF): $(FLOOR_OBJS) $(HV_OUT)/hv.lds
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(LD) $(HV_LDFLAGS) -T $(HV_OUT)/hv.lds -o $@ $(FLOOR_OBJS)

TEST_BUILD_EXTRA += $(FLOOR_ELF)
