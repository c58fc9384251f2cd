#!/bin/bash
# mkpvh (dom0-tools/mkpvh): bzImage -> PVH ELF vmlinux.
#   mkpvh/build-fixtures  a small PVH ELF (as + ld) and fake bzImages around it
#   mkpvh/elf64-copy ...  an ELF with the note is copied byte for byte
#   mkpvh/bzimage ...     the ELF comes out of an xz+BCJ payload byte for byte,
#                         relocation data after it trimmed off
#   mkpvh/refuse-*        bad inputs: exit 1, the expected message, no OUT
#   mkpvh/real-kernel     Debian's vmlinuz, only if `make kernel` cached it
source "$(dirname "$0")/../lib/common.sh"
MKPVH=$BUILD/dom0-tools/mkpvh
t=mkpvh
work=$(mktemp -d /tmp/mkpvh-test.XXXXXX)
trap '[ "$failures" -eq 0 ] && rm -rf "$work"' EXIT
cd "$work"

[ -x "$MKPVH" ] || { fail $t/build "$MKPVH not built"; exit 1; }
for tool in as ld xz gzip readelf; do
	command -v $tool >/dev/null || { fail $t/tools "$tool missing"; exit 1; }
done

# --- fixtures ---------------------------------------------------------------

# A tiny kernel: code, data, bss, and Xen notes if $1 = yes. The 64-bit
# one has an 8-byte PHYS32_ENTRY desc as Linux 6.1, the 32-bit one 4 bytes.
write_asm() {
	cat <<'EOF'
	.text
	.globl pvh_start
pvh_start:
	hlt
	jmp pvh_start
	.data
msg:	.ascii "not really a kernel"
	.bss
	.skip 8192
EOF
	[ "$1" = yes ] || return 0
	cat <<'EOF'
	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 6, 6			/* GUEST_OS */
	.asciz "Xen"
	.asciz "linux"
	.balign 4
EOF
	if [ "$2" = 64 ]; then
		printf '\t.long 4, 8, 18\n\t.asciz "Xen"\n\t.quad pvh_start\n'
	else
		printf '\t.long 4, 4, 18\n\t.asciz "Xen"\n\t.long pvh_start\n'
	fi
}

# build NAME yes|no 64|32
build() {
	local emu=elf_x86_64
	[ "$3" = 32 ] && emu=elf_i386
	write_asm "$2" "$3" >"$1.s" &&
	as --"$3" -o "$1.o" "$1.s" &&
	ld -m $emu -static -nostdlib --build-id=none -z max-page-size=4096 \
		-z noexecstack -e pvh_start -Ttext-segment=0x1000000 \
		-o "$1" "$1.o"
}

# le32 N: N as 4 little-endian bytes on stdout.
le32() {
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) \
		$(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}

