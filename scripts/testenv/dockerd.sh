# scripts/testenv/dockerd.sh — a private dockerd on its own socket,
# data-root, exec-root and pidfile, on the bridge of network.sh; stopped by its
# pid. Sourced by scripts/testenv.sh.

need_package docker.io dockerd

DATA_ROOT="$DOCKER_DIR/root"
DOCKER_PIDFILE="$DOCKER_DIR/docker.pid"
DOCKER_LOG="$DOCKER_DIR/dockerd.log"
DOCKER_CONFIG_FILE="$DOCKER_DIR/daemon.json"
DOCKER_SOCK="$B/docker.sock"
if ((${#DOCKER_SOCK} > MAX_SOCK)); then
  DOCKER_SOCK="/tmp/tq-$HASH.sock"
fi
# dockerd puts sockets under its exec-root; the longest is
# <exec-root>/containerd/containerd-debug.sock (+32 bytes). Libnetwork's
# <exec-root>/libnetwork/<12 hex>.sock is shorter. Keep 40 bytes of room.
EXEC_ROOT="$DOCKER_DIR/exec"
if ((${#EXEC_ROOT} + 40 > MAX_SOCK)); then
  EXEC_ROOT="/tmp/tqexec-$HASH"
fi
CONTAINERD_SOCK="$EXEC_ROOT/containerd/containerd.sock"
CONTAINERD_PIDFILE="$EXEC_ROOT/containerd/containerd.pid"
DOCKER=(docker -H "unix://$DOCKER_SOCK")

docker_answers() {
  timeout 10 "${DOCKER[@]}" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

dockerd_pid() {
  local pid
  pid="$(read_pidfile "$DOCKER_PIDFILE")"
  pid_is "$pid" dockerd && printf '%s' "$pid"
  return 0
}

dump_docker_log() {
  log "last lines of $DOCKER_LOG:"
  tail -n 40 "$DOCKER_LOG" >&2 2>/dev/null || true
}

start_dockerd() {
  local pid launcher i
  pid="$(dockerd_pid)"
  if [[ -n "$pid" ]]; then
    # Maybe still starting or shutting down (a concurrent `up` cannot be: we
    # hold the lock). If it dies meanwhile, start a fresh one below.
    for ((i = 0; i < 60; i++)); do
      if docker_answers; then
        log "reusing dockerd (pid $pid) on $DOCKER_SOCK"
        return 0
      fi
      pid_is "$pid" dockerd || break
      sleep 1
    done
    if pid_is "$pid" dockerd; then
      dump_docker_log
      die "dockerd (pid $pid) runs but does not answer on $DOCKER_SOCK; run '$0 down' and retry"
    fi
    log "dockerd (pid $pid) went away; starting a new one"
  fi

  # Stale leftovers from a crash or reboot would make dockerd refuse to start.
  cleanup_docker_leftovers
  mkdir -p "$DOCKER_DIR" "$DATA_ROOT" "$EXEC_ROOT"
  # Our own (empty) config file, so /etc/docker/daemon.json of a system docker
  # cannot add conflicting settings (hosts, bridge, ...).
  [[ -f "$DOCKER_CONFIG_FILE" ]] || printf '{}\n' >"$DOCKER_CONFIG_FILE"

  local cmd=(
    dockerd
    --config-file "$DOCKER_CONFIG_FILE"
    --host "unix://$DOCKER_SOCK"
    --data-root "$DATA_ROOT"
    --exec-root "$EXEC_ROOT"
    --pidfile "$DOCKER_PIDFILE"
    --bridge "$BRIDGE"
    --iptables=false
    --ip-masq=false
    --default-address-pool "base=$ADDR_POOL,size=24"
    # If a system containerd exists, dockerd uses it instead of spawning its
    # own; separate namespaces keep our containers apart from anyone else's.
    --containerd-namespace tianqi-test
    --containerd-plugins-namespace tianqi-test-plugins
    # Containers that ignore SIGTERM (busybox as pid 1) must not stall `down`.
    --shutdown-timeout 3
  )
  log "starting dockerd (log: $DOCKER_LOG)"
  printf '\n==== %s testenv: %s\n' "$(date -Is)" "${cmd[*]}" >>"$DOCKER_LOG"
  # setsid + all fds redirected: the daemon must outlive this script and must not
  # hold the caller's stdout open (CI would wait for EOF forever).
  # 9>&-: the daemon must not inherit the lock fd, or it would hold the lock
  # for its whole life and block every later up/down.
  setsid "${cmd[@]}" </dev/null >>"$DOCKER_LOG" 2>&1 9>&- &
  launcher=$!

  for ((i = 0; i < 600; i++)); do # 60 s
    if docker_answers; then
      log "dockerd up (pid $(dockerd_pid)) after $((i / 10)) s"
      return 0
    fi
    if ! pid_alive "$launcher" && [[ -z "$(dockerd_pid)" ]]; then
      dump_docker_log
      die "dockerd exited during start-up"
    fi
    sleep 0.1
  done
  dump_docker_log
  die "dockerd did not answer on $DOCKER_SOCK within 60 s"
}

# Processes whose argv contains exactly ARG (e.g. containerd shims given our
# containerd socket). Reads /proc directly so it can only match our own paths.
pids_with_arg() {
  local want="$1" d pid arg
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [[ -r "$d/cmdline" ]] || continue
    while IFS= read -r -d '' arg; do
      if [[ "$arg" == "$want" ]]; then
        printf '%s\n' "$pid"
        break
      fi
    done 2>/dev/null <"$d/cmdline" || true
  done
}

stop_dockerd() {
  local pid
  pid="$(dockerd_pid)"
  if [[ -n "$pid" ]]; then
    # Containers left by tests are garbage; removing them first makes shutdown quick.
    if docker_answers; then
      local ids
      ids="$(timeout 30 "${DOCKER[@]}" ps -aq 2>/dev/null || true)"
      if [[ -n "$ids" ]]; then
        local id_arr
        mapfile -t id_arr <<<"$ids"
        log "removing ${#id_arr[@]} container(s)"
        timeout 60 "${DOCKER[@]}" rm -f "${id_arr[@]}" >/dev/null 2>&1 ||
          log "warning: could not remove all containers"
      fi
      # Same for volumes and networks tests created (images are kept: cache).
      timeout 60 "${DOCKER[@]}" volume prune -f >/dev/null 2>&1 || log "warning: volume prune failed"
      timeout 60 "${DOCKER[@]}" network prune -f >/dev/null 2>&1 || log "warning: network prune failed"
    fi
    stop_pid "$pid" dockerd 20
  fi
  cleanup_docker_leftovers
}

# Whatever a dead dockerd left behind. Safe only while our dockerd is not running.
# Also run before a fresh start: after a crash, dockerd finds containerd's pidfile,
# sees the pid still "exists" (a zombie nobody reaped yet counts for kill -0),
# waits for that containerd to answer and gives up ("timeout waiting for containerd").
cleanup_docker_leftovers() {
  local cpid p
  # dockerd normally stops the containerd it spawned; kill it if it lingers.
  cpid="$(read_pidfile "$CONTAINERD_PIDFILE")"
  if pid_is "$cpid" containerd; then
    stop_pid "$cpid" containerd 10
  fi
  rm -f "$CONTAINERD_PIDFILE"
  # After a crash (dockerd/containerd SIGKILLed) containers keep running,
  # orphaned: kill and delete them through runc's state, which lives in our
  # exec-root. After a clean shutdown this finds nothing.
  local state id
  for state in "$EXEC_ROOT"/runtime-runc/*/; do
    [[ -d "$state" ]] || continue
    while read -r id; do
      [[ -n "$id" ]] || continue
      log "killing leftover container $id"
      runc --root "$state" delete --force "$id" >/dev/null 2>&1 ||
        log "warning: runc could not delete $id"
    done < <(runc --root "$state" list -q 2>/dev/null || true)
  done
  # Shims (one per container) outlive a SIGKILLed containerd.
  while read -r p; do
    [[ -n "$p" ]] || continue
    log "killing leftover shim pid $p"
    kill -KILL "$p" 2>/dev/null || true
  done < <(pids_with_arg "$CONTAINERD_SOCK")
  unmount_leftovers
  rm -f "$DOCKER_PIDFILE" "$DOCKER_SOCK"
}

# dockerd bind-mounts its data-root and mounts container rootfs (overlay) and
# netns files under data-root/exec-root; a crashed daemon leaves them behind,
# and `rm -rf target` (cargo clean) would then fail or write through overlays.
# Only called once our dockerd is gone.
unmount_leftovers() {
  local mp mps=()
  mapfile -t mps < <(awk -v d="$DATA_ROOT" -v e="$EXEC_ROOT" \
    '$5 == d || index($5, d "/") == 1 || index($5, e "/") == 1 { print $5 }' \
    /proc/self/mountinfo | sort -r)
  for mp in "${mps[@]}"; do
    umount "$mp" 2>/dev/null || umount -l "$mp" || log "warning: cannot unmount $mp"
  done
}

dockerd_up() { start_dockerd; }
dockerd_down() { stop_dockerd; }

dockerd_env() {
  printf 'export TQ_TEST_DOCKER_HOST=%q\n' "unix://$DOCKER_SOCK"
}

dockerd_summary() {
  echo "  docker     unix://$DOCKER_SOCK (pid $(dockerd_pid), bridge $BRIDGE $BRIDGE_CIDR)"
}

dockerd_status() {
  local pid
  pid="$(dockerd_pid)"
  if [[ -n "$pid" ]] && docker_answers; then
    echo "dockerd:    running, pid $pid, unix://$DOCKER_SOCK"
    echo "  containers: $("${DOCKER[@]}" ps -q | wc -l) running"
  elif [[ -n "$pid" ]]; then
    echo "dockerd:    pid $pid but NOT answering on $DOCKER_SOCK"
    return 1
  else
    echo "dockerd:    stopped"
    return 1
  fi
}
