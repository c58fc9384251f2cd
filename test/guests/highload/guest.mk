# The lowload checks, linked at 15.75 MiB: in a 16 MiB domain the kernel and
# its initrd take the top, so the builder must put its pages below them.
highload_LDFLAGS := -Wl,--defsym=GUEST_LOAD_ADDR=0xfc0000
highload_CFLAGS := -DGUEST_LOAD_ADDR=0xfc0000
