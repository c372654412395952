#!/bin/sh
# Installs what zbb needs to build and test, only what is missing, and
# says what it installs.  Safe to run again.
#  - Debian packages: the C toolchain and libraries; chromium (headless,
#    for the browser tests) and a CJK font so that its pages render
#    Chinese; LibreOffice Calc (headless) and poppler-utils for the office
#    test; nodejs and npm when no node/npm is on the PATH.
#  - npm packages pinned in package-lock.json (echarts, embedded in the
#    binary at build time; playwright-core, the browser tests' driver):
#    npm ci when node_modules does not match the lock file.
set -eu
cd "$(dirname "$0")/.."
PKGS="build-essential pkg-config sqlite3 libsqlite3-dev libcsv-dev libjansson-dev \
libmicrohttpd-dev libxlsxwriter-dev libsodium-dev libcmocka-dev libzip-dev libexpat1-dev zlib1g-dev \
curl jq clang libclang-rt-14-dev wrk chromium fonts-wqy-microhei libreoffice-calc-nogui poppler-utils \
postgresql libpq-dev"
# zlib1g-dev: a stored scenario keeps the inputs it ran on deflated (src/record.c);
# curl, jq: the server tests; clang + libclang-rt-14-dev (libFuzzer's runtime on
# Debian 12): the fuzz targets (make fuzz); wrk: the load test (tests/load/run.sh);
# chromium and a CJK font: the browser tests (tests/web/); libreoffice-calc-nogui
# (headless Calc) and poppler-utils (pdfinfo, pdftotext, pdftoppm): the office
# test (tests/cli/t0550-libreoffice.sh) opens every report workbook as Excel would;
# pdftotext and pdftoppm also read and show the pages the browser print test prints;
# postgresql and libpq-dev: the PostgreSQL driver (src/db_pg.c) and the test pass that
# runs the CLI tests again on a throwaway PostgreSQL server (tests/cli/lib.sh pg_start)
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm may come from elsewhere (e.g. NodeSource's nodejs carries npm): ask only when absent
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -z "$missing" ]; then
  echo "setup: all packages present"
else
  echo "setup: installing:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# the npm packages, exactly as locked
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.zbb-lock; then
  echo "setup: npm ci (echarts, playwright-core as pinned in package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.zbb-lock
else
  echo "setup: npm packages present"
fi
