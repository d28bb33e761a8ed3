#!/bin/sh
# Every subcommand opens the cache the same way: a damaged file and another program's SQLite
# file are named, moved aside (renamed, kept) and replaced by a fresh cache; a cache written
# by a newer r53 is refused (exit 1) and left untouched; the default directory is 0700 and the
# file 0600, fixed and said when looser.
. "$(dirname "$0")/../tools/lib.sh"

start_local || exit 1
awsl route53 create-hosted-zone --name example.com --caller-reference cr-1 > /dev/null
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/b.json"

# CMD... as one word each: the subcommands that open the cache
cmds="staged|history|discard --all|search 192.0.2|--offline zones|--offline records example.com|sync|stage example.com $TMP/b.json|apply-staged example.com --dry-run|rollback example.com --dry-run"

try() { # FILE CMD: runs r53 on FILE, sets out and rc
	out=$(eval "\"\$R53\" --cache \"\$1\" --endpoint-url \"\$LOCAL_URL\" $2" 2>&1)
	rc=$?
}

IFS='|'
for cmd in $cmds; do
	unset IFS
	d=$TMP/d.$(printf '%s' "$cmd" | tr -c 'a-z' _)
	mkdir -p "$d"
	# damaged
	echo "garbage, not SQLite" > "$d/c.db"
	try "$d/c.db" "$cmd"
	check_contains "$cmd: a damaged file is named and moved aside" \
		"$d/c.db is not an r53 cache (it is not an SQLite database); moved it to $d/c.db.corrupt-" "$out"
	check_contains "$cmd: a fresh cache is started" "started a fresh cache" "$out"
	check_eq "$cmd: the damaged file is kept" "garbage, not SQLite" "$(cat "$d"/c.db.corrupt-*)"
	check_eq "$cmd: the fresh cache is ours" "4" "$(sqlite3 "$d/c.db" 'PRAGMA user_version')"
	# foreign
	rm -f "$d"/c.db*
	sqlite3 "$d/c.db" "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES('keep me')"
	try "$d/c.db" "$cmd"
	check_contains "$cmd: another program's database is named and moved aside" \
		"$d/c.db is not an r53 cache (it is another program's SQLite database); moved it to" "$out"
	check_eq "$cmd: its data is kept" "keep me" "$(sqlite3 "$d"/c.db.corrupt-* 'SELECT t FROM notes')"
	# newer
	rm -f "$d"/c.db*
	"$R53" --cache "$d/c.db" staged > /dev/null 2>&1
	sqlite3 "$d/c.db" 'PRAGMA user_version=99'
	sum=$(md5sum < "$d/c.db")
	try "$d/c.db" "$cmd"
	check_eq "$cmd: a newer cache is refused with exit 1" "1" "$rc"
	check_contains "$cmd: the refusal names the file and the versions" \
		"$d/c.db was written by a newer r53 (cache schema 99, this r53 knows 4)" "$out"
	check_eq "$cmd: the newer cache is left untouched" "$sum" "$(md5sum < "$d/c.db")"
	check_eq "$cmd: nothing set aside" "" "$(ls "$d" | grep corrupt)"
	IFS='|'
done
unset IFS

# Modes at the default path ($HOME/.cache/r53), for every subcommand alike.
dir=$HOME/.cache/r53
for cmd in staged history "--offline zones" "search x"; do
	mkdir -p "$dir"
	"$R53" --endpoint-url "$LOCAL_URL" staged > /dev/null 2>&1
	chmod 755 "$dir"
	chmod 644 "$dir/cache.db"
	out=$(eval "\"\$R53\" --endpoint-url \"\$LOCAL_URL\" $cmd" 2>&1)
	check_contains "$cmd: a loose directory is said" "cache directory $dir was mode 0755; set to 0700" "$out"
	check_contains "$cmd: a loose file is said" "cache file $dir/cache.db was mode 0644; set to 0600" "$out"
	check_eq "$cmd: both fixed" "700 600" "$(stat -c %a "$dir") $(stat -c %a "$dir/cache.db")"
done
out=$("$R53" --endpoint-url "$LOCAL_URL" staged 2>&1)
check_eq "once fixed, nothing more is said" "r53: nothing staged" "$out"
finish
