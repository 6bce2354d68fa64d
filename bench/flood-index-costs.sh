#!/usr/bin/env bash
# Where PostgreSQL's time goes when the all-match flood stores a matched event: 20,000 rows (the
# flood's latest matched events, given new identities and groups) inserted into matched_event as a
# flood left it, with both its indexes, with one of them, and with none; where the primary key is kept
# the insert skips conflicts as the service's RECORD statement does. Each insert runs in its own
# transaction, which drops the indexes it goes without and is rolled back; the variants take turns in a
# rotating order, --rounds times, and the median of each (the lower middle one for an even count) is
# printed in microseconds per row. A rolled-back insert leaves its dead entries and split pages behind
# until the next VACUUM: a few MB per round, the same for every variant; the next flood empties the tables.
#
#   bench/flood-index-costs.sh [--rounds N (default 5)] [--pg-port N (default 55432)]
#
# Needs the database that bench/run.sh leaves in bench/work/pg with a flood in it (its default
# `--postgres debian` server; for example after `bench/run.sh --no-profile --only flood`); starts that
# PostgreSQL if it is not running and stops it again. Output: target/bench/results/<UTC>-index-costs/ (the raw timings and a table).
set -euo pipefail

ROUNDS=5; PG_PORT=55432
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift ;;
    --pg-port) PG_PORT="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PGDATA="$ROOT/bench/work/pg"
PG_BIN="/usr/lib/postgresql/$(cat "$PGDATA/PG_VERSION" 2>/dev/null)/bin" # the server that made the directory
OUT="$ROOT/target/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-index-costs"
mkdir -p "$OUT"
[ -f "$PGDATA/PG_VERSION" ] || { echo "no bench database in $PGDATA: run bench/run.sh --only flood first" >&2; exit 2; }

STARTED=0
if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" status > /dev/null 2>&1; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -o "-p $PG_PORT" -w start > /dev/null
  STARTED=1
fi
stop() { [ $STARTED = 1 ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null; true; }
trap stop EXIT
psql() { runuser -u postgres -- env PGOPTIONS=--client-min-messages=warning "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 -d pssession "$@"; }

ROWS=$(psql -At -c "SELECT count(*) FROM matched_event")
[ "$ROWS" -ge 100000 ] || { echo "matched_event holds $ROWS rows: run the flood first" >&2; exit 2; }
psql -c "DROP TABLE IF EXISTS bench_index_costs_source" \
     -c "CREATE UNLOGGED TABLE bench_index_costs_source AS
         SELECT detection_id, columns_id, event_key, group_hash, dest, event_time, fields
         FROM matched_event ORDER BY received_at DESC LIMIT 20000"
echo "matched_event: $ROWS rows; $(psql -At -c "SELECT pg_size_pretty(pg_relation_size('matched_event_pkey')) || ' primary key, ' || pg_size_pretty(pg_relation_size('matched_event_by_dest_time')) || ' dest index'")" | tee "$OUT/table.txt"

# One insert of the 20,000 rows, each given a new identity and group (sha256 of the old one and the
# round), in key order as the service's RECORD statement inserts them.
measure() { # variant round drop-statements on-conflict-clause
  psql -v ON_ERROR_STOP=1 <<SQL | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
BEGIN;
$3
CREATE TEMP TABLE staged ON COMMIT DROP AS
  SELECT detection_id, columns_id, sha256(event_key || '$1$2'::bytea) AS event_key, sha256(group_hash || '$1$2'::bytea) AS group_hash,
         dest, event_time, fields FROM bench_index_costs_source;
\timing on
INSERT INTO matched_event (detection_id, columns_id, event_key, group_hash, dest, event_time, fields)
  SELECT detection_id, columns_id, event_key, group_hash, dest, event_time, fields FROM staged ORDER BY detection_id, event_key
  $4;
\timing off
ROLLBACK;
SQL
}

declare -A DROPS=(
  [shipped]=""
  [primary-key-only]="DROP INDEX matched_event_by_dest_time;"
  [dest-index-only]="ALTER TABLE matched_event DROP CONSTRAINT matched_event_pkey;"
  [heap-only]="DROP INDEX matched_event_by_dest_time; ALTER TABLE matched_event DROP CONSTRAINT matched_event_pkey;"
)
VARIANTS=(shipped primary-key-only dest-index-only heap-only)
for round in $(seq 1 "$ROUNDS"); do
  for k in 0 1 2 3; do
    v="${VARIANTS[$(( (k + round - 1) % 4 ))]}"
    conflict=""
    [[ "${DROPS[$v]}" == *pkey* ]] || conflict="ON CONFLICT (detection_id, event_key) DO NOTHING"
    ms=$(measure "$v" "$round" "${DROPS[$v]}" "$conflict")
    echo "$v $round $ms" | tee -a "$OUT/timings.txt"
  done
done
psql -c "DROP TABLE bench_index_costs_source"

{
  echo "| matched_event as | median ms for 20,000 rows | µs per row |"
  echo "|---|---:|---:|"
  for v in "${VARIANTS[@]}"; do
    median=$(awk -v v="$v" '$1 == v {print $3}' "$OUT/timings.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    awk -v v="$v" -v m="$median" 'BEGIN {printf "| %s | %.0f | %.1f |\n", v, m, m * 1000 / 20000}'
  done
} | tee "$OUT/summary.md"
