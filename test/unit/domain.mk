UNIT_TESTS += domain
domain_SRCS := test/unit/test_domain.c hv/common/domain.c
