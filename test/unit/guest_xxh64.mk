# The test guests' own XXH64 (test/guests/lib/xxh64.c) against libxxhash.
UNIT_TESTS += guest_xxh64
guest_xxh64_SRCS := test/unit/test_guest_xxh64.c test/guests/lib/xxh64.c
guest_xxh64_LIBS := -lxxhash
