#!/bin/bash
# manual A/B of load generator clients against one running service
set -e
cd /work/main
# run as root with the bench cluster stopped (the path of the repository is this machine's)
PGDATA=bench/work/pg; PG_BIN=/usr/lib/postgresql/15/bin; PORT=18090
API_KEY="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
API_HASH="$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)"
runuser -u postgres -- $PG_BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -o "-p 55432 -c shared_buffers=1GB" -w start >/dev/null
PG_PID="$(head -1 $PGDATA/postmaster.pid)"
java -Xmx1g -XX:+UseG1GC -jar target/pssession-detector-0.1.0-SNAPSHOT.jar --server.port=$PORT \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:55432/pssession" --spring.datasource.username=postgres --spring.datasource.password=unused \
  --pssession.security.api-keys[0].name=bench --pssession.security.api-keys[0].role=admin --pssession.security.api-keys[0].sha256="$API_HASH" > /tmp/ab/service.log 2>&1 &
SP=$!
trap 'kill $SP; wait $SP || true; runuser -u postgres -- $PG_BIN/pg_ctl -D $PGDATA -m fast stop >/dev/null' EXIT
runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p 55432 -U postgres -d pssession -qc "TRUNCATE matched_event, risk_event, finding RESTART IDENTITY" && echo truncated
until curl -fsS http://127.0.0.1:$PORT/actuator/health/readiness >/dev/null 2>&1; do sleep 1; done
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
lg() { java -Xmx2g -cp "$CP" dev.escu.pssession.bench.LoadGenerator --url http://127.0.0.1:$PORT --key "$API_KEY" --service-pid $SP --pg-pid $PG_PID "$@"; }
for s in 90 91 92; do lg --name warm --rate 0.01 --batch 10000 --requests 60 --stream $((s+5000)) --out /tmp/ab/warm.jsonl >/dev/null 2>&1; done
lg --name warm --rate 0.01 --batch 1000 --requests 300 --stream 5093 --out /tmp/ab/warm.jsonl >/dev/null 2>&1
st=6000
for round in 1 2; do
  for client in ${CLIENTS:-jdk plain}; do
    for conc in ${CONCS:-2}; do
    st=$((st+1))
    lg --name "ab-$client-c$conc" --client $client --rate 0.01 --batch 10000 --requests ${REQS:-150} --warmup 2 --concurrency $conc --stream $st $EXTRA --out /tmp/ab/ab.jsonl 2>/dev/null >/dev/null
    tail -1 /tmp/ab/ab.jsonl | python3 -c "
import sys,json
r=json.loads(sys.stdin.read()); c=r['cpu']
print(r['name'], r['gzip'], r['failures'], round(r['eventsPerSecond']), round(r['p50Ms'],1), round(r['p99Ms'],1), 'svc',c['serviceCpuSeconds'], 'pg',c['postgresCpuSeconds'], 'lg',c['loadgenCpuSeconds'], 'wall',c['wallSeconds'], c['coresBusy'])"
    done
  done
done