# poke FILE OFFSET: write stdin into FILE at OFFSET.
poke() {
	dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

# mkbz OUT PAYLOAD [SETUP_SECTS [VERSION]]: a setup header around PAYLOAD,
# with payload_offset 0x40, as the boot protocol lays it out.
mkbz() {
	local out=$1 payload=$2 sects=${3:-1} ver=${4:-0x020f} setup
	setup=$(((${sects} ? ${sects} : 4) * 512 + 512))
	head -c $setup /dev/zero >"$out"
	printf "\\x$(printf %02x "$sects")" | poke "$out" 0x1f1
	printf 'HdrS' | poke "$out" 0x202
	printf "\\x$(printf %02x $((ver & 255)))\\x$(printf %02x $((ver >> 8)))" |
		poke "$out" 0x206
	le32 0x40 | poke "$out" 0x248
	le32 "$(stat -c %s "$payload")" | poke "$out" 0x24c
	head -c 64 /dev/zero | tr '\0' 'S' >>"$out"
	cat "$payload" >>"$out"
}

# xzpay OUT INPUT: the kernel's way: xz with the x86 BCJ filter, then the
# uncompressed size as 4 bytes.
xzpay() {
	xz --format=xz --check=crc32 --x86 --lzma2 -c "$2" >"$1" &&
	le32 "$(stat -c %s "$2")" >>"$1"
}

if build pvh.elf yes 64 && build pvh32.elf yes 32 && build nonote.elf no 64 &&
   readelf -n pvh.elf | grep -q 'Xen.*0x00000008.*(0x00000012)'; then
	pass $t/build-fixtures
else
	fail $t/build-fixtures "as/ld could not build the test ELFs"
	exit 1
fi
# vmlinux.bin is followed by relocations inside the payload.
{ cat pvh.elf; head -c 3000 /dev/urandom; } >vmlinux.bin
xzpay pay.xz vmlinux.bin
mkbz bz pay.xz
mkbz bz0 pay.xz 0

# --- conversions --------------------------------------------------------------

# converts NAME IN SUMMARY-REGEX: mkpvh IN succeeds, OUT equals pvh.elf.
converts() {
	local name=$1 in=$2 re=$3 want=${4:-pvh.elf} out
	rm -f out.elf
	if ! out=$("$MKPVH" "$in" out.elf 2>&1); then
		fail $t/$name "exit $?: $out"
	elif ! cmp -s out.elf "$want"; then
		fail $t/$name "output differs from $want ($(stat -c %s out.elf) vs $(stat -c %s "$want") bytes)"
	elif ! grep -Eq -- "$re" <<<"$out"; then
		fail $t/$name "summary '$out' does not match '$re'"
	else
		pass $t/$name
	fi
}

entry=$(readelf -hW pvh.elf | awk '/Entry point/ { print $4 }')
converts elf64-copy pvh.elf "ELF64 from ELF \\(copied\\).*PVH entry $entry,"
converts elf32-copy pvh32.elf "ELF32 from ELF \\(copied\\)" pvh32.elf
converts bzimage bz "ELF64 from bzImage \\(xz\\), $(stat -c %s pvh.elf) bytes; PVH entry $entry, e_entry $entry, load \\[0x1000000, "
converts bzimage-setup-sects-0 bz0 "from bzImage"

if "$MKPVH" --help | grep -q 'xz only'; then pass $t/help
else fail $t/help "--help does not say which compression is supported"; fi
"$MKPVH" >/dev/null 2>&1
[ $? -eq 2 ] && pass $t/usage || fail $t/usage "no arguments: exit status not 2"

# --- refusals -------------------------------------------------------------------

# refuses NAME IN MESSAGE: exit 1, stderr has MESSAGE (fixed string), no OUT.
refuses() {
	local name=$1 in=$2 msg=$3 out rc
	rm -f out.elf
	out=$("$MKPVH" "$in" out.elf 2>&1)
	rc=$?
	if [ $rc -ne 1 ]; then
		fail $t/refuse-$name "exit status $rc, wanted 1 ($out)"
	elif ! grep -Fq -- "mkpvh: $in: " <<<"$out" ||
	     ! grep -Fq -- "$msg" <<<"$out"; then
		fail $t/refuse-$name "message '$out' is not 'mkpvh: $in: ...$msg...'"
	elif [ -e out.elf ] || ls out.elf.tmp* >/dev/null 2>&1; then
		fail $t/refuse-$name "output file left behind"
	else
		pass $t/refuse-$name
	fi
}

{ printf '\0'; head -c 4095 /dev/urandom; } >random
refuses random random "not a bzImage (no HdrS magic at 0x202) and not an ELF file"
: >empty
refuses empty empty "not a bzImage (no HdrS magic at 0x202) and not an ELF file"
refuses missing no-such-file "No such file or directory"

head -c 2000 bz >bz-truncated
refuses truncated-payload bz-truncated "runs past the end of the file"
head -c $((0x240)) bz >bz-short
refuses truncated-header bz-short "bzImage setup header is truncated"
mkbz bz-old pay.xz 1 0x0206
refuses old-protocol bz-old "boot protocol 2.06 is older than 2.08"

gzip -c vmlinux.bin >pay.gz
mkbz bz-gzip pay.gz
refuses gzip bz-gzip "payload is gzip-compressed; mkpvh supports xz only"
for c in "zstd \\x28\\xb5\\x2f\\xfd" "bzip2 BZh9" "lzma \\x5d\\x00\\x00\\x80" \
	 "lz4 \\x02\\x21\\x4c\\x18" "lzo \\x89LZO"; do
	set -- $c
	{ printf "$2"; head -c 100 /dev/zero; } >pay.$1
	mkbz bz-$1 pay.$1
	refuses $1 bz-$1 "payload is $1-compressed; mkpvh supports xz only"
done
head -c 100 /dev/zero >pay.zero
mkbz bz-unknown pay.zero
refuses unknown-compression bz-unknown "payload has an unknown compression (starts 00 00 00 00)"

# Corrupt the xz data in the middle of the stream.
cp pay.xz pay.bad
printf '\xff\x00\xff\x00' | poke pay.bad $(($(stat -c %s pay.xz) / 2))
mkbz bz-corrupt pay.bad
refuses corrupt-xz bz-corrupt "xz payload: compressed data is corrupt"

# A wrong size trailer.
xz --format=xz --check=crc32 --x86 --lzma2 -c vmlinux.bin >pay.size
le32 12345 >>pay.size
mkbz bz-size pay.size
refuses size-trailer bz-size "but the size after it says 12345"

# Not an ELF inside.
seq 10000 >text
xzpay pay.txt text
mkbz bz-notelf pay.txt
refuses not-elf-inside bz-notelf "is not an ELF file"

refuses elf-without-note nonote.elf \
	"ELF: no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel"
xzpay pay.nonote nonote.elf
mkbz bz-nonote pay.nonote
refuses bzimage-without-note bz-nonote \
	"decompressed kernel: ELF: no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel"
head -c 40 pvh.elf >elf-short
refuses elf-truncated elf-short "ELF: file is 40 bytes, shorter than an ELF header"

# --- the real kernel, if `make kernel` has cached it -----------------------------

cache=${HVLAB_KERNEL_CACHE:-$HOME/.cache/hvlab}
vmlinuz=$(ls "$cache"/boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -n "$vmlinuz" ]; then
	if ! out=$("$MKPVH" "$vmlinuz" real.elf 2>&1); then
		fail $t/real-kernel "$out"
	elif ! grep -Eq 'ELF64 from bzImage \(xz\).*PVH entry 0x1000[0-9a-f]{3},' <<<"$out"; then
		fail $t/real-kernel "unexpected summary: $out"
	elif ! readelf -nW real.elf | grep -q 'Xen.*0x00000008.*(0x00000012)'; then
		fail $t/real-kernel "readelf -n shows no 8-byte PHYS32_ENTRY (type 18) note"
	else
		pass $t/real-kernel
		echo "# $out"
	fi
else
	echo "# no $cache/boot/vmlinuz-*: real-kernel check not run (make kernel fetches it)"
fi

finish
