# Linked at guest-physical 0, entry point 0: a PVH kernel that loads low.
lowload_LDFLAGS := -Wl,--defsym=GUEST_LOAD_ADDR=0
lowload_CFLAGS := -DGUEST_LOAD_ADDR=0
