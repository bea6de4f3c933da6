# SPDX-License-Identifier: GPL-3.0-or-later
# lib-random.sh - random-looking test data that a run can replay: the
# bytes come from AES-128-CTR over zeros, keyed by a digest of T_SEED
# (default "stickler", shown in each test's log) and the caller's label.
# The same seed, label and size give the same bytes on every machine.
#
#   t_random LABEL SIZE >file	(SIZE as for head -c: 4096, 20M)
T_SEED=${T_SEED:-stickler}

t_random()
{
	t_random_key=$(printf '%s:%s' "$T_SEED" "$1" | sha256sum | cut -c1-32)
	openssl enc -aes-128-ctr -K "$t_random_key" \
		-iv 00000000000000000000000000000000 </dev/zero 2>/dev/null |
		head -c "$2"
}
