# SPDX-License-Identifier: GPL-3.0-or-later
# fixture-cache.sh - sourced by the fixture builders (mkfixtures.sh,
# mkisomode.sh) with DIR NAME as their arguments: sets $dir, $name, $out
# and $stamp (a hash of the calling script, so editing it rebuilds), exits
# at once when $out is current, else takes the builders' lock (one builder
# at a time per fixture directory) and makes a work dir $work, removed at
# exit; t_random (lib-random.sh) gives seeded data. The builder ends with: echo "$stamp" >"$out.stamp"
# A builder whose output also depends on something outside it (package
# versions) sets $fixture_key to a digest of that before sourcing this.
. "$(dirname "$0")/../lib-random.sh"
dir=$1
name=$2
mkdir -p "$dir"
stamp=$(sha256sum "$0" | cut -c1-16)${fixture_key:+-$fixture_key}
out=$dir/$name
fixture_current()
{
	test -f "$out" && test "$(cat "$out.stamp" 2>/dev/null)" = "$stamp"
}
fixture_current && exit 0
exec 9>"$dir/.lock"
flock 9
fixture_current && exit 0
work=$(mktemp -d "${TMPDIR:-/tmp}/stk-fixture.XXXXXX")
trap 'rm -rf "$work"' EXIT
