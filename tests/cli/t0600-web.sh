# The browser tests (tests/web/run.mjs): headless chromium through
# playwright-core against zbb serve on a small book the runner builds.
# Needs scripts/setup.sh (chromium, nodejs, npm ci).
. "$TOP/tests/cli/lib.sh"
command -v node >/dev/null || fail "node is missing: run scripts/setup.sh"
[ -x /usr/bin/chromium ] || fail "chromium is missing: run scripts/setup.sh"
[ -d "$TOP/node_modules/playwright-core" ] || fail "playwright-core is missing: run scripts/setup.sh (npm ci)"
out=$(cd "$TOP" && timeout 420 node tests/web/run.mjs "$ZBB" 2>&1); rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] || fail "browser tests failed (exit $rc)"
contains "$out" "21 passed, 0 failed"
