#!/bin/bash
# SPDX-License-Identifier: MIT
# guest-abi/ conformance:
#   abi/abi-check      guest-abi/abi-check.c's static asserts hold
#   abi/standalone     every header compiles on its own, freestanding and
#                      hosted, warning-free; every header has its SPDX line
#   abi/<header>       every struct layout and constant that both we and
#                      Linux's copy of the Xen interface define agrees
#                      (test/abi/README.md explains how)
#   abi/coverage       enough items were compared
#   abi-xen/<header>   the toolstack headers Linux does not carry
#                      (domctl.h, sysctl.h, hvm/save.h) against Xen's own, from
#                      Debian's libxen-dev (/usr/include/xen)
#   abi32/compat/<header>  every 32-bit layout (guest-abi/compat/) agrees
#                      with Linux's headers compiled -m32 (CONFIG_X86_32)
#   abi32/same-both-builds  guest-abi/compat/ lays out the same in the
#                      64-bit hv and in a -m32 guest
#   abi/ring-equivalence  io/ring.h's macros behave exactly as Linux's on
#                      the same workload (test/abi/ring-*.c)
#   abi/selftest       a copy of guest-abi/ with two deliberate ABI errors
#                      is caught, item by item
set -u
cd "$(dirname "$0")/../.."
SRC=$PWD
BUILD=${BUILD:-$SRC/build}
OUT=$BUILD/test/abi
ABI=$SRC/test/abi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CC=${CC:-gcc}
mkdir -p "$OUT"
status=0
fail() { echo "FAIL $1"; status=1; }

# --- compile-time checks -------------------------------------------------
if $CC -std=gnu11 -ffreestanding -Wall -Wextra -Werror -c \
	guest-abi/abi-check.c -o "$OUT/abi-check.o" 2>"$OUT/abi-check.log"; then
	echo "PASS abi/abi-check"
else
	fail "abi/abi-check: static asserts failed, see $OUT/abi-check.log"
	sed 's/^/    | /' "$OUT/abi-check.log" | head -20
fi

mapfile -t headers < <(cd guest-abi && find . -name '*.h' | sed 's|^\./||' | sort)
bad=0
for h in "${headers[@]}"; do
	head -n1 "guest-abi/$h" | grep -q 'SPDX-License-Identifier: MIT' || {
		fail "abi/standalone: guest-abi/$h lacks the SPDX MIT line"
		bad=1
	}
	for mode in "-ffreestanding" "-D_GNU_SOURCE"; do
		if ! echo "#include \"$h\"" | $CC -std=gnu11 $mode -Wall -Wextra \
			-Werror -Iguest-abi -fsyntax-only -x c - \
			>"$OUT/standalone.log" 2>&1; then
			fail "abi/standalone: guest-abi/$h ($mode) does not compile alone"
			sed 's/^/    | /' "$OUT/standalone.log" | head -10
			bad=1
		fi
	done
done
[ $bad -eq 0 ] && echo "PASS abi/standalone: ${#headers[@]} headers"

# --- Linux's side --------------------------------------------------------
LINUX=$(ls -d /usr/src/linux-headers-*-common 2>/dev/null | sort -V | tail -n1)
if [ -z "$LINUX" ] || [ ! -d "$LINUX/include/xen/interface" ]; then
	fail "abi/linux: no /usr/src/linux-headers-*-common (Debian package linux-headers-amd64; make deps)"
	exit 1
fi
echo "# comparing with $LINUX"
LFLAGS=(-include "$ABI/linux-shim/shim.h" -I"$ABI/linux-shim"
	-I"$LINUX/include" -I"$LINUX/arch/x86/include" -I"$LINUX/include/uapi")
DFLAGS=(-std=gnu11 -w -O0 -gdwarf-4 -fno-eliminate-unused-debug-types)

