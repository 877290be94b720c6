#!/bin/bash
# make lint: clang-tidy (checks in .clang-tidy) and cppcheck over src/. Exits non-zero on any
# finding. Argument: a build directory with compile_commands.json.
set -u
build=${1:-build}
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.c')
fail=0
echo "lint: clang-tidy on $(echo "$files" | wc -w) files"
clang-tidy -p "$build" --quiet $files >/tmp/cspdm-tidy.$$ 2>/dev/null || fail=1
grep -E "warning:|error:" /tmp/cspdm-tidy.$$ && fail=1
rm -f /tmp/cspdm-tidy.$$
echo "lint: cppcheck"
cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr --std=c11 \
	-Iinclude -Isrc $files || fail=1
[ $fail -eq 0 ] && echo "lint: clean" || echo "lint: findings above"
exit $fail
