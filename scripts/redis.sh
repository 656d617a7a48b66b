#!/usr/bin/env bash
# A Redis for tests and local runs on 127.0.0.1 (see doc/local-servers.md).
#
#   scripts/redis.sh ensure   Redis answers PING at 127.0.0.1:$REDIS_PORT (default 6379): if nothing
#                             answers, start redis-server there (daemonized, no persistence), installing
#                             it with apt-get first if it is missing. Prints redis://127.0.0.1:PORT on
#                             stdout; exit 0, or exit 1 with one line saying why.
#   scripts/redis.sh install  only install redis-server (apt-get) if it is missing; prints its path
#   scripts/redis.sh stop     stop the Redis that "ensure" started (never one it did not start)
#   scripts/redis.sh status   exit 0 if something answers PONG at 127.0.0.1:$REDIS_PORT
#
# Environment: REDIS_PORT (default 6379), REDIS_RUN_DIR (pid and log file of the Redis that "ensure"
# starts; default ${TMPDIR:-/tmp}/cepheus-redis-$REDIS_PORT), REDIS_SERVER (path of redis-server).
# Messages go to stderr, prefixed "redis:"; stdout carries only the URL (ensure) or path (install).
set -u

HOST=127.0.0.1
PORT=${REDIS_PORT:-6379}
RUN_DIR=${REDIS_RUN_DIR:-${TMPDIR:-/tmp}/cepheus-redis-$PORT}
PID_FILE=$RUN_DIR/redis.pid
LOG_FILE=$RUN_DIR/redis.log

say() { echo "redis: $*" >&2; }
die() {
  echo "redis: ERROR: $*" >&2
  if [ -s "$LOG_FILE" ]; then
    echo "--- last lines of $LOG_FILE ---" >&2
    tail -n 20 "$LOG_FILE" >&2
    echo "--- end ---" >&2
  fi
  exit 1
}

case "$PORT" in '' | *[!0-9]*) die "REDIS_PORT=$PORT is not a TCP port number" ;; esac

# Prints what the server at HOST:PORT answers to PING (PONG, an error, or nothing); no redis-cli needed.
ping_reply() {
  local reply=''
  if exec 3<>"/dev/tcp/$HOST/$PORT"; then
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 reply <&3 || true
    exec 3>&- 3<&-
  fi 2>/dev/null
  printf '%s' "${reply%$'\r'}"
}

answers_pong() { [ "$(ping_reply)" = '+PONG' ]; }

port_taken() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

find_server() {
  if [ -n "${REDIS_SERVER:-}" ] && [ -x "$REDIS_SERVER" ]; then echo "$REDIS_SERVER"; return 0; fi
  command -v redis-server 2>/dev/null && return 0
  for p in /usr/bin/redis-server /usr/local/bin/redis-server /usr/sbin/redis-server; do
    [ -x "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

install_server() {
  local server sudo=''
  if server=$(find_server); then echo "$server"; return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and apt-get is not available to install it"
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "redis-server is not installed and installing it needs root (or sudo)"
    sudo='sudo'
  fi
  say "redis-server is missing: installing it with apt-get ..."
  local out
  out=$(mktemp)
  if ! { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y redis-server; } >"$out" 2>&1; then
    tail -n 15 "$out" >&2
    rm -f "$out"
    die "apt-get install -y redis-server failed (output above)"
  fi
  rm -f "$out"
  server=$(find_server) || die "apt-get installed redis-server but no redis-server binary was found"
  say "installed $server"
  echo "$server"
}

ensure() {
  local url="redis://$HOST:$PORT" reply
  reply=$(ping_reply)
  if [ "$reply" = '+PONG' ]; then
    say "already answering at $HOST:$PORT"
    echo "$url"
    return 0
  fi
  if [ -n "$reply" ] || port_taken; then
    die "port $PORT on $HOST is taken by something that does not answer PING with PONG (it said: ${reply:-nothing}); free it or set REDIS_PORT"
  fi
  local server
  server=$(install_server) || exit 1
  mkdir -p "$RUN_DIR" || die "cannot create $RUN_DIR"
  : >"$LOG_FILE"
  # no persistence: no RDB snapshots, no AOF
  if ! "$server" --bind "$HOST" --port "$PORT" --protected-mode yes \
    --daemonize yes --pidfile "$PID_FILE" --logfile "$LOG_FILE" --dir "$RUN_DIR" \
    --save '' --appendonly no >>"$LOG_FILE" 2>&1; then
    die "$server did not start on $HOST:$PORT"
  fi
  local i
  for i in $(seq 1 100); do
    if answers_pong; then
      say "started $("$server" --version | awk '{print $3}' | sed 's/^v=//') at $HOST:$PORT (pid $(cat "$PID_FILE" 2>/dev/null), no persistence); log: $LOG_FILE"
      echo "$url"
      return 0
    fi
    sleep 0.1
  done
  die "redis-server was started but does not answer PONG at $HOST:$PORT after 10 s"
}

stop() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || { say "not running (no $PID_FILE: nothing that this script started)"; return 0; }
  if ! kill -0 "$pid" 2>/dev/null || ! grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  kill -TERM "$pid"
  local i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; say "stopped (pid $pid)"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$PID_FILE"
  say "killed (pid $pid) after 10 s"
}

case "${1:-}" in
  ensure) ensure ;;
  install) install_server ;;
  stop) stop ;;
  status)
    if answers_pong; then say "answering at $HOST:$PORT"; echo "redis://$HOST:$PORT"; else say "nothing answers PONG at $HOST:$PORT"; exit 1; fi
    ;;
  *)
    echo "usage: scripts/redis.sh ensure|install|stop|status" >&2
    exit 2
    ;;
esac
