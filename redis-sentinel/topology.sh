#!/usr/bin/env bash
# Starts, inspects and stops the Meeting Redis topology on this machine's loopback addresses:
# the master at GRA, the replica at SBG, and sentinels at GRA, SBG and the witness.
#
#   redis-sentinel/topology.sh up     [STATE_DIR]   render the configuration and start all five
#   redis-sentinel/topology.sh status [STATE_DIR]   who is master, what each sentinel thinks
#   redis-sentinel/topology.sh down   [STATE_DIR]   stop the processes this script started
#   redis-sentinel/topology.sh start  [STATE_DIR]   start whichever of the five is not running, on its
#                                                   current (maybe Sentinel-rewritten) configuration,
#                                                   without waiting for GRA to be master (after a drill)
#   redis-sentinel/topology.sh render redis|sentinel OUT NAME=VALUE...
#                                                   render one node's configuration for a real host
#                                                   (`kit render` passes the site's values; the
#                                                   password comes from REDIS_PASSWORD)
#
# STATE_DIR (default .kit/redis) holds the rendered configuration, data, logs and PID files.
# Addresses and ports come from the environment, so tests and drills can run a second topology
# beside the kit: GRA_IP, SBG_IP, WITNESS_IP, REDIS_PORT, SENTINEL_PORT, MASTER_NAME.
# The password is REDIS_PASSWORD, or one generated once into STATE_DIR/redis-password (0600).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
command=${1:-}
state=${2:-$here/../.kit/redis}

GRA_IP=${GRA_IP:-127.0.0.2}
SBG_IP=${SBG_IP:-127.0.0.3}
WITNESS_IP=${WITNESS_IP:-127.0.0.4}
REDIS_PORT=${REDIS_PORT:-6379}
SENTINEL_PORT=${SENTINEL_PORT:-26379}
MASTER_NAME=${MASTER_NAME:-meeting}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-20}

die() { echo "topology: $*" >&2; exit 1; }

require() {
  for tool in redis-server redis-sentinel redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: apt-get install -y redis-server redis-sentinel"
  done
}

password() {
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    printf '%s' "$REDIS_PASSWORD"
    return
  fi
  local file=$state/redis-password
  if [ ! -s "$file" ]; then
    mkdir -p "$state"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
  fi
  cat "$file"
}

