#!/bin/sh
# bench/peers/pg/run.sh CSVDIR RUNS WHATIF_CAPACITY_FEN - the pipeline in
# PostgreSQL (Debian's postgresql package): a throw-away cluster (initdb in
# a temporary folder, loopback port, stopped after), COPY the CSVs in
# (import.sql), then RUNS times: rules (rules.sql), allocation (PL/pgSQL
# greedy loop), summary (the pipeline is the three back to back), and a
# what-if re-allocation.
# Prints "key value" lines like build/zbbbench: medians in ms, and the
# summary numbers of the last run.
set -eu
dir=$(cd "$1" && pwd); runs=${2:-3}; whatif=${3:-0}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "error postgresql is not installed (bench/run --setup)"; exit 1; }
tmp=$(mktemp -d /tmp/zbb-pg.XXXXXX)
port=${ZBB_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$tmp" && chmod 755 "$dir"
cleanup() { run_pg "$bin/pg_ctl -D $tmp/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
run_pg "$bin/initdb -D $tmp/data -E UTF8 --locale=C -A trust -U postgres" >/dev/null
# a fair configuration for a 2-core, 24 GB benchmark machine
cat >> "$tmp/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
shared_buffers = 4GB
work_mem = 512MB
maintenance_work_mem = 1GB
synchronous_commit = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 16GB
checkpoint_timeout = 30min
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 2
jit = off
CONF
run_pg "$bin/pg_ctl -D $tmp/data -l $tmp/log -w start" >/dev/null
PSQL="psql -X -q -h 127.0.0.1 -p $port -U postgres -d postgres -v ON_ERROR_STOP=1"
ns() { date +%s%N; }
# each file's header is the column list of its COPY (columns come in any order)
vars=""
for k in agencies bases standards priorities negative pools prices projects items history sources evaluations reviews targets plans; do
  vars="$vars -v f_$k=$dir/$k.csv -v cols_$k=$(head -1 "$dir/$k.csv" | tr -d "\r" | sed "s/^\xef\xbb\xbf//")"
done
rows=$(cat "$dir"/*.csv | wc -l); rows=$((rows - 15))
t_imp=""
for r in $(seq "$runs"); do
  t0=$(ns); $PSQL $vars -f "$here/import.sql"; t1=$(ns)
  t_imp="$t_imp $(( (t1 - t0) / 1000 ))"
done
$PSQL -f "$here/pipeline.sql"
# the timed steps, all in one session; \! marks the clock between them
cat > "$tmp/steps.sql" <<SQL
\\set ON_ERROR_STOP on
SET search_path = zbb;
\\! echo T0 \$(date +%s%N)
\\i $here/rules.sql
\\! echo T1 \$(date +%s%N)
SELECT * FROM zbb_alloc(-1);
\\! echo T2 \$(date +%s%N)
SELECT * FROM zbb_totals();
\\! echo T3 \$(date +%s%N)
SELECT * FROM zbb_alloc($whatif);
\\! echo T4 \$(date +%s%N)
SQL
med() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m/1000}'; }
tr_=""; ta=""; ts=""; tw=""; tp=""
for r in $(seq "$runs"); do
  $PSQL -A -t -f "$tmp/steps.sql" > "$tmp/out"
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
$PSQL -A -t -F ' ' -c "SET search_path = zbb; SELECT * FROM zbb_summary(-1)"
$PSQL -A -t -F ' ' -c "SET search_path = zbb; SELECT 'whatif_' || key, value FROM zbb_summary($whatif)"
