#!/usr/bin/env bash
# The Sentinel failover test: keeps issuing and reading sessions through the meeting servers while
# the Redis master dies, then prints how long the sentinels took to agree on a new master, how long
# until the servers wrote again, how many acknowledged sessions were lost (must be 0) and which
# errors clients saw. Exits non-zero when a bound is missed.
#
#   redis-sentinel/failover-test.sh                 start a private topology and two meeting servers
#                                                   on loopback, test, and stop them again
#   redis-sentinel/failover-test.sh --attach        test the running kit (.kit/redis, servers below)
#
# Options (environment):
#   MODE=kill|failover     SIGKILL the master (default) or ask the sentinels for a failover
#   WRITERS=4              parallel session writers
#   BEFORE_S=3 AFTER_S=8   load before the fault, and the time given to recover after it
#   MAX_AGREE_MS=6000      bound: kill -> all three sentinels name the new master
#   MAX_RECOVERY_MS=4500   bound: kill -> the servers issue sessions again
#   SERVER_URLS="http://127.0.0.2:5000 http://127.0.0.3:5000"   with --attach
# Bounded: the whole run takes BEFORE_S + AFTER_S + about 20 s of set-up at most, and ends only
# the processes it started itself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MODE=${MODE:-kill}
WRITERS=${WRITERS:-4}
BEFORE_S=${BEFORE_S:-3}
AFTER_S=${AFTER_S:-8}
MAX_AGREE_MS=${MAX_AGREE_MS:-6000}
MAX_RECOVERY_MS=${MAX_RECOVERY_MS:-4500}

attach=false
[ "${1:-}" = "--attach" ] && attach=true

work=$(mktemp -d /tmp/meeting-failover.XXXXXX)
started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$attach" = false ]; then "$here/topology.sh" down "$work/redis" >/dev/null 2>&1 || true; fi
  if [ "${KEEP_WORK:-}" = 1 ]; then echo "work kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

if [ "$attach" = true ]; then
  state=$root/.kit/redis
  SERVER_URLS=${SERVER_URLS:-"http://127.0.0.2:5000 http://127.0.0.3:5000"}
  export GRA_IP=${GRA_IP:-127.0.0.2} SBG_IP=${SBG_IP:-127.0.0.3} WITNESS_IP=${WITNESS_IP:-127.0.0.4}
else
  # A private topology on addresses of its own, so a running kit is never touched.
  export GRA_IP=127.0.3.2 SBG_IP=127.0.3.3 WITNESS_IP=127.0.3.4
  state=$work/redis
  echo "==> starting a private Redis topology"
  "$here/topology.sh" up "$state" | sed 's/^/    /'
  dll=$root/server/Meeting.Server/bin/Release/net10.0/Meeting.Server.dll
  if [ ! -f "$dll" ]; then
    echo "==> building the meeting server"
    dotnet build "$root/server/Meeting.Server" -c Release -v quiet >/dev/null
  fi
  password=$(cat "$state/redis-password")
  SERVER_URLS=""
  for site in gra sbg; do
    ip=$GRA_IP
    [ "$site" = sbg ] && ip=$SBG_IP
    Meeting__Redis__Password=$password Meeting__Redis__SentinelPassword=$password \
      dotnet "$dll" --contentRoot "$root/server/Meeting.Server" --urls "http://$ip:5000" \
      --Meeting:Site:Name=$site --Meeting:Site:PublicIp=$ip --Meeting:Media:ListenIp=$ip \
      --Meeting:Redis:MasterName=meeting \
      --Meeting:Redis:Sentinels:0=$GRA_IP:26379 --Meeting:Redis:Sentinels:1=$SBG_IP:26379 --Meeting:Redis:Sentinels:2=$WITNESS_IP:26379 \
      --Meeting:Sessions:IssuePerMinutePerAddress=1000000 \
      --Serilog:MinimumLevel:Default=Warning >"$work/$site.log" 2>&1 &
    started_pids+=($!)
    SERVER_URLS="$SERVER_URLS http://$ip:5000"
  done
fi

password=${REDIS_PASSWORD:-$(cat "$state/redis-password")}
sentinel() { REDISCLI_AUTH=$password redis-cli --no-auth-warning -h "$1" -p 26379 "${@:2}"; }
master_of() { sentinel "$1" sentinel get-master-addr-by-name meeting 2>/dev/null | head -n 1; }

echo "==> waiting for the meeting servers to be ready"
for url in $SERVER_URLS; do
  deadline=$((SECONDS + 30))
  until curl -fs -o /dev/null "$url/health/ready"; do
    [ $SECONDS -lt $deadline ] || { echo "FAIL: $url never became ready"; exit 1; }
    sleep 0.2
  done
done

old_master=$(master_of "$GRA_IP")
echo "    master is $old_master"

