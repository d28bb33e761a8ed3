#!/bin/sh
# The client's codecs on saved samples: each tests/codec/client/<case>/ has `args` (codec-dump's
# arguments; the input file is appended, except for `query`), `input` and `expected`.
# R53_UPDATE=1 rewrites `expected` from the current output (review the diff before committing).
. "$(dirname "$0")/../tools/lib.sh"

DUMP=$BUILD/bin/codec-dump
for d in "$ROOT"/tests/codec/client/*/; do
	name=$(basename "$d")
	read -r args < "$d/args"
	case $args in
	query*) got=$(eval "set -- $args"; "$DUMP" "$@" 2>&1) ;;
	error*) got=$(eval "set -- $args"; "$DUMP" "$@" "$d/input" 2>&1) ;;
	*) got=$(eval "set -- $args"; "$DUMP" "$@" "$d/input" 2>&1) ;;
	esac
	if [ "${R53_UPDATE:-}" = 1 ]; then
		printf '%s\n' "$got" > "$d/expected"
	fi
	check_eq "codec $name" "$(cat "$d/expected")" "$got"
done
finish
