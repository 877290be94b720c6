#!/bin/sh
# Every public header compiles on its own, as C11 and as C++11 (-Wall -Wextra -pedantic
# -Werror), and a C++ program that takes the address of every CSPDM_API function links against
# libcspdm.so (so each header's extern "C" is right). Arguments: the include dir, libcspdm.so.
set -u
inc=${1:?include dir}
lib=${2:?libcspdm.so}
cc=${CC:-cc}
cxx=${CXX:-c++}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for h in "$inc"/cspdm/*.h; do
	name=cspdm/$(basename "$h")
	printf '#include "%s"\ntypedef int header_check_t;\n' "$name" >"$tmp/one.c"
	cp "$tmp/one.c" "$tmp/one.cc"
	$cc -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$inc" -fsyntax-only "$tmp/one.c" ||
		{ echo "FAIL: $name alone, as C11"; fail=1; }
	$cxx -std=c++11 -Wall -Wextra -Wpedantic -Werror -I"$inc" -fsyntax-only "$tmp/one.cc" ||
		{ echo "FAIL: $name alone, as C++11"; fail=1; }
	n=$((n + 1))
done
# every function, from C++
{
	for h in "$inc"/cspdm/*.h; do printf '#include "cspdm/%s"\n' "$(basename "$h")"; done
	echo 'typedef void (*any_fn)(void);'
	echo 'static any_fn const api[] = {'
	cat "$inc"/cspdm/*.h | tr '\n' ' ' | grep -o 'CSPDM_API [^;{]*' |
		sed -n 's/^CSPDM_API [^(]*[^a-zA-Z0-9_]\(cspdm_[a-zA-Z0-9_]*\) *(.*/\1/p' | sort -u |
		sed 's/.*/    reinterpret_cast<any_fn>(\&&),/'
	echo '};'
	echo 'int main() { return api[0] == 0; }'
} >"$tmp/all.cc"
$cxx -std=c++11 -Wall -Wextra -Werror -I"$inc" "$tmp/all.cc" -o "$tmp/all" "$lib" ||
	{ echo "FAIL: a C++ program using every CSPDM_API function does not link"; fail=1; }
[ $fail -eq 0 ] && echo "headers: $n compile alone as C11 and C++11; C++ links every API function"
exit $fail
