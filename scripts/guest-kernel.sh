#!/bin/bash
# guest-kernel.sh MODE CACHE MKPVH PATCHES: the lab's own guest kernel
# (`make guest-kernel`, docs/guest-guide.md), from Debian's linux-source
# of the same version as the stock kernel (`make kernel`, CACHE/kernel.env)
# with PATCHES/series applied and PATCHES/config/pvh.config, built with
# ccache, turned into a PVH ELF by mkpvh.
#
#   check   the series applies to that source, patch by patch, without
#           building (only the files the patches touch are unpacked)
#   build   bring the tree to the series, configure, build (incremental:
#           a lab edit in the tree is rebuilt), CACHE/guest-kernel/vmlinux-pvh
#   cached  as build, but nothing at all when the series, the config and
#           the source are those of the last build (make test)
#
# Under CACHE/guest-kernel: linux-VERSION/ the source tree (the series
# applied; .hvlab-applied/ keeps the patches as applied, so a changed
# series is first taken off in reverse), build/ the objects (O=),
# ccache/, vmlinux-pvh, guest-kernel.env. A patch that does not apply
# stops everything with its name and the rejected hunks.
set -euo pipefail
mode=${1:?usage: guest-kernel.sh check|build|cached CACHE MKPVH PATCHES}
cache=${2:?}
mkpvh=${3:?}
patches=$(cd "${4:?}" && pwd)
die() { echo "guest-kernel: $*" >&2; exit 1; }
say() { echo "guest-kernel: $*"; }

[ -f "$cache/kernel.env" ] || die "no $cache/kernel.env: run make kernel first"
# shellcheck source=/dev/null
. "$cache/kernel.env"
# The stock image's package version is the source's: 6.1.192-3.
ver=$(dpkg-deb -f "$KERNEL_DEB" Version) || die "cannot read the version of $KERNEL_DEB"
gk=$cache/guest-kernel
mkdir -p "$gk"

