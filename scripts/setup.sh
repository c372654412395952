#!/bin/sh
# Installs the Debian packages zbb needs to build and test, only those missing.
# Says what it installs. Safe to run again.
set -eu
PKGS="build-essential pkg-config sqlite3 libsqlite3-dev libcsv-dev libjansson-dev \
libmicrohttpd-dev libxlsxwriter-dev libsodium-dev libcmocka-dev libzip-dev libexpat1-dev \
curl jq clang libclang-rt-14-dev wrk"
# curl, jq: the server tests; clang + libclang-rt-14-dev (libFuzzer's runtime on
# Debian 12): the fuzz targets (make fuzz); wrk: the load test (tests/load/run.sh)
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi
echo "setup: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