# scan_ours DIR PREFIX: our layouts and macro values into PREFIX.items
# (the 64-bit ABI: compat/ holds the 32-bit layouts, compared below)
scan_ours() {
	local dir=$1 pre=$2
	(cd "$dir" && find . -name '*.h' -not -path './compat/*' |
		sed 's|^\./||' | sort |
		sed 's|.*|#include "&"|') >"$pre-prelude.h"
	$CC "${DFLAGS[@]}" -ffreestanding -I"$dir" -c -x c "$pre-prelude.h" \
		-o "$pre.o" || return 1
	$PY "$ABI/abiscan.py" layout "$pre.o" "$dir" >"$pre.layout" || return 1
	$CC -std=gnu11 -ffreestanding -I"$dir" -E -dD -x c "$pre-prelude.h" \
		>"$pre.i" || return 1
	$PY "$ABI/abiscan.py" macros "$pre.i" "$dir" >"$pre.names" || return 1
	$PY "$ABI/abiscan.py" probe "$pre.names" "$pre-prelude.h" \
		"$pre-probe" -std=gnu11 -I"$dir" >"$pre.consts" || return 1
	cat "$pre.layout" "$pre.consts" >"$pre.items"
}

# scan_ref PRELUDE DIR NAMES PREFIX [CFLAGS...]: a reference copy of the
# interface (the headers PRELUDE includes, declared under DIR): its
# layouts and its values of the macros in NAMES (already in its spelling)
scan_ref() {
	local prelude=$1 dir=$2 names=$3 pre=$4
	shift 4
	cp "$prelude" "$pre-prelude.h"
	$CC "${DFLAGS[@]}" "$@" -c -x c "$pre-prelude.h" -o "$pre.o" ||
		return 1
	$PY "$ABI/abiscan.py" layout "$pre.o" "$dir" >"$pre.layout" || return 1
	$PY "$ABI/abiscan.py" probe "$names" "$pre-prelude.h" \
		"$pre-probe" -std=gnu11 "$@" >"$pre.consts" || return 1
	cat "$pre.layout" "$pre.consts" >"$pre.items"
}

# scan_linux NAMES PREFIX: Linux's layouts and its values of our macros
scan_linux() {
	$PY "$ABI/compare.py" --map "$ABI/aliases" <"$1" >"$2.names" &&
		scan_ref "$ABI/linux-prelude.h" "$LINUX" "$2.names" "$2" \
			"${LFLAGS[@]}"
}

if ! scan_ours "$SRC/guest-abi" "$OUT/ours" 2>"$OUT/scan.log"; then
	fail "abi/scan: extracting our items failed, see $OUT/scan.log"
	sed 's/^/    | /' "$OUT/scan.log" | tail -20
	exit 1
fi
if ! scan_linux "$OUT/ours.names" "$OUT/linux" 2>"$OUT/scan.log"; then
	fail "abi/scan: extracting Linux's items failed, see $OUT/scan.log"
	sed 's/^/    | /' "$OUT/scan.log" | tail -20
	exit 1
fi
# The toolstack's headers are compared with Xen's own below, not Linux's.
TOOLS_RE='^(domctl|sysctl|hvm/save|arch-x86/hvm/save)\.h	'
linux_side() { grep -vE "$TOOLS_RE" "$1"; }
linux_side "$OUT/ours.items" >"$OUT/ours-linux.items"
$PY "$ABI/compare.py" "$OUT/ours-linux.items" "$OUT/linux.items" \
	"$ABI/aliases" "$ABI/known-diffs" abi >"$OUT/compare.log"
rc=$?
grep -E '^(PASS|FAIL) ' "$OUT/compare.log"
echo "# details (known differences, items only we define): $OUT/compare.log"
[ $rc -eq 0 ] || status=1

# --- Xen's toolstack headers (libxen-dev) --------------------------------
XENINC=/usr/include/xen
if [ ! -f "$XENINC/domctl.h" ]; then
	fail "abi-xen/headers: no $XENINC/domctl.h (Debian package libxen-dev; make deps)"
