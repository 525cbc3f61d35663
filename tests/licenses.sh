#!/bin/bash
# Every C source and header the repository tracks names its license in an
# SPDX-License-Identifier line, and every license named has its text here
# (MIT: LICENSE; GPL-2.0: LICENSES/GPL-2.0.txt).
set -u -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
bad=0
declare -A text=([MIT]=LICENSE [GPL-2.0]=LICENSES/GPL-2.0.txt
	["GPL-2.0 WITH Linux-syscall-note"]=LICENSES/GPL-2.0.txt)
while IFS= read -r f; do
	id=$(grep -m1 -oE 'SPDX-License-Identifier: [^*]+' "$f" | sed -E 's/^SPDX-License-Identifier: //; s/[[:space:]]+$//')
	if [ -z "$id" ]; then
		echo "FAIL: $f has no SPDX-License-Identifier line"
		bad=1
	elif [ -z "${text[$id]:-}" ] || [ ! -s "${text[$id]}" ]; then
		echo "FAIL: $f is under '$id', whose text is not in the repository"
		bad=1
	fi
done < <(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build/*')
[ "$bad" = 0 ] && echo "PASS: every C file names a license whose text is here"
exit "$bad"
