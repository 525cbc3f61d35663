#!/bin/bash
# Compile protocol/relay/protocol.h with every compiler we ship for, with
# -Wpadded so implicit padding is an error, and print the layout each sees.
# The static asserts inside the header fail the compile on any difference.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/layout.c" <<'C'
#include <stdio.h>
#include "relay/protocol.h"
int main(void)
{
	printf("hello=%zu control=%zu meta=%zu shape=%zu\n", sizeof(struct rl_hello),
	       sizeof(struct rl_control), sizeof(struct rl_frame_meta),
	       sizeof(struct rl_cursor_shape));
	return 0;
}
C
fail=0
for cc in gcc clang x86_64-w64-mingw32-gcc; do
	if ! command -v "$cc" >/dev/null; then
		echo "FAIL: $cc is not installed (scripts/install-deps installs it)"
		fail=1
		continue
	fi
	if "$cc" -std=c11 -Wall -Wextra -Wpadded -Werror -I"$top/protocol" \
		-o "$tmp/layout-$cc" "$tmp/layout.c"; then
		echo "ok: $cc"
	else
		echo "FAIL: $cc"
		fail=1
	fi
done
"$tmp/layout-gcc"
exit $fail