# One writer: issue sessions in a loop round the servers; log "start_ms end_ms status peerId token".
writer() {
  local n=$1 stop_at=$2 urls=($SERVER_URLS) i=0
  while [ "$(now_ms)" -lt "$stop_at" ]; do
    local url=${urls[$(( (i + n) % ${#urls[@]} ))]} start body code
    start=$(now_ms)
    body=$(curl -sS -m 3 -X POST -w '\n%{http_code}' "$url/api/session" 2>/dev/null || echo -e '\n000')
    code=$(tail -n 1 <<<"$body")
    if [ "$code" = 200 ]; then
      local json peer token
      json=$(head -n 1 <<<"$body")
      peer=$(sed -E 's/.*"peerId":"([^"]+)".*/\1/' <<<"$json")
      token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$json")
      echo "$start $(now_ms) 200 $peer $token"
    else
      echo "$start $(now_ms) $code - -"
    fi
    i=$((i + 1))
  done
}

stop_at=$(( $(now_ms) + (BEFORE_S + AFTER_S) * 1000 ))
echo "==> $WRITERS writers issuing sessions for $((BEFORE_S + AFTER_S)) s; the master dies after ${BEFORE_S} s"
for n in $(seq 1 "$WRITERS"); do
  writer "$n" "$stop_at" >"$work/writes.$n" &
  started_pids+=($!)
done

sleep "$BEFORE_S"
fault_ms=$(now_ms)
master_ip=${old_master}
case $MODE in
  kill)
    pid=$(REDISCLI_AUTH=$password redis-cli --no-auth-warning -h "$master_ip" -p 6379 info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p' | tr -d '\r')
    [ -n "$pid" ] || { echo "FAIL: cannot find the master's process"; exit 1; }
    echo "==> SIGKILL the master $master_ip (pid $pid)"
    kill -9 "$pid"
    ;;
  failover)
    echo "==> SENTINEL FAILOVER"
    sentinel "$WITNESS_IP" sentinel failover meeting >/dev/null
    ;;
  *) echo "MODE must be kill or failover"; exit 2 ;;
esac

agree_ms=""
deadline=$(( fault_ms + AFTER_S * 1000 ))
while [ "$(now_ms)" -lt "$deadline" ]; do
  a=$(master_of "$GRA_IP"); b=$(master_of "$SBG_IP"); c=$(master_of "$WITNESS_IP")
  if [ -n "$a" ] && [ "$a" != "$old_master" ] && [ "$a" = "$b" ] && [ "$b" = "$c" ]; then
    agree_ms=$(( $(now_ms) - fault_ms ))
    new_master=$a
    break
  fi
  sleep 0.05
done

for pid in "${started_pids[@]:${#started_pids[@]}-$WRITERS}"; do wait "$pid" 2>/dev/null || true; done
cat "$work"/writes.* | sort -n >"$work/writes"

total=$(wc -l <"$work/writes")
ok=$(awk '$3 == 200' "$work/writes" | wc -l)
errors=$(awk '$3 != 200 { print $3 }' "$work/writes" | sort | uniq -c | awk '{ printf "%s×%s ", $1, ($2 == "000" ? "no-answer" : "HTTP " $2) }')
last_error_start=$(awk -v f="$fault_ms" '$3 != 200 && $2 >= f { s = $1 } END { printf "%.0f\n", s }' "$work/writes")
if [ "$last_error_start" -gt 0 ]; then
  recovered_at=$(awk -v e="$last_error_start" '$3 == 200 && $1 > e { print $2; exit }' "$work/writes")
  recovery_ms=$(( ${recovered_at:-999999999999} - fault_ms ))
else
  recovery_ms=0
fi

echo "==> reading back every acknowledged session"
lost=0
urls=($SERVER_URLS)
while read -r _ _ code peer token; do
  [ "$code" = 200 ] || continue
  url=${urls[$((RANDOM % ${#urls[@]}))]}
  got=$(curl -sS -m 5 -X POST -H "Authorization: Bearer $token" "$url/api/session" | sed -E 's/.*"peerId":"([^"]+)".*/\1/')
  [ "$got" = "$peer" ] || lost=$((lost + 1))
done <"$work/writes"

echo
echo "failover ($MODE of $old_master)"
printf '  %-44s %s\n' "sentinels agree on the new master" "${agree_ms:-never} ms${new_master:+ ($new_master)}"
printf '  %-44s %s\n' "meeting servers issue sessions again" "$recovery_ms ms"
printf '  %-44s %s\n' "sessions issued (acknowledged / attempts)" "$ok / $total"
printf '  %-44s %s\n' "acknowledged sessions lost" "$lost"
printf '  %-44s %s\n' "errors seen by clients" "${errors:-none}"

status=0
[ -n "$agree_ms" ] && [ "$agree_ms" -le "$MAX_AGREE_MS" ] || { echo "FAIL: sentinels did not agree within ${MAX_AGREE_MS} ms"; status=1; }
[ "$recovery_ms" -le "$MAX_RECOVERY_MS" ] || { echo "FAIL: writes did not resume within ${MAX_RECOVERY_MS} ms"; status=1; }
[ "$lost" -eq 0 ] || { echo "FAIL: $lost acknowledged sessions were lost"; status=1; }
[ "$ok" -gt 0 ] || { echo "FAIL: no session was ever issued"; status=1; }
[ $status -eq 0 ] && echo "PASS"
exit $status
