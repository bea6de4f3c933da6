#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# deps.sh - install the Debian packages in deps.list that are missing.
# Quick when everything is there; asks through sudo only when not root.
set -eu
list=${1:-deps.list}
missing=
for p in $(sed 's/#.*//' "$list"); do
	st=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
	case $st in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
test -z "$missing" && exit 0
echo "deps: installing$missing"
if test "$(id -u)" = 0; then
	sudo=
elif command -v sudo >/dev/null; then
	sudo=sudo
else
	echo "deps: not root and no sudo; install as root:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	--no-install-recommends $missing
