#!/bin/sh
# Installs the Debian packages r53's build and tests need; does nothing when all are present.
# As root: one `apt-get update`, then `apt-get install -y`. Otherwise: prints the command, fails.
set -eu

BUILD="gcc make pkg-config libncurses-dev libcurl4-openssl-dev libjansson-dev libsqlite3-dev \
libxml2-dev libmicrohttpd-dev libldns-dev libidn2-dev"
TEST="awscli tmux knot knot-dnsutils bind9-utils ldnsutils clang libclang-rt-14-dev sqlite3 jq \
python3 procps curl"

missing=""
for p in $BUILD $TEST; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "r53: missing packages:$missing" >&2
	echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "r53: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# knot's and others' services must not start on install: tests start their own on loopback.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
