#!/usr/bin/env bash
# Ships the shared PowerShell 4104 samples to the service with a real syslog-ng, over the Splunk HEC
# endpoints, and checks the findings the service then reports.
#
#   scripts/shipper-syslog-ng.sh [raw|event]     (default: raw)
#
# raw:   syslog-ng's http() destination posts the raw XML events, batched, to /services/collector/raw
#        with source and sourcetype as query parameters.
# event: it wraps each event in a HEC envelope {"event": "<Event ...>", "source": ..., "sourcetype": ...}
#        and posts the envelopes, batched and concatenated, to /services/collector/event.
#
# Input: the samples file, appended to a file syslog-ng follows. Its third event spans four lines; the
# file source reassembles each <Event> ... </Event> with multi-line-mode(prefix-suffix).
#
# Environment:
#   PSSESSION_URL        a running service (e.g. http://127.0.0.1:8082); without it the script builds
#                        the jar and starts it on port 8082 with a fresh embedded PostgreSQL
#   PSSESSION_HEC_TOKEN  an API key with the ingest or admin role, sent as "Authorization: Splunk <key>";
#                        with PSSESSION_URL it is required (admin, as the script also reads findings);
#                        a self-started service gets a fresh admin key
#   SAMPLES              the XML samples (default: ../shared/samples/powershell-4104.xml, or the copy
#                        in src/test/resources/samples)
#
# Needs: syslog-ng with its http module (Debian: apt-get install syslog-ng-core syslog-ng-mod-http),
# curl, jq, and for a self-started service Java 17.
set -euo pipefail

MODE="${1:-raw}"
case "$MODE" in raw|event) ;; *) echo "usage: $0 [raw|event]" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SAMPLES="${SAMPLES:-}"
if [[ -z "$SAMPLES" ]]; then
  for candidate in "$ROOT/../shared/samples/powershell-4104.xml" "$ROOT/src/test/resources/samples/powershell-4104.xml"; do
    if [[ -f "$candidate" ]]; then SAMPLES="$candidate"; break; fi
  done
fi

for tool in syslog-ng curl jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (Debian: apt-get install -y syslog-ng-core syslog-ng-mod-http curl jq)" >&2
    exit 3
  fi
done
if ! grep -q '^Module: http$' <<<"$(syslog-ng --module-registry 2>/dev/null || true)"; then
  echo "SKIPPED: syslog-ng has no http() destination (Debian: apt-get install -y syslog-ng-mod-http)" >&2
  exit 3
fi

