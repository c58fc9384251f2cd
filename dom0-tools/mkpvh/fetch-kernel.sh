#!/bin/bash
# fetch-kernel.sh CACHE MKPVH: Debian's current amd64 kernel, for guests.
#
# `make kernel` runs this. linux-image-amd64 is a metapackage; the kernel
# is in the versioned package it depends on (linux-image-6.1.0-N-amd64).
# That .deb is downloaded into CACHE (outside the source tree), unpacked
# there with dpkg-deb -x, and boot/vmlinuz-* is converted with mkpvh into
# CACHE/vmlinux-pvh. The module tree stays at CACHE/lib/modules/<version>
# for initramfs building. CACHE/kernel.env records the paths for scripts.
# Nothing is downloaded again if the .deb is already in the cache.
set -euo pipefail
cache=${1:?usage: fetch-kernel.sh CACHE MKPVH}
mkpvh=${2:?usage: fetch-kernel.sh CACHE MKPVH}

die() { echo "kernel: $*" >&2; exit 1; }

command -v apt-cache >/dev/null || die "apt-cache not found (needs a Debian host)"
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
mkpvh=$(cd "$(dirname "$mkpvh")" && pwd)/$(basename "$mkpvh")

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '$1 ~ /Depends:$/ && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
[ -n "$pkg" ] || die "apt-cache depends linux-image-amd64 names no linux-image-<version> package (run apt-get update?)"
ver=${pkg#linux-image-}

deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
	echo "kernel: downloading $pkg into $cache"
	# apt-get download writes to the current directory.
	(cd "$cache" && apt-get download -q "$pkg") || die "apt-get download $pkg failed"
	deb=$(ls "$cache/${pkg}_"*.deb | head -n 1)
fi
vmlinuz=$cache/boot/vmlinuz-$ver
modules=$cache/lib/modules/$ver
# Done before from this package, and mkpvh has not changed since.
if [ -f "$cache/kernel.env" ] && grep -qxF "KERNEL_DEB=$deb" "$cache/kernel.env" &&
	[ -d "$modules" ] && [ "$cache/vmlinux-pvh" -nt "$mkpvh" ]; then
	echo "kernel: $ver (cached in $cache)"
	exit 0
fi
echo "kernel: unpacking $(basename "$deb")"
dpkg-deb -x "$deb" "$cache"
[ -f "$vmlinuz" ] || die "$deb has no boot/vmlinuz-$ver"
"$mkpvh" "$vmlinuz" "$cache/vmlinux-pvh"

cat >"$cache/kernel.env" <<EOT
KERNEL_VERSION=$ver
KERNEL_DEB=$deb
KERNEL_VMLINUZ=$vmlinuz
KERNEL_VMLINUX_PVH=$cache/vmlinux-pvh
KERNEL_MODULES=$modules
EOT
echo "kernel: version    $ver"
echo "kernel: vmlinuz    $vmlinuz ($(stat -c %s "$vmlinuz") bytes)"
echo "kernel: vmlinux    $cache/vmlinux-pvh ($(stat -c %s "$cache/vmlinux-pvh") bytes)"
echo "kernel: modules    $modules"
echo "kernel: paths in   $cache/kernel.env"