# The series: patch names, in order, without comments and blank lines.
series() {
	[ -f "$patches/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$patches/series"
}
for p in $(series); do
	[ -f "$patches/$p" ] || die "$patches/series names $p, which is not there"
done

# Debian's source tarball of that version: the installed one if it is that
# version, else the package downloaded into the cache.
tarball() {
	local t=/usr/src/linux-source-6.1.tar.xz deb
	if [ -f "$t" ] && [ "$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null)" = "$ver" ]; then
		echo "$t"
		return
	fi
	t=$gk/linux-source-$ver.tar.xz
	if [ ! -f "$t" ]; then
		deb=$(ls "$gk"/linux-source-6.1_"$ver"_all.deb 2>/dev/null | head -n 1 || true)
		if [ -z "$deb" ]; then
			say "downloading linux-source-6.1=$ver into $gk" >&2
			(cd "$gk" && apt-get download -q "linux-source-6.1=$ver") >&2 ||
				die "apt-get download linux-source-6.1=$ver failed"
			deb=$(ls "$gk"/linux-source-6.1_*_all.deb | head -n 1)
		fi
		dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-6.1.tar.xz >"$t.part"
		mv "$t.part" "$t"
		rm -f "$deb"
	fi
	echo "$t"
}

# The files a patch changes (its +++ lines, without the b/ prefix).
touched() { sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' "$1" | sort -u; }

# apply TREE NAME: apply one patch of the series, or stop with its name,
# patch's messages and the hunks it rejected (made by applying it to a
# scratch copy of the files it touches, so TREE is left as it was).
apply() {
	local tree=$1 name=$2 out scratch f
	if out=$(patch -d "$tree" -p1 -N --dry-run -s -F0 <"$patches/$name" 2>&1); then
		patch -d "$tree" -p1 -N -s -F0 --no-backup-if-mismatch <"$patches/$name" >/dev/null
		return 0
	fi
	scratch=$(mktemp -d)
	for f in $(touched "$patches/$name"); do
		[ -f "$tree/$f" ] && install -D -m 644 "$tree/$f" "$scratch/$f"
	done
	patch -d "$scratch" -p1 -N -F0 --no-backup-if-mismatch <"$patches/$name" >/dev/null 2>&1 || true
	{
		echo "guest-kernel: $name does not apply to linux-source-6.1 $ver:"
		echo "$out" | sed 's/^/  /'
		for f in $(cd "$scratch" && find . -name '*.rej' | sort); do
			echo "  rejected hunks of ${f#./}:"
			sed 's/^/    /' "$scratch/$f"
		done
	} >&2
	rm -rf "$scratch"
	exit 1
}

if [ "$mode" = check ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	files=$(for p in $(series); do touched "$patches/$p"; done | sort -u)
	n=$(series | wc -l)
	if [ -n "$files" ]; then
		# shellcheck disable=SC2086
		tar -xJf "$(tarball)" -C "$tmp" $(printf 'linux-source-6.1/%s ' $files) 2>/dev/null || true
	fi
	mkdir -p "$tmp/linux-source-6.1"
	for p in $(series); do apply "$tmp/linux-source-6.1" "$p"; done
	say "the series ($n patches) applies to linux-source-6.1 $ver"
	exit 0
fi

key=$( (echo "$ver"; for p in $(series); do echo "$p"; cat "$patches/$p"; done
	cat "$patches/config/pvh.config") | sha256sum | cut -c1-16)
if [ "$mode" = cached ] && [ -f "$gk/vmlinux-pvh" ] && [ -f "$gk/guest-kernel.env" ] &&
	grep -qxF "GUEST_KERNEL_KEY=$key" "$gk/guest-kernel.env" && [ "$gk/vmlinux-pvh" -nt "$mkpvh" ]; then
	say "$(sed -n 's/^GUEST_KERNEL_RELEASE=//p' "$gk/guest-kernel.env") (cached in $gk)"
	exit 0
fi
t0=$(date +%s)

# --- the tree, at the series ---
tree=$gk/linux-$ver
if [ ! -d "$tree" ]; then
	say "unpacking linux-source-6.1 $ver"
	rm -rf "$gk/linux-source-6.1" "$gk/build"
	tar -xJf "$(tarball)" -C "$gk"
	mv "$gk/linux-source-6.1" "$tree"
	mkdir -p "$tree/.hvlab-applied"
fi
done_dir=$tree/.hvlab-applied
mapfile -t want < <(series)
mapfile -t have < <(cat "$done_dir/series" 2>/dev/null || true)
# Keep the longest prefix applied as it is now; take off the rest.
keep=0
while [ $keep -lt ${#want[@]} ] && [ $keep -lt ${#have[@]} ] &&
	[ "${want[$keep]}" = "${have[$keep]}" ] &&
	cmp -s "$patches/${want[$keep]}" "$done_dir/${have[$keep]}"; do
	keep=$((keep + 1))
done
for ((i = ${#have[@]} - 1; i >= keep; i--)); do
	say "taking off ${have[$i]}"
	patch -d "$tree" -p1 -R -s -F0 --no-backup-if-mismatch <"$done_dir/${have[$i]}" >/dev/null ||
		die "${have[$i]} does not come off $tree cleanly (edited by hand?); remove $tree to start again"
	rm -f "$done_dir/${have[$i]}"
	printf '%s\n' "${have[@]:0:$i}" | sed '/^$/d' >"$done_dir/series"
done
for ((i = keep; i < ${#want[@]}; i++)); do
	say "applying ${want[$i]}"
	apply "$tree" "${want[$i]}"
	cp "$patches/${want[$i]}" "$done_dir/"
	printf '%s\n' "${want[@]:0:$((i + 1))}" >"$done_dir/series"
done

# --- configure: allnoconfig with the fragment, then every line checked ---
build=$gk/build
frag=$patches/config/pvh.config
export CCACHE_DIR=$gk/ccache
make_k() { make -s -C "$tree" O="$build" CC="ccache gcc" "$@"; }
if [ ! -f "$build/.config" ] || [ "$frag" -nt "$build/.config" ] ||
	! grep -qxF "# hvlab key $key" "$build/.hvlab-config" 2>/dev/null; then
	say "configuring from $(basename "$frag")"
	mkdir -p "$build"
	make_k KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null
	echo "# hvlab key $key" >"$build/.hvlab-config"
fi
bad=""
while read -r line; do
	case $line in
	CONFIG_*=n) grep -q "^${line%=n}=" "$build/.config" && bad="$bad ${line%=n}(set, wanted off)" ;;
	CONFIG_*=*) grep -qxF "$line" "$build/.config" || bad="$bad $line(got: $(grep "^${line%%=*}=" "$build/.config" || echo unset))" ;;
	esac
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$frag")
[ -z "$bad" ] || die "$(basename "$frag"): Kconfig did not take:$bad"

# --- build ---
say "building ($(nproc) jobs, ccache in $CCACHE_DIR)"
make_k -j"$(nproc)" bzImage
rel=$(cat "$build/include/config/kernel.release")
"$mkpvh" "$build/arch/x86/boot/bzImage" "$gk/vmlinux-pvh.new" >/dev/null
mv "$gk/vmlinux-pvh.new" "$gk/vmlinux-pvh"
cat >"$gk/guest-kernel.env" <<EOT
GUEST_KERNEL_KEY=$key
GUEST_KERNEL_RELEASE=$rel
GUEST_KERNEL_SOURCE=linux-source-6.1 $ver
GUEST_KERNEL_SERIES=$(series | tr '\n' ' ')
GUEST_KERNEL_VMLINUX_PVH=$gk/vmlinux-pvh
EOT
say "$rel built in $(($(date +%s) - t0)) s: $gk/vmlinux-pvh ($(stat -c %s "$gk/vmlinux-pvh") bytes)"
say "ccache: $(ccache -s 2>/dev/null | grep -i 'hits:' | head -n 1 | tr -s ' ')"