else
	pre=$OUT/xen
	grep -E "$TOOLS_RE" "$OUT/ours.names" >"$pre.names"
	if scan_ref "$ABI/xen-prelude.h" "$XENINC" "$pre.names" "$pre" \
		2>"$OUT/scanxen.log"; then
		grep -E "$TOOLS_RE" "$OUT/ours.items" >"$OUT/ours-xen.items"
		$PY "$ABI/compare.py" "$OUT/ours-xen.items" "$pre.items" \
			"$ABI/aliases-xen" "$ABI/known-diffs-xen" abi-xen 60 \
			>"$OUT/compare-xen.log"
		rc=$?
		grep -E '^(PASS|FAIL) ' "$OUT/compare-xen.log"
		[ $rc -eq 0 ] || status=1
	else
		fail "abi-xen/scan: extracting Xen's items failed, see $OUT/scanxen.log"
		sed 's/^/    | /' "$OUT/scanxen.log" | tail -20
	fi
fi

# --- 32-bit layouts: guest-abi/compat/ against Linux built -m32 ---------
# Ours are compiled as the hv sees them (x86-64) and as a 32-bit guest
# does (-m32): the fixed-width types must give the same bytes in both.
# scan_compat DIR PREFIX [CFLAGS...]: DIR/compat's layouts into PREFIX.items
scan_compat() {
	local dir=$1 pre=$2
	shift 2
	(cd "$dir" && ls compat/*.h | sed 's|.*|#include "&"|') \
		>"$pre-prelude.h"
	$CC "${DFLAGS[@]}" -ffreestanding "$@" -I"$dir" -c -x c \
		"$pre-prelude.h" -o "$pre.o" || return 1
	$PY "$ABI/abiscan.py" layout "$pre.o" "$dir" |
		grep '^compat/' >"$pre.items"
}
if scan_compat "$SRC/guest-abi" "$OUT/ours32" 2>"$OUT/scan32.log" &&
   scan_compat "$SRC/guest-abi" "$OUT/ours32-m32" -m32 2>>"$OUT/scan32.log" &&
   $CC "${DFLAGS[@]}" -ffreestanding -m32 -DCONFIG_X86_32 "${LFLAGS[@]}" \
	-c -x c "$ABI/linux-prelude.h" -o "$OUT/linux32.o" 2>>"$OUT/scan32.log" &&
   $PY "$ABI/abiscan.py" layout "$OUT/linux32.o" "$LINUX" \
	>"$OUT/linux32.items" 2>>"$OUT/scan32.log"; then
	if cmp -s "$OUT/ours32.items" "$OUT/ours32-m32.items"; then
		echo "PASS abi32/same-both-builds: $(wc -l <"$OUT/ours32.items") items"
	else
		fail "abi32/same-both-builds: guest-abi/compat/ differs between x86-64 and -m32"
		diff "$OUT/ours32.items" "$OUT/ours32-m32.items" | head -10 | sed 's/^/    | /'
	fi
	cat "$ABI/aliases32" "$ABI/aliases" >"$OUT/aliases32"
	$PY "$ABI/compare.py" "$OUT/ours32.items" "$OUT/linux32.items" \
		"$OUT/aliases32" "$ABI/known-diffs32" abi32 40 >"$OUT/compare32.log"
	rc=$?
	grep -E '^(PASS|FAIL) ' "$OUT/compare32.log"
	[ $rc -eq 0 ] || status=1
else
	fail "abi32/scan: extracting the 32-bit layouts failed, see $OUT/scan32.log"
	sed 's/^/    | /' "$OUT/scan32.log" | tail -20
fi

# --- io/ring.h behaves as Linux's ring.h ----------------------------------
if $CC -std=gnu11 -O2 -Wall -Wextra -Werror -Iguest-abi -c \
	"$ABI/ring-ours.c" -o "$OUT/ring-ours.o" 2>"$OUT/ring.log" &&
   $CC -std=gnu11 -O2 -w "${LFLAGS[@]}" -c "$ABI/ring-linux.c" \
	-o "$OUT/ring-linux.o" 2>>"$OUT/ring.log" &&
   $CC -std=gnu11 -O2 -Wall -Wextra -Werror "$ABI/ring-main.c" \
	"$OUT/ring-ours.o" "$OUT/ring-linux.o" -o "$OUT/ring-eq" 2>>"$OUT/ring.log"; then
	"$OUT/ring-eq" || status=1
else
	fail "abi/ring-equivalence: build failed, see $OUT/ring.log"
	sed 's/^/    | /' "$OUT/ring.log" | head -10
fi

# --- self-test: deliberate errors must be caught -------------------------
M=$OUT/mutant
rm -rf "$M" && mkdir -p "$M" && cp -r guest-abi/. "$M/"
# a wrong constant, and a field widened (which moves nothing else)
sed -i 's/^#define EVTCHNOP_send\t\t\t4$/#define EVTCHNOP_send\t\t\t5/' \
	"$M/event_channel.h"
sed -i 's/^\tuint8_t evtchn_upcall_mask;$/\tuint16_t evtchn_upcall_mask;/' \
	"$M/xen.h"
if ! scan_ours "$M" "$OUT/mutant" 2>"$OUT/scan.log"; then
	fail "abi/selftest: scanning the altered copy failed, see $OUT/scan.log"
else
	linux_side "$OUT/mutant.items" >"$OUT/mutant-linux.items"
	$PY "$ABI/compare.py" "$OUT/mutant-linux.items" "$OUT/linux.items" \
		"$ABI/aliases" "$ABI/known-diffs" mutant >"$OUT/selftest.log"
	f=$(grep -c '^FAIL ' "$OUT/selftest.log")
	if grep -q '^FAIL mutant/event_channel.h: EVTCHNOP_send: ours 5, Linux 4' \
		"$OUT/selftest.log" &&
	   grep -q '^FAIL mutant/xen.h: struct vcpu_info.evtchn_upcall_mask: ours off=2 size=2, Linux off=1 size=1' \
		"$OUT/selftest.log" && [ "$f" -eq 2 ]; then
		echo "PASS abi/selftest: both deliberate errors caught, nothing else"
	else
		fail "abi/selftest: expected exactly the 2 deliberate errors, got $f FAIL lines (see $OUT/selftest.log)"
		grep '^FAIL' "$OUT/selftest.log" | head -10 | sed 's/^/    | /'
	fi
fi
# The 32-bit side: a 64-bit aligned runstate field must be caught, by
# both the comparison with Linux and the two-builds check.
sed -i 's/^\tcompat_uint64_t state_entry_time;$/\tuint64_t state_entry_time;/' \
	"$M/compat/vcpu.h"
if scan_compat "$M" "$OUT/mutant32" 2>"$OUT/scan32.log" &&
   scan_compat "$M" "$OUT/mutant32-m32" -m32 2>>"$OUT/scan32.log"; then
	$PY "$ABI/compare.py" "$OUT/mutant32.items" "$OUT/linux32.items" \
		"$OUT/aliases32" "$ABI/known-diffs32" mutant32 40 \
		>"$OUT/selftest32.log"
	if grep -q '^FAIL mutant32/compat/vcpu.h: struct compat_vcpu_runstate_info.state_entry_time (Linux: struct vcpu_runstate_info.state_entry_time): ours off=8 size=8, Linux off=4 size=8' \
		"$OUT/selftest32.log" &&
	   ! grep '^FAIL' "$OUT/selftest32.log" | grep -qv 'compat/vcpu.h' &&
	   ! cmp -s "$OUT/mutant32.items" "$OUT/mutant32-m32.items"; then
		echo "PASS abi32/selftest: a 64-bit aligned compat field is caught"
	else
		fail "abi32/selftest: the altered compat/vcpu.h was not caught as expected (see $OUT/selftest32.log)"
	fi
else
	fail "abi32/selftest: scanning the altered copy failed, see $OUT/scan32.log"
fi
exit $status
