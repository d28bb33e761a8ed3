#!/bin/sh
# Export a 10,000-record zone from r53-local: r53 beside `aws route53 list-resource-record-sets`
# (design target: 10x faster), medians of 5 runs, and the number of requests r53 sent (target 34,
# over reused connections).
cd "$(dirname "$0")/.." || exit 1
BIN=${BIN:-build/bin}
AWS=/usr/bin/aws
[ -x "$AWS" ] || AWS=aws
TMP=$(mktemp -d)
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1 \
	AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true HOME="$TMP"
"$BIN/r53-local" --listen 127.0.0.1:0 --db "$TMP/db" --seed demo > "$TMP/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ $i -lt 200 ]; do
	URL=$(sed -n 's/^r53-local listening on \(http:[^ ]*\)$/\1/p' "$TMP/log")
	[ -n "$URL" ] && break
	sleep 0.05
	i=$((i + 1))
done
[ -n "$URL" ] || { cat "$TMP/log"; exit 1; }
ZID=$("$BIN/r53" --endpoint-url "$URL" zones | awk '$2 == "bulk.example.test." {print $1}')
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() {
	start=$(date +%s%N)
	"$@" > /dev/null
	echo $(( ($(date +%s%N) - start) / 1000000 ))
}
r=$(for i in 1 2 3 4 5; do ms "$BIN/r53" --endpoint-url "$URL" export "$ZID"; done | median)
a=$(for i in 1 2 3 4 5; do ms "$AWS" --endpoint-url "$URL" --output json route53 \
	list-resource-record-sets --hosted-zone-id "$ZID"; done | median)
echo "export: 10,000 record sets: r53 ${r} ms, aws ${a} ms, $(awk "BEGIN {printf \"%.1f\", $a / ($r ? $r : 1)}")x (target 10x)"
