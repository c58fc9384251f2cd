UNIT_TESTS += page_alloc
page_alloc_SRCS := test/unit/test_page_alloc.c hv/common/page_alloc.c