# render TEMPLATE OUT VAR=VALUE...: replaces ${VAR} placeholders; the output is private.
render() {
  local template=$1 out=$2
  shift 2
  local text
  text=$(cat "$template")
  for pair in "$@"; do
    text=${text//"\${${pair%%=*}}"/${pair#*=}}
  done
  (umask 077 && printf '%s\n' "$text" > "$out")
  if grep -q '\${' "$out"; then die "unrendered placeholder in $out"; fi
}

cli() { REDISCLI_AUTH=$(password) redis-cli --no-auth-warning "$@"; }

start() { # start NAME BINARY CONF
  local name=$1 binary=$2 conf=$3 pidfile=$state/$1.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "  $name already running (pid $(cat "$pidfile"))"
    return
  fi
  "$binary" "$conf" >>"$state/$name/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  echo "  $name started (pid $!)"
}

wait_until() { # wait_until DESCRIPTION COMMAND...
  local what=$1 deadline=$((SECONDS + READY_TIMEOUT_S))
  shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${READY_TIMEOUT_S}s waiting for $what (logs in $state)"
    sleep 0.2
  done
}

sentinels_agree() {
  local ip
  for ip in "$GRA_IP" "$SBG_IP" "$WITNESS_IP"; do
    [ "$(cli -h "$ip" -p "$SENTINEL_PORT" sentinel get-master-addr-by-name "$MASTER_NAME" | head -n 1)" = "$GRA_IP" ] || return 1
    [ "$(cli -h "$ip" -p "$SENTINEL_PORT" sentinel sentinels "$MASTER_NAME" | grep -c '^name$')" -eq 2 ] || return 1
    [ "$(cli -h "$ip" -p "$SENTINEL_PORT" sentinel replicas "$MASTER_NAME" | grep -c '^name$')" -eq 1 ] || return 1
  done
}

replica_in_sync() {
  cli -h "$SBG_IP" -p "$REDIS_PORT" info replication | grep -q '^master_link_status:up'
}

up() {
  start_all
  wait_until "the SBG replica to sync with GRA" replica_in_sync
  wait_until "all three sentinels to agree on the master and see each other" sentinels_agree
  echo "ready: master $GRA_IP:$REDIS_PORT, sentinels $GRA_IP,$SBG_IP,$WITNESS_IP:$SENTINEL_PORT, master name '$MASTER_NAME'"
}

start_all() {
  require
  mkdir -p "$state"
  local pass
  pass=$(password)
  echo "redis topology in $state"
  local node ip
  for node in gra sbg; do
    ip=$GRA_IP
    [ "$node" = sbg ] && ip=$SBG_IP
    mkdir -p "$state/$node-redis"
    if [ ! -f "$state/$node-redis/redis.conf" ]; then
      render "$here/redis.conf.template" "$state/$node-redis/redis.conf" \
        BIND_IP="$ip" PORT="$REDIS_PORT" ANNOUNCE_IP="$ip" DATA_DIR="$state/$node-redis" REDIS_PASSWORD="$pass"
      [ "$node" = sbg ] && echo "replicaof $GRA_IP $REDIS_PORT" >> "$state/$node-redis/redis.conf"
    fi
    start "$node-redis" redis-server "$state/$node-redis/redis.conf"
  done
  for node in gra sbg witness; do
    case $node in gra) ip=$GRA_IP ;; sbg) ip=$SBG_IP ;; witness) ip=$WITNESS_IP ;; esac
    mkdir -p "$state/$node-sentinel"
    if [ ! -f "$state/$node-sentinel/sentinel.conf" ]; then
      render "$here/sentinel.conf.template" "$state/$node-sentinel/sentinel.conf" \
        BIND_IP="$ip" PORT="$SENTINEL_PORT" ANNOUNCE_IP="$ip" DATA_DIR="$state/$node-sentinel" \
        MASTER_NAME="$MASTER_NAME" MASTER_IP="$GRA_IP" MASTER_PORT="$REDIS_PORT" REDIS_PASSWORD="$pass"
    fi
    start "$node-sentinel" redis-sentinel "$state/$node-sentinel/sentinel.conf"
  done
}

status() {
  local ip node
  printf '%-18s %-22s %s\n' PART ADDRESS STATE
  for node in gra sbg; do
    ip=$GRA_IP
    [ "$node" = sbg ] && ip=$SBG_IP
    local role
    role=$(cli -h "$ip" -p "$REDIS_PORT" role 2>/dev/null | head -n 1 || true)
    printf '%-18s %-22s %s\n' "$node-redis" "$ip:$REDIS_PORT" "${role:-unreachable}"
  done
  for node in gra sbg witness; do
    case $node in gra) ip=$GRA_IP ;; sbg) ip=$SBG_IP ;; witness) ip=$WITNESS_IP ;; esac
    local master
    master=$(cli -h "$ip" -p "$SENTINEL_PORT" sentinel get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | paste -sd: || true)
    printf '%-18s %-22s master=%s\n' "$node-sentinel" "$ip:$SENTINEL_PORT" "${master:-unreachable}"
  done
}

down() {
  local pidfile pid
  for pidfile in "$state"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      echo "  stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
  done
}

case $command in
  up) up ;;
  status) status ;;
  down) down ;;
  start) start_all ;;
  render)
    [ $# -ge 3 ] && { [ "$2" = redis ] || [ "$2" = sentinel ]; } || die "usage: topology.sh render redis|sentinel OUT NAME=VALUE..."
    # The secret comes from the environment, never the command line (which `ps` shows).
    [ -n "${REDIS_PASSWORD:-}" ] || die "render takes the password from REDIS_PASSWORD in the environment"
    render "$here/$2.conf.template" "$3" "${@:4}" REDIS_PASSWORD="$REDIS_PASSWORD"
    ;;
  *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
