#!/usr/bin/env bash
# The .evtx intake end to end: one large .evtx file uploaded in one request to the service started
# with a small heap, as an analyst posts a collected log.
#
#   bench/evtx-upload.sh [--mib N (default 1024)] [--heap SIZE (default 256m)] [--port N (default 18095)] [--no-build]
#
# Builds target/bench/evtx/evtx-<N>m.evtx with EvtxParseBench (the two real chunks of
# ../shared/samples/evtx in turn, records renumbered, checksums recomputed), starts the service jar
# with -Xmx<heap> on its embedded PostgreSQL (data in target/bench/evtx/pg), streams the file with
# curl (-T: read from disk as it is sent, never held whole) as application/x-evtx, samples the
# service's heap (jstat -gc) and resident memory (VmHWM) every second, and prints the ingest report,
# events/s and the memory peaks. Everything lands in target/bench/evtx/.
set -euo pipefail

MIB=1024; HEAP=256m; PORT=18095; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --mib) MIB="$2"; shift ;;
    --heap) HEAP="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/target/bench/evtx"
mkdir -p "$OUT"
cd "$ROOT"
log() { echo "[$(date -u +%T)] $*"; }

if [ $BUILD = 1 ]; then
  log "building the service and the bench classes"
  ./mvnw -B -q -ntp -DskipTests package
  ./mvnw -B -q -ntp -f bench/pom.xml package -DskipTests
  ./mvnw -B -q -ntp -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
JAR="$(ls target/pssession-detector-*.jar | grep -v original | head -1)"

FILE="$OUT/evtx-${MIB}m.evtx"
if [ ! -f "$FILE" ]; then
  log "building a $MIB MiB .evtx file"
  java -Xmx$((MIB * 3 + 512))m -cp "$CP" dev.escu.pssession.bench.EvtxParseBench --mib "$MIB" --runs 1 --warmup 0 \
    --samples ../shared/samples/evtx --out "$FILE" | head -1
fi
BYTES=$(stat -c %s "$FILE")

KEY="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
HASH="$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)"
rm -rf "$OUT/pg"
log "starting the service with -Xmx$HEAP on port $PORT (embedded PostgreSQL)"
java "-Xmx$HEAP" -XX:+UseG1GC -jar "$JAR" --server.port="$PORT" \
  --pssession.local-db.data-dir="$OUT/pg" \
  --pssession.security.api-keys[0].name=bench --pssession.security.api-keys[0].role=admin \
  --pssession.security.api-keys[0].sha256="$HASH" > "$OUT/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for i in $(seq 180); do
  curl -fsS "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { tail -30 "$OUT/service.log"; echo "the service died" >&2; exit 1; }
  sleep 1
done

(while kill -0 "$PID" 2>/dev/null; do
   echo "$(jstat -gc "$PID" 2>/dev/null | tail -1) $(grep VmHWM /proc/"$PID"/status 2>/dev/null | awk '{print $2}')"
   sleep 1
 done) > "$OUT/jstat.txt" &
SAMPLER=$!

log "uploading $BYTES bytes as application/x-evtx"
START=$(date +%s.%N)
STATUS=$(curl -sS -o "$OUT/report.json" -w '%{http_code}' -X POST -T "$FILE" \
  -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-evtx' "http://127.0.0.1:$PORT/api/v1/events")
END=$(date +%s.%N)
kill "$SAMPLER" 2>/dev/null || true

# jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ...; used = S0U + S1U + EU + OU (KB); last column: VmHWM (KB)
MEMORY=$(awk 'NF > 10 && $1 ~ /^[0-9.]+$/ { used = ($3 + $4 + $6 + $8) / 1024; if (used > u) u = used; if ($NF > r) r = $NF }
              END { printf "heap used at most %.1f MB, RSS at most %.1f MB", u, r / 1024 }' "$OUT/jstat.txt")
python3 - "$OUT/report.json" "$STATUS" "$START" "$END" "$BYTES" "$HEAP" "$MEMORY" <<'PY' | tee "$OUT/summary.txt"
import json, sys
report_file, status, start, end, size, heap, memory = sys.argv[1:]
seconds = float(end) - float(start)
report = json.load(open(report_file))
received = report.get("received", 0)
print(f"HTTP {status} in {seconds:.1f} s: {int(size):,} bytes ({int(size) / seconds / 1e6:.1f} MB/s), "
      f"received {received:,}, accepted {report.get('accepted', 0):,}, rejected {len(report.get('rejected', []))}, "
      f"matched {report.get('matched', 0):,}, duplicates {report.get('duplicates', 0):,}: "
      f"{received / seconds:,.0f} events/s; -Xmx{heap}: {memory}")
PY
