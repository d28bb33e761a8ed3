#!/bin/sh
# Enforces the layers: models <- client, cache <- tui; models <- controlplane.
# Usage: check-layers.sh [ROOT]   (ROOT defaults to the tree this script is in)
# Prints every offending include and exits 1 when any rule is broken.
root=${1:-$(dirname "$0")/..}
bad=0

# rule DIR REGEX WHY: no file in DIR may include a header matching REGEX.
rule() {
	dir=$1 re=$2 why=$3
	[ -d "$root/$dir" ] || return 0
	hits=$(grep -nHE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($re)" \
		"$root/$dir"/*.[ch] 2>/dev/null)
	if [ -n "$hits" ]; then
		echo "check-layers: $dir/ $why:" >&2
		echo "$hits" | sed "s|^$root/||" >&2
		bad=1
	fi
}

rule models 'client/|cache/|tui/|controlplane/|n?curses|curl/|sqlite3|libxml/|microhttpd|jansson|ldns/' \
	'must include nothing of ours but models/, and no curses/curl/sqlite/libxml2/microhttpd/jansson/ldns'
rule client 'cache/|tui/|controlplane/|n?curses|sqlite3|microhttpd' \
	'may use models/ only (no cache/, tui/, controlplane/, curses, sqlite, microhttpd)'
rule cache 'client/|tui/|controlplane/|n?curses|curl/|libxml/|microhttpd|ldns/' \
	'may use models/ only (no client/, tui/, controlplane/, curses, curl, libxml2)'
rule controlplane 'client/|cache/|tui/|n?curses|curl/|ldns/' \
	'may use models/ only (never client/, cache/ or tui/)'
rule tui 'controlplane/' 'must not include the control plane'

[ $bad -eq 0 ] && echo "check-layers: ok"
exit $bad
