#!/bin/bash
# scripts/fdw-coordinator.sh - regions of a province spread over several
# PostgreSQL servers, read as one book through postgres_fdw (SPEC §14).
#
#   scripts/fdw-coordinator.sh COORD NAME REMOTE REGION...
#
# COORD   the coordinator's database, as psql takes it, connecting as a
#         superuser (CREATE EXTENSION, CREATE SERVER):
#         "host=10.0.2.1 port=5432 dbname=hunan user=postgres"
# NAME    a name for the remote server ("changsha")
# REMOTE  the remote book's connection options, as postgres_fdw takes them:
#         "host=10.0.2.11 port=5432 dbname=changsha user=zbb"
# REGION  the regions the remote book holds (each a 9-digit code)
#
# Before: the coordinator is a zbb book (zbb init, zbb region add) that has
# every region of the province, and each remote is a zbb book of its regions
# (zbb copy --region, or made there).  Run once per remote server.  After:
# each of those regions' partitions on the coordinator is a foreign table on
# the remote's partition of the same name, and zbb pointed at the
# coordinator reads the province as one book: `zbb --db COORD_URL report
# summary --rollup`, `report regions` ...
#
# A foreign table can carry neither a primary key nor a foreign key, so the
# coordinator's keys are dropped: it is for reading; each region's writes go
# to its own server, whose keys and audit log hold as they do anywhere.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,26p' "$0" >&2; exit 2; }
coord=$1 name=$2 remote=$3
shift 3
[[ $name =~ ^[a-z][a-z0-9_]*$ ]] || { echo "fdw-coordinator: NAME is lower-case letters, digits and _" >&2; exit 2; }
for r in "$@"; do
  [[ $r =~ ^[0-9]{9}$ ]] || { echo "fdw-coordinator: $r is not a 9-digit region code" >&2; exit 2; }
done
# the remote's options as postgres_fdw's OPTIONS: user goes to the mapping
opts= user=
for kv in $remote; do
  k=${kv%%=*} v=${kv#*=}
  if [ "$k" = user ]; then user=$v; else opts+="${opts:+, }$k '${v//\'/\'\'}'"; fi
done
[ -n "$user" ] || { echo "fdw-coordinator: REMOTE names no user" >&2; exit 2; }
regions=$(printf "'%s'," "$@"); regions="ARRAY[${regions%,}]"
psql -X -q -v ON_ERROR_STOP=1 "$coord" <<EOF
BEGIN;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER $name FOREIGN DATA WRAPPER postgres_fdw OPTIONS ($opts);
-- every role of the coordinator reads the remote as its zbb role (the
-- remote's row-level security shows it all of the remote's regions; the
-- coordinator's own policies fence what each reader sees)
CREATE USER MAPPING FOR PUBLIC SERVER $name OPTIONS (user '${user//\'/\'\'}', password_required 'false');
DO \$f\$ DECLARE t text; k record; r text; BEGIN
  -- the keys go: a partitioned table with a foreign partition can have none
  FOR k IN SELECT c.relname AS tbl, x.conname FROM pg_constraint x JOIN pg_class c ON c.oid = x.conrelid
    WHERE x.contype IN ('f', 'p', 'u') AND c.relkind = 'p' AND x.conparentid = 0
    AND c.relnamespace = current_schema()::regnamespace ORDER BY x.contype LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I CASCADE', k.tbl, k.conname);
  END LOOP;
  FOR t IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'p'
    AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname LOOP
    FOREACH r IN ARRAY $regions LOOP
      IF to_regclass(format('%I', t || '__' || r)) IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', t, t || '__' || r);
        EXECUTE format('DROP TABLE %I', t || '__' || r);
      END IF;
      EXECUTE format('CREATE FOREIGN TABLE %I PARTITION OF %I FOR VALUES IN (%L) SERVER %I'
        ' OPTIONS (table_name %L)', t || '__' || r, t, r, '$name', t || '__' || r);
    END LOOP;
  END LOOP;
END \$f\$;
COMMIT;
EOF
echo "fdw-coordinator: $# regions now read from $name"