WORK="$(mktemp -d /tmp/shipper-syslog-ng.XXXXXX)"
SERVICE_PID=""
SYSLOG_PID=""
cleanup() {
  [[ -n "$SYSLOG_PID" ]] && kill "$SYSLOG_PID" 2>/dev/null || true
  [[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null || true
  wait 2>/dev/null || true # the service stops its embedded PostgreSQL on the way out
  SYSLOG_PID=""
  SERVICE_PID=""
}
trap cleanup EXIT

URL="${PSSESSION_URL:-}"
if [[ -z "$URL" ]]; then
  URL="http://127.0.0.1:8082"
  JAR="$(ls "$ROOT"/target/pssession-detector-*.jar 2>/dev/null | grep -v plain | head -1 || true)"
  if [[ -z "$JAR" ]]; then
    echo "== building the service jar"
    (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)
    JAR="$(ls "$ROOT"/target/pssession-detector-*.jar | grep -v plain | head -1)"
  fi
  PSSESSION_HEC_TOKEN="shipper-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  KEY_HASH="$(printf %s "$PSSESSION_HEC_TOKEN" | sha256sum | cut -d' ' -f1)"
  echo "== starting the service on $URL (log: $WORK/service.log)"
  java -jar "$JAR" --server.port=8082 --pssession.local-db.data-dir="$WORK/postgres" \
    --pssession.security.api-keys[0].name=shipper-script --pssession.security.api-keys[0].role=admin \
    --pssession.security.api-keys[0].sha256="$KEY_HASH" >"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS "$URL/services/collector/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "the service did not start:" >&2; tail -30 "$WORK/service.log" >&2; exit 1; fi
    sleep 1
  done
fi
echo "== HEC health: $(curl -sS "$URL/services/collector/health")"

AUTH_HEADER=""
if [[ -n "${PSSESSION_HEC_TOKEN:-}" ]]; then
  AUTH_HEADER=", \"Authorization: Splunk ${PSSESSION_HEC_TOKEN}\""
fi

INPUT="$WORK/powershell-operational.xml"
: >"$INPUT"
SOURCE_Q="XmlWinEventLog%3AMicrosoft-Windows-PowerShell%2FOperational"
if [[ "$MODE" == raw ]]; then
  DESTINATION="http(
    url(\"$URL/services/collector/raw?sourcetype=XmlWinEventLog&source=$SOURCE_Q\")
    method(\"POST\")
    headers(\"Content-Type: text/plain; charset=utf-8\"$AUTH_HEADER)
    body(\"\${MESSAGE}\")
    delimiter(\"\\n\")
    batch-lines(100) batch-timeout(1000)
  );"
else
  # no \"time\": HEC would then take the arrival time; this service reads the event's own SystemTime
  DESTINATION="http(
    url(\"$URL/services/collector/event\")
    method(\"POST\")
    headers(\"Content-Type: application/json\"$AUTH_HEADER)
    body('\$(format-json --scope none event=\${MESSAGE} source=\"XmlWinEventLog:Microsoft-Windows-PowerShell/Operational\" sourcetype=XmlWinEventLog)')
    delimiter(\"\\n\")
    batch-lines(100) batch-timeout(1000)
  );"
fi

cat >"$WORK/syslog-ng.conf" <<EOF
@version: 3.38
options { stats_freq(0); log-msg-size(1048576); };

# One message per <Event>: a message starts at a line beginning with <Event and ends at a line ending
# with </Event>, so an event whose script spans several lines stays one message.
source s_powershell {
  file("$INPUT"
       flags(no-parse)
       follow-freq(1)
       multi-line-mode(prefix-suffix)
       multi-line-prefix("^<Event[ >]")
       multi-line-suffix("</Event>\$"));
};

destination d_pssession { $DESTINATION };

log { source(s_powershell); destination(d_pssession); };
EOF

echo "== syslog-ng config ($WORK/syslog-ng.conf):"
sed 's/^/   /' "$WORK/syslog-ng.conf"
syslog-ng --syntax-only -f "$WORK/syslog-ng.conf"

syslog-ng -F -f "$WORK/syslog-ng.conf" -R "$WORK/syslog-ng.persist" -p "$WORK/syslog-ng.pid" \
  -c "$WORK/syslog-ng.ctl" >"$WORK/syslog-ng.log" 2>&1 &
SYSLOG_PID=$!
sleep 2
kill -0 "$SYSLOG_PID" 2>/dev/null || { echo "syslog-ng did not start:" >&2; cat "$WORK/syslog-ng.log" >&2; exit 1; }

echo "== appending $(grep -c '<Event ' "$SAMPLES") events from $SAMPLES to the followed file"
cat "$SAMPLES" >>"$INPUT"
# make sure the file ends with a line break, as a log writer's file does
[[ "$(tail -c1 "$INPUT" | od -An -c | tr -d ' ')" == '\n' ]] || echo >>"$INPUT"

echo "== waiting for the findings"
FINDINGS=""
for _ in $(seq 1 60); do
  FINDINGS="$(curl -sS -H "Authorization: Bearer ${PSSESSION_HEC_TOKEN:-}" "$URL/api/v1/findings")"
  if [[ "$(jq '.total' <<<"$FINDINGS")" -ge 2 ]]; then break; fi
  sleep 1
done
jq -c '.results[] | {dest, count, firstTime, lastTime, Path, Opcode, ScriptBlockText}' <<<"$FINDINGS"

fail=0
check() { # description, jq filter that must print true
  if [[ "$(jq "$2" <<<"$FINDINGS")" == true ]]; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi
}
check "two findings" '.total == 2'
check "LAPTOP-ADM-11.contoso.local: count 1, Path 0, first seen 2026-03-02T08:14:55" \
  '[.results[] | select(.dest == "LAPTOP-ADM-11.contoso.local" and .count == 1 and .Path == "0" and .firstTime == "2026-03-02T08:14:55")] | length == 1'
check "BUILD-AGENT-4: count 1, its script path" \
  '[.results[] | select(.dest == "BUILD-AGENT-4" and .count == 1 and .Path == "D:\\agent\\scripts\\connect-all.ps1")] | length == 1'
check "the four-line script kept its CR LF line breaks" \
  '[.results[] | select(.dest == "BUILD-AGENT-4" and (.ScriptBlockText | contains("hosts.txt\r\nforeach")))] | length == 1'
check "Opcode is the XML's number" '[.results[] | .Opcode] | unique == ["15"]'

# The same events posted directly as XML must be known already: same identity, nothing new.
REPORT="$(curl -sS -H "Authorization: Bearer ${PSSESSION_HEC_TOKEN:-}" -H 'Content-Type: application/xml' --data-binary @"$SAMPLES" "$URL/api/v1/events")"
echo "== the samples posted again directly as XML: $REPORT"
if [[ "$(jq '.duplicates == 2 and .findingsUpdated == 0' <<<"$REPORT")" == true ]]; then
  echo "ok   - syslog-ng's events are the very events of the XML (2 duplicates, no finding changed)"
else
  echo "FAIL - the directly posted XML was not recognised as the shipped events"; fail=1
fi

echo "== syslog-ng's own log:"
sed 's/^/   /' "$WORK/syslog-ng.log" | tail -20
if [[ $fail -ne 0 ]]; then
  echo "RESULT: FAILED (work files kept in $WORK)"
  trap - EXIT; cleanup
  exit 1
fi
echo "RESULT: syslog-ng -> /services/collector/$MODE -> findings: all checks passed"
trap - EXIT
cleanup # stop the service (and its embedded PostgreSQL) before its data goes
rm -rf "$WORK"
