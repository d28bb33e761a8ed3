#!/bin/sh
# `r53 stage` killed at every write it makes: a change batch file is staged whole or not at
# all, so a half batch can never be reviewed or applied, and the cache opens after each kill.
# (The kill comes from tests/tools/preload/crashat.c: SIGKILL at the Nth pwrite, N = 1, 2, ...
# until a run gets through.)
. "$(dirname "$0")/../tools/lib.sh"

CRASHAT=$BUILD/lib/crashat.so
[ -f "$CRASHAT" ] || { echo "build $CRASHAT first (make)" >&2; exit 1; }
"$BUILD/bin/cache-seed" --cache "$TMP/seed.db" --zones 1 --records 3 > /dev/null
cat > "$TMP/b.json" <<'JSON'
{"Changes": [
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "a.zone1.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "b.zone1.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "c.zone1.example", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"three\""}]}}
]}
JSON
staged() { "$R53" --cache "$TMP/c.db" --offline staged 2>/dev/null | grep -c '^ *+'; }

n=0 killed=0 bad=0 unreadable=0 done=
while [ $n -lt 300 ]; do
	n=$((n + 1))
	rm -f "$TMP"/c.db*
	cp "$TMP/seed.db" "$TMP/c.db"
	env LD_PRELOAD="$CRASHAT" R53_CRASH_AT_PWRITE=$n ASAN_OPTIONS=verify_asan_link_order=0 \
		"$R53" --cache "$TMP/c.db" --offline stage zone1.example "$TMP/b.json" > /dev/null 2>&1
	rc=$?
	got=$(staged)
	"$R53" --cache "$TMP/c.db" --offline staged > /dev/null 2>&1 || unreadable=$((unreadable + 1))
	if [ $rc -eq 0 ]; then
		done=$n
		check_eq "a run that is not killed stages all 3" "3" "$got"
		break
	fi
	killed=$((killed + 1))
	case $got in
	0 | 3) ;;
	*) bad=$((bad + 1)); echo "killed at write $n: $got of 3 staged" ;;
	esac
done
check "the run got through once the writes were all allowed" test -n "$done"
check "it was killed at every write before that ($killed kills)" test "$killed" -ge 5
check_eq "no kill left part of the batch staged" "0" "$bad"
check_eq "the cache opened after every kill" "0" "$unreadable"
finish
