#!/bin/bash
# make install-check: install into a temporary DESTDIR (PREFIX=/usr/local) and check what a user
# of the installed tree gets: the exact file list; examples/ built once with
# `pkg-config --cflags --libs cspdm` and once with CMake's find_package(cspdm), each pair run
# against the other over loopback; the exported symbols and the man pages of the installed
# files; and make uninstall, which must leave no file behind. Argument: the build directory.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
root=$(pwd)
prefix=/usr/local
tmp=$(mktemp -d)
dest=$tmp/dest
rsp=
trap '[ -n "$rsp" ] && kill "$rsp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "install-check: FAIL: $*"; exit 1; }
step() { echo "install-check: $*"; }
t0=$(date +%s)

make --no-print-directory install BUILD="$build" PREFIX=$prefix DESTDIR="$dest" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; fail "make install"; }
version=$(sed -n 's/^Version: //p' "$dest$prefix/lib/pkgconfig/cspdm.pc")
major=${version%%.*}

# ---- the installed files, exactly ----
{
	echo "bin/cspdm"
	for h in include/cspdm/*.h; do echo "$h"; done
	echo "lib/libcspdm.a"
	echo "lib/libcspdm.so"
	echo "lib/libcspdm.so.$major"
	echo "lib/libcspdm.so.$version"
	echo "lib/pkgconfig/cspdm.pc"
	for f in cspdmConfig.cmake cspdmConfigVersion.cmake cspdmTargets.cmake \
		"cspdmTargets-$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" | tr 'A-Z' 'a-z').cmake"; do
		echo "lib/cmake/cspdm/$f"
	done
	for m in man/*.[1-8]; do echo "share/man/man${m##*.}/$(basename "$m")"; done
	echo "share/bash-completion/completions/cspdm"
} | sort >"$tmp/expected"
(cd "$dest$prefix" && find . -type f -o -type l | sed 's|^\./||' | sort) >"$tmp/installed"
diff -u "$tmp/expected" "$tmp/installed" || fail "the installed files differ from the list"
[ "$(readlink "$dest$prefix/lib/libcspdm.so")" = "libcspdm.so.$major" ] || fail "libcspdm.so link"
[ "$(readlink "$dest$prefix/lib/libcspdm.so.$major")" = "libcspdm.so.$version" ] ||
	fail "libcspdm.so.$major link"
grep -q "SONAME *libcspdm.so.$major$" <<<"$(objdump -p "$dest$prefix/lib/libcspdm.so.$version")" ||
	fail "soname is not libcspdm.so.$major"
grep -q '^Requires.private: libcrypto jansson$' "$dest$prefix/lib/pkgconfig/cspdm.pc" ||
	fail "cspdm.pc: Requires.private"
step "$(wc -l <"$tmp/installed") files installed as listed (libcspdm.so.$version, soname libcspdm.so.$major)"

# ---- the installed library and pages ----
sh tests/check_exports.sh "$dest$prefix/lib/libcspdm.so" "$dest$prefix"/include/cspdm/*.h
sh tests/check_headers.sh "$dest$prefix/include" "$dest$prefix/lib/libcspdm.so"
bash tests/check_man.sh "$dest$prefix/share/man/man1" "$dest$prefix/bin/cspdm" ||
	fail "installed man(1) pages"
mandoc -Tlint -Wall "$dest$prefix"/share/man/man3/* || fail "installed man(3) pages"

# ---- examples: pkg-config, and CMake ----
export PKG_CONFIG_PATH=$dest$prefix/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
mkdir "$tmp/pc"
for ex in authenticate responder; do
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror -o "$tmp/pc/$ex" "examples/$ex.c" \
		$(pkg-config --cflags --libs cspdm) || fail "examples/$ex.c with pkg-config"
done
step "examples built with pkg-config: $(pkg-config --cflags --libs cspdm)"
cmake -S examples -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$dest$prefix" >"$tmp/cmake.log" 2>&1 &&
	cmake --build "$tmp/cm" >>"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; fail "examples with CMake"; }
step "examples built with CMake find_package(cspdm) (cspdm::cspdm)"
export LD_LIBRARY_PATH=$dest$prefix/lib
for d in "$tmp/pc" "$tmp/cm"; do
	grep -q "libcspdm.so.$major => $dest$prefix/lib/" <<<"$(ldd "$d/authenticate")" ||
		fail "$d/authenticate does not use the installed libcspdm.so.$major"
done

# responder of one build, authenticate of the other, the responder's root trusted
pair() {
	"$1/responder" 0 "$tmp/root.pem" >"$tmp/rsp.log" 2>&1 &
	rsp=$!
	local port=
	for _ in $(seq 1 200); do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/rsp.log")
		[ -n "$port" ] && break
		sleep 0.05
	done
	[ -n "$port" ] || fail "$1/responder did not start: $(cat "$tmp/rsp.log")"
	"$2/authenticate" 127.0.0.1 "$port" "$tmp/root.pem" >"$tmp/auth.log" 2>&1 ||
		{ cat "$tmp/auth.log"; fail "$2/authenticate against $1/responder"; }
	grep -q "^outcome: trusted$" "$tmp/auth.log" || fail "outcome not trusted"
	grep -q "^  \[2\] CN=" "$tmp/auth.log" || fail "the chain's subjects are not printed"
	wait "$rsp" || fail "$1/responder exit status"
	rsp=
}
pair "$tmp/pc" "$tmp/cm"
pair "$tmp/cm" "$tmp/pc"
step "examples run against each other (pkg-config <-> CMake): outcome trusted"
grep -q "^cspdm $version$" <<<"$("$dest$prefix/bin/cspdm" --version)" ||
	fail "installed cspdm --version"

# ---- uninstall ----
make --no-print-directory uninstall BUILD="$build" DESTDIR="$dest" >/dev/null || fail "make uninstall"
left=$(find "$dest" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
step "make uninstall removed every file"
echo "install-check: passed in $(($(date +%s) - t0)) s"
echo "install-check: 1 passed, 0 failed"
