#!/bin/sh
# Install the Debian packages listed in scripts/debian-packages that are not
# installed yet. Runs apt-get only when something is missing, so it is cheap
# to call before every build.
set -eu
list="$(dirname "$0")/debian-packages"
missing=""
for p in $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list" | awk '{print $1}'); do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
