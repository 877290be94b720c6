#!/bin/sh
# Fails if an object of the protocol core (src/core, src/codec) references an allocator or any
# libc function beyond the <string.h> basics. Symbols the core defines itself are fine.
# Arguments: the object files.
set -u
[ $# -gt 0 ] || { echo "no objects given"; exit 1; }
own=$(nm --defined-only "$@" 2>/dev/null | awk 'NF==3 {print $3}' | sort -u)
libc='^(memcpy|memset|memmove|memcmp|strlen)$'
tooling='^(__asan_.*|__ubsan_.*|__sanitizer_.*|__stack_chk_fail|_GLOBAL_OFFSET_TABLE_)$'
bad=0
for s in $(nm -u "$@" 2>/dev/null | awk 'NF==2 {print $2}' | sort -u); do
  case "$s" in malloc|calloc|realloc|free|aligned_alloc|posix_memalign|strdup|strndup)
    echo "ALLOC: the core references $s"; bad=1; continue;; esac
  echo "$own" | grep -qx "$s" && continue
  echo "$s" | grep -Eq "$libc|$tooling" && continue
  echo "LIBC: the core references $s"; bad=1
done
[ $bad -eq 0 ] && echo "core objects: no allocation, no libc beyond string.h ($# objects)"
exit $bad
