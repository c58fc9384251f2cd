# Kconfig through Debian's kconfig-frontends. .config lives at the top;
# the generated header and auto.conf go to build/.

KCONFIG_ENV := srctree=$(SRC) KCONFIG_CONFIG=$(SRC)/.config
KCONFIG_OUT := $(BUILD)/kconfig
AUTOCONF_H  := $(BUILD)/include/generated/autoconf.h
KCONFIG_SRC := Kconfig $(wildcard */Kconfig)

.PHONY: defconfig menuconfig oldconfig

.config:
	@echo "kconfig: no .config yet, starting from configs/defconfig"
	@$(KCONFIG_ENV) kconfig-conf --defconfig=configs/defconfig Kconfig >/dev/null

defconfig:
	$(KCONFIG_ENV) kconfig-conf --defconfig=configs/defconfig Kconfig

menuconfig:
	$(KCONFIG_ENV) kconfig-mconf Kconfig

oldconfig:
	$(KCONFIG_ENV) kconfig-conf --oldconfig Kconfig

$(AUTOCONF_H): .config $(KCONFIG_SRC)
	@mkdir -p $(KCONFIG_OUT)/include/config $(dir $@)
	@cd $(KCONFIG_OUT) && $(KCONFIG_ENV) KCONFIG_AUTOHEADER=$@ \
		KCONFIG_AUTOCONFIG=$(KCONFIG_OUT)/auto.conf \
		KCONFIG_TRISTATE=$(KCONFIG_OUT)/tristate.conf \
		kconfig-conf --silentoldconfig Kconfig
