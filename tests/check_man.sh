#!/bin/bash
# The man pages: mandoc -Tlint (or groff -ww) finds nothing; every command `cspdm --help` lists
# has its page man/cspdm-COMMAND.1 naming every option of `cspdm COMMAND --help` (a new command
# needs one new file); cspdm(1)
# names --version. Arguments: the man directory, then the cspdm binary.
set -u
man=${1:?man directory}
cli=${2:?path to cspdm}
fail=0
pages=$(ls "$man"/*.[1-8])
for p in $pages; do
	if command -v mandoc >/dev/null; then
		out=$(mandoc -Tlint -Wall "$p" 2>&1)
	else
		out=$(groff -ww -z -man "$p" 2>&1)
	fi
	[ -z "$out" ] || { echo "LINT $p:"; echo "$out"; fail=1; }
done
cmds=$("$cli" --help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')
[ -n "$cmds" ] || { echo "no command in cspdm --help"; fail=1; }
has() { grep -qF -- "$2" "$1" || { echo "MISSING in $(basename "$1"): $2"; fail=1; }; }
has "$man/cspdm.1" '\-\-version'
for c in $cmds; do
	page=$man/cspdm-$c.1
	[ -f "$page" ] || { echo "MISSING page: cspdm-$c.1"; fail=1; continue; }
	for opt in $("$cli" "$c" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
		has "$page" "$(sed 's/-/\\-/g' <<<"$opt")"
	done
done
n=$(wc -w <<<"$pages")
[ $fail -eq 0 ] && echo "man pages: $n lint clean; every command and option documented"
exit $fail
