#!/bin/sh
# check-layers passes on the tree, and fails (naming the file) when any layer rule is broken.
. "$(dirname "$0")/lib.sh"

check "check-layers passes on the tree" sh "$ROOT/tools/check-layers.sh" "$ROOT"

# break_rule DIR INCLUDE: copy the tree's sources, add the include to DIR, expect failure.
break_rule() {
	rm -rf "$TMP/tree"
	mkdir -p "$TMP/tree"
	for d in models client cache tui controlplane; do
		mkdir -p "$TMP/tree/$d"
		cp "$ROOT/$d"/*.[ch] "$TMP/tree/$d/" 2>/dev/null
	done
	printf '#include %s\n' "$2" > "$TMP/tree/$1/zz_bad.c"
	out=$(sh "$ROOT/tools/check-layers.sh" "$TMP/tree" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && echo "$out" | grep -q "zz_bad.c"; then
		pass "check-layers refuses $1/ including $2"
	else
		fail "check-layers refuses $1/ including $2" "rc=$rc" "$out"
	fi
}
break_rule models '"client/client.h"'
break_rule models '<curses.h>'
break_rule models '<sqlite3.h>'
break_rule models '<libxml/tree.h>'
break_rule client '"cache/cache.h"'
break_rule client '<ncurses.h>'
break_rule cache '"client/client.h"'
break_rule cache '<curl/curl.h>'
break_rule controlplane '"client/client.h"'
break_rule controlplane '"cache/cache.h"'
break_rule controlplane '"tui/tui.h"'
finish
