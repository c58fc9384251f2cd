// SPDX-License-Identifier: MIT
/* The lowload checks, built at another address (guest.mk). */
#include "../lowload/main.c"
