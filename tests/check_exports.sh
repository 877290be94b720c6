#!/bin/sh
# The shared library exports exactly the public API: every function a public header declares
# with CSPDM_API, and nothing else (no internal cspdm_*/spdm_*/rd_* symbol, no libc or OpenSSL
# symbol pulled in). Arguments: libcspdm.so, then the public headers.
set -u
[ $# -ge 2 ] || { echo "usage: $0 LIBCSPDM.so HEADER..."; exit 2; }
lib=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Declarations may span lines: join each header, then take the name before '(' after CSPDM_API.
cat "$@" | tr '\n' ' ' | grep -o 'CSPDM_API [^;{]*' |
	sed -n 's/^CSPDM_API [^(]*[^a-zA-Z0-9_]\(cspdm_[a-zA-Z0-9_]*\) *(.*/\1/p' | sort -u >"$tmp/api"
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBWV]$/ {print $3}' | sort -u >"$tmp/exported"
bad=0
extra=$(comm -13 "$tmp/api" "$tmp/exported")
missing=$(comm -23 "$tmp/api" "$tmp/exported")
[ -n "$extra" ] && { echo "exported but not public API:"; echo "$extra" | sed 's/^/  /'; bad=1; }
[ -n "$missing" ] && { echo "declared CSPDM_API but not exported:"; echo "$missing" | sed 's/^/  /'; bad=1; }
n=$(wc -l <"$tmp/exported")
[ "$n" -gt 0 ] || { echo "no symbol exported"; bad=1; }
[ $bad -eq 0 ] && echo "exports: $n symbols, exactly the CSPDM_API declarations of $# headers"
exit $bad
