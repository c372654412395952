#!/bin/sh
# bench/peers/sqlite/run.sh CSVDIR RUNS WHATIF_CAPACITY_FEN - the pipeline in
# SQLite's own SQL through the sqlite3 shell (Debian's sqlite3): .import the
# CSVs into a database file (WAL, synchronous=NORMAL, as zbb's book),
# convert them exactly (convert.sql), then RUNS times: rules (rules.sql),
# allocation (alloc.sql, a trigger-driven loop), summary (the pipeline is
# the three back to back), and a what-if re-allocation.  Prints "key value" lines like
# build/zbbbench.
set -eu
dir=$(cd "$1" && pwd); runs=${2:-3}; whatif=${3:-0}
here=$(cd "$(dirname "$0")" && pwd)
command -v sqlite3 >/dev/null || { echo "error sqlite3 is not installed (bench/run --setup)"; exit 1; }
tmp=$(mktemp -d /tmp/zbb-sqlite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/bench.db
ns() { date +%s%N; }
PRAGMAS="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-2000000; PRAGMA temp_store=MEMORY; PRAGMA threads=2;"
# the staging: .import makes s_<kind> from each file's header; a column the
# file lacks is added empty
cols() {
  case $1 in
  agencies) echo code name parent headcount function ;;
  bases) echo code title level valid_from valid_to ;;
  standards) echo code name economic unit max_price quota_per_head basis valid_from valid_to ;;
  priorities) echo code name rank ;;
  negative) echo code description economic keyword scope ;;
  pools) echo code name economic ;;
  prices) echo pool standard price ;;
  projects) echo code agency name kind tier function rigid urgent new basis priority scope score start_year end_year ;;
  items) echo project seq content economic standard unit price quantity level source ;;
  history) echo year agency project name budget executed carryover score ;;
  sources) echo code name kind function amount ;;
  evaluations) echo project score conclusion ratio necessity economy targets feasibility compliance evaluator date ;;
  reviews) echo project seq round action price quantity reason reviewer ;;
  targets) echo project level1 level2 name operator value unit weight ;;
  plans) echo project year amount ;;
  esac
}
{
  echo "$PRAGMAS"
  for k in agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans; do
    echo ".import --csv $dir/$k.csv s_$k"
    hdr=",$(head -1 "$dir/$k.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//'),"
    for c in $(cols $k); do
      case $hdr in *",$c,"*) ;; *) echo "ALTER TABLE s_$k ADD COLUMN \"$c\" TEXT;" ;; esac
    done
  done
  echo ".read $here/convert.sql"
} > "$tmp/import.sql"
rows=$(cat "$dir"/*.csv | wc -l); rows=$((rows - $(ls "$dir"/*.csv | wc -l)))
med() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m/1000}'; }
t_imp=""
for r in $(seq "$runs"); do
  rm -f "$db" "$db-wal" "$db-shm"
  t0=$(ns); sqlite3 -bail "$db" < "$tmp/import.sql" >/dev/null; t1=$(ns)
  t_imp="$t_imp $(( (t1 - t0) / 1000 ))"
done
TOTALS="SELECT sum(requested), sum(approved), sum(s_standard), sum(s_quota), sum(s_pool), sum(s_review), sum(s_evaluation),
  sum(s_low_execution), sum(s_negative), sum(s_no_basis), sum(s_no_standard) FROM r_item;"
ALLOC_RESULT="SELECT funded, livelihood, afford, cut FROM a_st;"
param() { echo "DROP TABLE IF EXISTS a_param; CREATE TABLE a_param(capacity INT); INSERT INTO a_param VALUES ($1);"; }
# the timed steps in one shell session; .shell marks the clock between them
{
  echo "$PRAGMAS"
  echo ".shell echo T0 \$(date +%s%N)"
  echo ".read $here/rules.sql"
  echo ".shell echo T1 \$(date +%s%N)"
  param -1; echo ".read $here/alloc.sql"; echo "$ALLOC_RESULT"
  echo ".shell echo T2 \$(date +%s%N)"
  echo "$TOTALS"
  echo ".shell echo T3 \$(date +%s%N)"
  param "$whatif"; echo ".read $here/alloc.sql"; echo "$ALLOC_RESULT"
  echo ".shell echo T4 \$(date +%s%N)"
} > "$tmp/steps.sql"
tr_=""; ta=""; ts=""; tw=""; tp=""
for r in $(seq "$runs"); do
  sqlite3 -bail "$db" < "$tmp/steps.sql" > "$tmp/out"
  eval "$(awk '$1 ~ /^T[0-4]$/ {print $1 "=" $2}' "$tmp/out")"
  tr_="$tr_ $(( (T1 - T0) / 1000 ))"; ta="$ta $(( (T2 - T1) / 1000 ))"; ts="$ts $(( (T3 - T2) / 1000 ))"
  tw="$tw $(( (T4 - T3) / 1000 ))"; tp="$tp $(( (T3 - T0) / 1000 ))"
done
echo "import_ms $(echo $t_imp | med)"
echo "import_rows $rows"
echo "rules_ms $(echo $tr_ | med)"
echo "alloc_ms $(echo $ta | med)"
echo "summary_ms $(echo $ts | med)"
echo "whatif_ms $(echo $tw | med)"
echo "pipeline_ms $(echo $tp | med)"
# the numbers: lines of the last run (allocation, totals, what-if allocation)
grep '|' "$tmp/out" | awk -F'|' '
  NR == 1 { f = $1; l = $2; a = $3; c = $4 }
  NR == 2 { for (i = 1; i <= 11; i++) t[i] = $i }
  NR == 3 { wf = $1; wl = $2; wa = $3; wc = $4 }
  function out(p, f, l, a, c) {
    print p "requested_fen " t[1]; print p "approved_fen " t[2]; print p "funded_fen " f
    split("standard quota pool review evaluation low_execution negative no_basis no_standard", n, " ")
    for (i = 1; i <= 9; i++) print p "savings_" n[i] " " t[i + 2]
    print p "savings_affordability " a; print p "savings_capacity " c
    print p "livelihood_ppm " (f > 0 ? "=" l "/" f : -1)
  }
  END { out("", f, l, a, c); out("whatif_", wf, wl, wa, wc) }' > "$tmp/nums"
# the share, half up to millionths, exactly (integers of up to 18 digits)
while read -r k v; do
  case $v in =*) v=${v#=}; l=${v%/*}; f=${v#*/}
    v=$(sqlite3 :memory: "SELECT CAST(decimal_add(decimal_mul($l, 2000000), $f) AS TEXT);" | awk -v f="$f" '{print $0}')
    v=$(python3 -c "print(($v) // (2 * $f))") ;;
  esac
  echo "$k $v"
done < "$tmp/nums"
