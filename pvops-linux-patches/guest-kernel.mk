# The lab's guest kernel (issue 15, docs/guest-guide.md): Debian's
# linux-source-6.1, the series in pvops-linux-patches/, its config
# fragment, ccache; scripts/guest-kernel.sh does the work and keeps
# everything under $(KERNEL_CACHE)/guest-kernel.
#   make guest-kernel        bring the tree to the series and build
#                            (incremental: an edit in the tree is rebuilt)
#   make guest-kernel-check  the series applies, without building
# make test and make bench build it first, in a make of their own
# (guest-kernel-cached: nothing to do when the series, the config and the
# source are those of the last build), so that the image rules below see
# it.

GUEST_KERNEL_PATCHES := pvops-linux-patches
GUEST_KERNEL_SH      := scripts/guest-kernel.sh
GUEST_KERNEL_PVH     := $(KERNEL_CACHE)/guest-kernel/vmlinux-pvh

# Once built, dom0's image carries it as /usr/lib/hvlab/guests/vmlinux-lab
# (/etc/hvlab/lab.cfg boots it). make run never builds it: the loop is
# edit -> make guest-kernel -> make run (docs/guest-guide.md).
ifneq ($(wildcard $(GUEST_KERNEL_PVH)),)
DOM0_FILES += $(GUEST_KERNEL_PVH):/usr/lib/hvlab/guests/vmlinux-lab
$(DOM0_OUT)/overlay.cpio: $(GUEST_KERNEL_PVH)
endif

.PHONY: guest-kernel guest-kernel-check guest-kernel-cached

guest-kernel: $(MKPVH) | kernel
	@$(GUEST_KERNEL_SH) build "$(KERNEL_CACHE)" "$(MKPVH)" $(GUEST_KERNEL_PATCHES)

guest-kernel-check: | kernel
	@$(GUEST_KERNEL_SH) check "$(KERNEL_CACHE)" "$(MKPVH)" $(GUEST_KERNEL_PATCHES)

guest-kernel-cached: $(MKPVH) | kernel
	@$(GUEST_KERNEL_SH) cached "$(KERNEL_CACHE)" "$(MKPVH)" $(GUEST_KERNEL_PATCHES)
