#!/bin/sh
# cache-seed (the tool TUI tests and benchmarks fill caches with): what it writes is a real r53
# cache, 0600 in a 0700 directory, namespaced, and a second run replaces rather than adds.
. "$(dirname "$0")/../tools/lib.sh"

SEED=$BUILD/bin/cache-seed
DB=$TMP/c/r53/cache.db

check "seeds 3 zones / 50 records" "$SEED" --cache "$DB" --profile prod \
	--endpoint http://127.0.0.1:1 --zones 3 --records 50
check_eq "file is 0600" "600" "$(stat -c %a "$DB")"
check_eq "new directory is 0700" "700" "$(stat -c %a "$TMP/c/r53")"
check_eq "zones written" "3" "$(sqlite3 "$DB" 'SELECT count(*) FROM zones')"
check_eq "record sets written" "50" "$(sqlite3 "$DB" 'SELECT count(*) FROM rrsets')"
check_eq "spread over the zones" "17 17 16" \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM rrsets GROUP BY zone_id ORDER BY zone_id' | tr '\n' ' ' | sed 's/ $//')"
check_eq "apex SOA and NS in each zone" "6" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM rrsets WHERE type IN ('SOA','NS')")"
check_eq "namespace" "prod|http://127.0.0.1:1" "$(sqlite3 "$DB" 'SELECT profile, endpoint FROM namespaces')"
check "another profile in the same file" "$SEED" --cache "$DB" --profile dev --zones 2 --records 10
check_eq "both namespaces kept" "60" "$(sqlite3 "$DB" 'SELECT count(*) FROM rrsets')"
check "reseed prod smaller" "$SEED" --cache "$DB" --profile prod \
	--endpoint http://127.0.0.1:1 --zones 1 --records 5
check_eq "prod replaced, dev kept" "15" "$(sqlite3 "$DB" 'SELECT count(*) FROM rrsets')"
check_fails "refuses missing arguments" "$SEED" --cache "$DB"
printf 'not a database' > "$TMP/junk.db"
out=$("$SEED" --cache "$TMP/junk.db" --zones 1 --records 1 2>&1)
check_contains "a foreign file is set aside" "moved it to $TMP/junk.db.corrupt-" "$out"
finish
