#!/bin/sh
# Every common/*.c must compile with -ffreestanding -nostdinc: only the
# compiler's own headers (stdint.h, stddef.h, stdbool.h) are allowed.
set -eu
src=${top_srcdir:-.}/common
cc=${CC:-gcc}
inc=$($cc -print-file-name=include)
fail=0
for f in "$src"/*.c; do
	if ! $cc -std=gnu11 -ffreestanding -fno-builtin -nostdinc -isystem "$inc" \
		-I"$src" -Wall -Werror -fsyntax-only "$f"; then
		echo "NOT FREESTANDING: $f"; fail=1
	fi
done
[ $fail = 0 ] && echo "common/ is freestanding ($(ls "$src"/*.c | wc -l) files)"
exit $fail
