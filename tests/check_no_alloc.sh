#!/bin/sh
# Fails if any object of the protocol core (src/core, src/codec) references an allocator or a
# libc function beyond the <string.h> basics. Arguments: the object files.
set -u
allowed='^(memcpy|memset|memmove|memcmp|strlen|__asan_.*|__ubsan_.*|__sanitizer_.*|__stack_chk_fail|_GLOBAL_OFFSET_TABLE_|cspdm_.*|rd_.*|wr_.*|spdm_.*|tr_.*|req_.*)$'
bad=0
[ $# -gt 0 ] || { echo "no objects given"; exit 1; }
for o in "$@"; do
  for s in $(nm -u "$o" | awk '{print $2}'); do
    case "$s" in malloc|calloc|realloc|free|aligned_alloc|posix_memalign|strdup|strndup)
      echo "ALLOC: $o references $s"; bad=1; continue;; esac
    if ! echo "$s" | grep -Eq "$allowed"; then echo "LIBC: $o references $s"; bad=1; fi
  done
done
[ $bad -eq 0 ] && echo "core objects: no allocation, no libc beyond string.h ($# objects)"
exit $bad
