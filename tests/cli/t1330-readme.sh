# README: every line of "A tour of the commands" runs on the demo book, in
# order (exit 0, or 1 where a command reports the errors it found: check,
# allocate); zbb serve, which runs until stopped, is started and stopped.
. "$TOP/tests/cli/lib.sh"
python3 - "$TOP/README.md" > tour.txt <<'PY' || fail "no tour in the README"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("## A tour of the commands")
block = text[text.index("```sh\n", start) + 6:]
block = block[:block.index("```")]
lines = [l for l in block.splitlines() if l.strip()]
assert len(lines) > 20, lines
print("\n".join(lines))
PY
n=0
while IFS= read -r line; do
  n=$((n + 1))
  case $line in
  zbb\ serve*)
    # runs until stopped: it must come up and answer, then it is stopped
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$ZBB" serve --listen "127.0.0.1:$port" > serve.log 2>&1 &
    pid=$!
    ok=0
    for i in $(seq 50); do
      if curl -s -o /dev/null "http://127.0.0.1:$port/"; then ok=1; break; fi
      sleep 0.2
    done
    kill "$pid"; wait "$pid" 2>/dev/null
    [ $ok = 1 ] || fail "README line $n: zbb serve did not answer: $(cat serve.log)"
    continue ;;
  esac
  cmd=${line/#zbb /\"\$ZBB\" }
  bash -c "ZBB=\"$ZBB\"; ${cmd}" > line.out 2> line.err
  rc=$?
  case $line in export\ *) eval "$line" ;; esac
  [ $rc -le 1 ] || fail "README line $n exits $rc: $line
$(cat line.err)"
  case $line in *check*|*allocate*) ;; *) [ $rc = 0 ] || fail "README line $n exits $rc: $line
$(cat line.err)" ;; esac
done < tour.txt
[ "$n" -gt 20 ] || fail "only $n lines"
{ [ -s demo.db ] || { on_pg && [ -e demo.db ]; }; } && [ -s agencies.xlsx ] && [ -s disclosure.xlsx ] && [ -s cuts.csv ] || fail "the tour's files"
