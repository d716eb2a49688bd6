#!/usr/bin/env bash
# scripts/testenv.sh — throwaway integration-test environment for Tianqi.
#
#   scripts/testenv.sh up       install what is missing, start everything, write the env file
#   scripts/testenv.sh down     stop everything, drop containers/volumes/networks and the PG
#                               cluster; keeps caches (rootfs tarball, docker data-root/images)
#   scripts/testenv.sh status   show what runs
#   scripts/testenv.sh env      print the env file (source it to get TQ_TEST_* variables)
#
# What `up` provides (all private to this checkout, nothing touches a system service):
#   * a private dockerd on its own unix socket, data-root and bridge, with two
#     test images built locally (no registry can be reached here, so nothing is pulled):
#       tianqi-test/busybox:latest  (from the host's static busybox)
#       tianqi-test/python:latest   (a minimal Debian bookworm rootfs with python3, via mmdebstrap)
#   * a throwaway PostgreSQL cluster listening on 127.0.0.1 only
#   * $B/env, a sourceable file exporting TQ_TEST_DOCKER_HOST, TQ_TEST_PG_URL,
#     TQ_TEST_BUSYBOX_IMAGE, TQ_TEST_PYTHON_IMAGE and TQ_TEST_SANDBOX_IMAGE
#     (tianqi/sandbox:bookworm, built by scripts/sandbox-images.sh).
#
# Everything lives under $ROOT/target/testenv ($B) except paths that cannot:
#   * unix socket paths are limited to 107 bytes (sun_path is 108 with the NUL),
#     so the docker socket / exec-root / PG socket dir move to short /tmp paths when
#     the checkout is deep (see the *_path choices below);
#   * PostgreSQL refuses to run as root and runs as the `postgres` user, which
#     must be able to traverse every parent of its data dir; if it cannot reach
#     $B, the cluster lives in /tmp/tq-pg-<hash> instead.
#   * the bridge interface and two iptables FORWARD rules are kernel state by nature.
#
# Must run as root (it installs packages, runs dockerd and switches to `postgres`).
set -euo pipefail

# ---------------------------------------------------------------------------
# Packages. Single source of truth: PACKAGES lists Debian packages `up` makes
# sure of; PKG_PROBE maps each to what proves it is installed: a command name
# (looked up in PATH) or an absolute path/glob (must match an executable).
# chromium is for the web console's end-to-end test (web/e2e/run.mjs drives
# /usr/bin/chromium with playwright-core; no browser download).
# ---------------------------------------------------------------------------
PACKAGES=(docker.io busybox-static mmdebstrap postgresql iproute2 iptables curl socat docker-registry openssl python3 python3-requests chromium)
declare -A PKG_PROBE=(
  [docker.io]=dockerd
  [busybox-static]=/bin/busybox
  [mmdebstrap]=mmdebstrap
  [postgresql]='/usr/lib/postgresql/*/bin/postgres'
  [iproute2]=ss
  [iptables]=iptables
  [curl]=curl
  [socat]=socat
  [docker-registry]=docker-registry
  [openssl]=openssl
  # The workspace compat test runs the seed's Python client with Debian's
  # interpreter (not a pyenv shim) and its requests package.
  [python3]=/usr/bin/python3
  [python3-requests]=/usr/lib/python3/dist-packages/requests
  [chromium]=/usr/bin/chromium
)

# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
B="$ROOT/target/testenv"
ENV_FILE="$B/env"
CACHE="$B/cache"
LOCK_FILE="$B/.lock"
# Short, stable per-checkout id for the /tmp fallbacks, so two checkouts never collide.
HASH="$(printf '%s' "$B" | sha256sum | cut -c1-10)"

# sun_path holds 107 usable bytes; keep a margin.
readonly MAX_SOCK=100

DOCKER_DIR="$B/docker"
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

# Our own bridge: another dockerd (a system one, or a leftover experiment) may
# own the default docker0, and two daemons cannot share it. Override with the
# TQ_TESTENV_* variables if the subnet clashes with something on the machine, or
# for a second checkout running at the same time. `up` records the values in
# NET_FILE so that `down`/`status` act on the same bridge without the variables.
# ADDR_POOL: subnets for user-defined networks the tests create; kept apart from
# docker's default pools so another daemon on the host cannot hand out the same.
NET_FILE="$DOCKER_DIR/network"
BRIDGE="tq0" BRIDGE_CIDR="172.31.250.1/24" ADDR_POOL="10.213.0.0/16"
if [[ -r "$NET_FILE" ]]; then
  read -r BRIDGE BRIDGE_CIDR ADDR_POOL <"$NET_FILE" || true
fi
BRIDGE="${TQ_TESTENV_BRIDGE:-$BRIDGE}"
BRIDGE_CIDR="${TQ_TESTENV_BRIDGE_CIDR:-$BRIDGE_CIDR}"
ADDR_POOL="${TQ_TESTENV_ADDR_POOL:-$ADDR_POOL}"
[[ "$BRIDGE" =~ ^[A-Za-z0-9_.-]{1,15}$ ]] || { echo "testenv: bad bridge name '$BRIDGE'" >&2; exit 1; }
[[ "$BRIDGE_CIDR" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$ ]] || { echo "testenv: bad bridge CIDR '$BRIDGE_CIDR'" >&2; exit 1; }
[[ "$ADDR_POOL" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$ ]] || { echo "testenv: bad address pool '$ADDR_POOL'" >&2; exit 1; }
FW_COMMENT="tianqi-testenv-$HASH"

BUSYBOX_IMAGE="tianqi-test/busybox:latest"
PYTHON_IMAGE="tianqi-test/python:latest"
SANDBOX_IMAGE="tianqi/sandbox:bookworm"
PY_TAR="$CACHE/python-rootfs.tar"
# Bump when the image recipe changes: images with another rev get rebuilt.
IMAGE_REV=1
IMAGE_REV_LABEL="org.tianqi.testenv.rev"

PG_HOME="$B/pg"                    # root-owned: password, chosen port
PG_PASSWORD_FILE="$PG_HOME/password"
PG_PORT_FILE="$PG_HOME/port"
PG_FIRST_PORT=55432
PG_LAST_PORT=55631
PG_USER=tianqi
PG_DB=tianqi
# PG_DATA, PG_LOG and PG_SOCKDIR are set by choose_pg_paths (they may move to /tmp).
PG_DATA="" PG_LOG="" PG_SOCKDIR="" PG_BIN="" PG_PORT=""

# dockerd, iptables and ip live in sbin, which a CI environment may lack in PATH.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
# A developer's own docker settings must not redirect our client.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

DOCKER=(docker -H "unix://$DOCKER_SOCK")

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
log() { printf 'testenv: %s\n' "$*" >&2; }
die() {
  printf 'testenv: ERROR: %s\n' "$*" >&2
  exit 1
}

need_root() {
  ((EUID == 0)) || die "must run as root (it installs packages, runs dockerd and switches to the postgres user)"
}

# Serialise up/down so a developer and a CI run on the same checkout do not race.
# Every long-lived child (dockerd, postgres) must be started with 9>&-.
take_lock() {
  mkdir -p "$B"
  exec 9>"$LOCK_FILE"
  if ! flock -w 600 9; then
    die "another testenv.sh holds $LOCK_FILE for more than 10 minutes"
  fi
}

# pid_is PID NAME: PID is alive and its command name is NAME (guards against
# stale pidfiles whose pid now belongs to an unrelated process).
pid_is() {
  local pid="$1" name="$2" comm
  pid_alive "$pid" || return 1
  comm="$(cat "/proc/$pid/comm" 2>/dev/null)" || return 1
  [[ "$comm" == "$name" ]]
}

# pid_alive PID: exists and is not a zombie. Zombies matter here: pid 1 of
# these sandboxes may reap orphans late, and a killed daemon lingers as Z.
pid_alive() {
  local pid="$1" stat
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # drop "pid (comm) "; comm may contain spaces
  [[ "${stat%% *}" != Z ]]
}

read_pidfile() {
  local f="$1" pid=""
  if [[ -r "$f" ]]; then
    read -r pid <"$f" || true # no trailing newline is fine
  fi
  printf '%s' "$pid"
}

# wait_gone PID SECONDS: 0 once PID has exited, 1 on timeout.
wait_gone() {
  local pid="$1" secs="$2" i
  for ((i = 0; i < secs * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

# stop_pid PID NAME SECONDS: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2" secs="$3"
  pid_is "$pid" "$name" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$secs"; then
    log "$name (pid $pid) still alive after ${secs}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || die "$name (pid $pid) survived SIGKILL"
  fi
}

probe_present() {
  local probe="$1" f
  if [[ "$probe" == /* ]]; then
    # Absolute path or glob: any executable match counts.
    for f in $probe; do
      [[ -x "$f" ]] && return 0
    done
    return 1
  fi
  command -v "$probe" >/dev/null 2>&1
}

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
ensure_packages() {
  local pkg missing=()
  for pkg in "${PACKAGES[@]}"; do
    [[ -n "${PKG_PROBE[$pkg]:-}" ]] || die "PKG_PROBE has no entry for package $pkg"
    probe_present "${PKG_PROBE[$pkg]}" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  log "installing missing packages: ${missing[*]}"
  # Debian's docker.io/postgresql postinst scripts would start system services;
  # machines here ship a /usr/sbin/policy-rc.d that forbids that. Without one a
  # system dockerd may appear; ours still works (own socket and bridge).
  [[ -x /usr/sbin/policy-rc.d ]] ||
    log "note: no /usr/sbin/policy-rc.d, package installs may start system services"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  for pkg in "${missing[@]}"; do
    probe_present "${PKG_PROBE[$pkg]}" ||
      die "package $pkg installed but ${PKG_PROBE[$pkg]} is still missing"
  done
}

# ---------------------------------------------------------------------------
# Network: bridge + FORWARD rules
# ---------------------------------------------------------------------------
ip2int() {
  local a b c d
  IFS=. read -r a b c d <<<"$1"
  printf '%s' "$(((a << 24) | (b << 16) | (c << 8) | d))"
}

# cidrs_overlap A/N B/M
cidrs_overlap() {
  local a="${1%/*}" an="${1#*/}" b="${2%/*}" bn="${2#*/}" n mask
  n=$((an < bn ? an : bn))
  mask=$(((0xffffffff << (32 - n)) & 0xffffffff))
  (((($(ip2int "$a") ^ $(ip2int "$b")) & mask) == 0))
}

ensure_bridge() {
  local line dev cidr
  mkdir -p "$DOCKER_DIR"
  printf '%s %s %s\n' "$BRIDGE" "$BRIDGE_CIDR" "$ADDR_POOL" >"$NET_FILE"
  if ! ip link show dev "$BRIDGE" >/dev/null 2>&1; then
    # Refuse a subnet that is already in use elsewhere: routing would break both.
    while read -r _ dev _ cidr _; do
      [[ "$dev" == "$BRIDGE" ]] && continue
      if cidrs_overlap "$cidr" "$BRIDGE_CIDR"; then
        die "bridge subnet $BRIDGE_CIDR overlaps $cidr on $dev; set TQ_TESTENV_BRIDGE_CIDR to a free /24"
      fi
    done < <(ip -o -4 addr show)
    log "creating bridge $BRIDGE ($BRIDGE_CIDR)"
    ip link add name "$BRIDGE" type bridge
  fi
  line="$(ip -o -4 addr show dev "$BRIDGE")"
  if [[ "$line" != *" $BRIDGE_CIDR "* ]]; then
    ip addr replace "$BRIDGE_CIDR" dev "$BRIDGE"
  fi
  ip link set dev "$BRIDGE" up
}

remove_bridge() {
  ip link show dev "$BRIDGE" >/dev/null 2>&1 || return 0
  # Our dockerd is stopped by now, so its veths are gone; anything still
  # attached belongs to someone else (another checkout with the same bridge).
  if [[ -n "$(ip -o link show master "$BRIDGE" 2>/dev/null)" ]]; then
    log "warning: bridge $BRIDGE still has interfaces attached; leaving it"
    return 0
  fi
  log "removing bridge $BRIDGE"
  ip link del dev "$BRIDGE"
}

# Our dockerd runs with --iptables=false so it never rewrites the host's
# DOCKER-* chains, which another dockerd on the same host owns (a second daemon
# with iptables on flushes them on start-up, and the other one flushes ours).
# Port publishing still works through docker-proxy. But with br_netfilter loaded
# and a FORWARD policy of DROP (what any dockerd with iptables leaves behind),
# traffic between two containers on the same bridge goes through FORWARD and is
# dropped; these rules let container<->container traffic on our networks through.
fw_rules() {
  # One rule per line; callers split on whitespace (values contain none).
  printf '%s\n' \
    "-i $BRIDGE -o $BRIDGE -m comment --comment $FW_COMMENT -j ACCEPT" \
    "-s $ADDR_POOL -d $ADDR_POOL -m comment --comment $FW_COMMENT -j ACCEPT"
}

ensure_forward_rules() {
  local rule args
  command -v iptables >/dev/null 2>&1 || die "iptables missing"
  while read -r rule; do
    read -r -a args <<<"$rule"
    if ! iptables -w -C FORWARD "${args[@]}" 2>/dev/null; then
      iptables -w -I FORWARD 1 "${args[@]}" ||
        die "cannot add iptables rule: FORWARD $rule"
    fi
  done < <(fw_rules)
}

remove_forward_rules() {
  local rule args
  command -v iptables >/dev/null 2>&1 || return 0
  while read -r rule; do
    read -r -a args <<<"$rule"
    while iptables -w -C FORWARD "${args[@]}" 2>/dev/null; do
      iptables -w -D FORWARD "${args[@]}"
    done
  done < <(fw_rules)
}

# ---------------------------------------------------------------------------
# dockerd
# ---------------------------------------------------------------------------
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
  # Also when reusing a daemon: idempotent, and repairs a bridge or rule that
  # someone removed meanwhile.
  ensure_bridge
  ensure_forward_rules
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

# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------
image_current() {
  local rev
  rev="$("${DOCKER[@]}" image inspect -f "{{ index .Config.Labels \"$IMAGE_REV_LABEL\" }}" "$1" 2>/dev/null)" || return 1
  [[ "$rev" == "$IMAGE_REV" ]]
}

build_busybox_image() {
  local rootfs="$CACHE/busybox-rootfs" applet n=0
  log "building $BUSYBOX_IMAGE from /bin/busybox"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  cp /bin/busybox "$rootfs/bin/busybox"
  while read -r applet; do
    [[ "$applet" =~ ^[][A-Za-z0-9._-]+$ && "$applet" != busybox ]] || continue
    ln -sf busybox "$rootfs/bin/$applet"
    n=$((n + 1))
  done < <(/bin/busybox --list)
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$rootfs/etc/group"
  # The image has no libc: a dynamically linked busybox (package `busybox`
  # instead of `busybox-static`) would produce an image where nothing runs.
  chroot "$rootfs" /bin/busybox true ||
    die "/bin/busybox does not run without libraries; install busybox-static"
  log "busybox rootfs: $n applets"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf - . |
    "${DOCKER[@]}" import \
      --change 'CMD ["/bin/sh"]' \
      --change "LABEL $IMAGE_REV_LABEL=$IMAGE_REV" \
      --message "tianqi testenv busybox rev $IMAGE_REV" \
      - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

build_python_image() {
  if [[ -s "$PY_TAR" ]]; then
    log "reusing cached rootfs $PY_TAR"
  else
    # Point mmdebstrap at the machine's own Debian sources (whatever mirror or
    # proxy this machine is set up with), when they describe bookworm; otherwise
    # mmdebstrap uses its built-in default.
    local mirror=() src
    for src in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
      if [[ -s "$src" ]] && grep -qw bookworm "$src"; then
        mirror=("$src")
        break
      fi
    done
    log "building python rootfs with mmdebstrap (takes ~1-3 min; progress follows)"
    mkdir -p "$CACHE"
    rm -f "$PY_TAR.partial"
    # Written to .partial and renamed, so an interrupted run never leaves a
    # truncated tarball that later runs would trust.
    if ! mmdebstrap --variant=apt --include=python3-minimal --format=tar \
      bookworm "$PY_TAR.partial" "${mirror[@]}"; then
      rm -f "$PY_TAR.partial"
      die "mmdebstrap failed (see its output above)"
    fi
    mv "$PY_TAR.partial" "$PY_TAR"
  fi
  log "importing $PY_TAR as $PYTHON_IMAGE"
  "${DOCKER[@]}" import \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL $IMAGE_REV_LABEL=$IMAGE_REV" \
    --message "tianqi testenv python rev $IMAGE_REV" \
    "$PY_TAR" "$PYTHON_IMAGE" >/dev/null
}

verify_images() {
  local out
  out="$("${DOCKER[@]}" run --rm "$BUSYBOX_IMAGE" echo ok 2>&1)" ||
    die "$BUSYBOX_IMAGE does not run: $out"
  [[ "$out" == ok ]] || die "$BUSYBOX_IMAGE printed '$out', expected 'ok'"
  out="$("${DOCKER[@]}" run --rm "$PYTHON_IMAGE" python3 -c 'print(6*7)' 2>&1)" ||
    die "$PYTHON_IMAGE does not run: $out"
  [[ "$out" == 42 ]] || die "$PYTHON_IMAGE printed '$out', expected '42'"
}

# Port publishing is what the node agent relies on; check it end to end:
# busybox httpd in a container, published on an ephemeral 127.0.0.1 port,
# fetched from the host.
verify_port_publishing() {
  local cid hostport body="" i
  cid="$("${DOCKER[@]}" run -d -p 127.0.0.1::8080 "$BUSYBOX_IMAGE" httpd -f -p 8080 -h /)" ||
    die "cannot start an httpd container"
  hostport="$("${DOCKER[@]}" port "$cid" 8080/tcp | head -n 1)" || true
  if [[ -n "$hostport" ]]; then
    # httpd needs a moment to bind inside the container.
    for ((i = 0; i < 50; i++)); do
      # curl, not the host's busybox wget: static busybox's wget segfaults on
      # the host here (it works inside the image).
      body="$(curl -fsS --max-time 2 "http://$hostport/etc/passwd" 2>/dev/null)" && break
      sleep 0.2
    done
  fi
  "${DOCKER[@]}" rm -f "$cid" >/dev/null 2>&1 || true
  [[ "$body" == root:* ]] ||
    die "port publishing broken: nothing served on '${hostport:-<no port>}' by container $cid"
}

ensure_images() {
  image_current "$BUSYBOX_IMAGE" || build_busybox_image
  image_current "$PYTHON_IMAGE" || build_python_image
  verify_images
  # The sandbox's runtime image, built by the product's own script (its rootfs
  # tarball cached with ours).
  DOCKER_HOST="unix://$DOCKER_SOCK" TQ_SANDBOX_CACHE="$CACHE" "$ROOT/scripts/sandbox-images.sh" ||
    die "building the sandbox image failed"
  verify_port_publishing
  log "images ok: $BUSYBOX_IMAGE, $PYTHON_IMAGE, $SANDBOX_IMAGE; port publishing ok"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
as_postgres() {
  # cd /: postgres cannot read root's cwd and initdb/pg_ctl complain about it.
  (cd / && runuser -u postgres -- "$@")
}

find_pg_bin() {
  local f bins=()
  for f in /usr/lib/postgresql/*/bin/postgres; do
    [[ -x "$f" ]] && bins+=("${f%/postgres}")
  done
  ((${#bins[@]})) || die "no PostgreSQL server under /usr/lib/postgresql"
  # Highest major version wins (bookworm ships 15).
  PG_BIN="$(printf '%s\n' "${bins[@]}" | sort -V | tail -n 1)"
}

# Decide where the postgres-owned files live. $B/pg works when `postgres` can
# traverse every parent of it and the socket path is short enough; else /tmp.
choose_pg_paths() {
  getent passwd postgres >/dev/null || die "no 'postgres' system user (is the postgresql package installed?)"
  mkdir -p "$PG_HOME"
  chmod 0755 "$PG_HOME"
  local dir="$PG_HOME"
  if ! as_postgres test -x "$PG_HOME" || ((${#PG_HOME} + 25 > MAX_SOCK)); then
    dir="/tmp/tq-pg-$HASH"
  fi
  # Interpolated into postgresql.conf inside single quotes.
  [[ "$dir" != *"'"* ]] || die "path $dir contains a single quote"
  PG_DATA="$dir/data"
  PG_LOG="$dir/log"
  PG_SOCKDIR="$dir/run"
  if [[ "$dir" != "$PG_HOME" ]]; then
    install -d -o postgres -g postgres -m 0700 "$dir"
  fi
}

pg_running_pid() {
  local pid
  pid="$(read_pidfile "$PG_DATA/postmaster.pid")"
  pid_is "$pid" postgres && printf '%s' "$pid"
  return 0
}

pg_port_in_use() {
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
}

pick_pg_port() {
  local p saved=""
  saved="$(read_pidfile "$PG_PORT_FILE")"
  if [[ "$saved" =~ ^[0-9]+$ ]] && ! pg_port_in_use "$saved"; then
    printf '%s' "$saved"
    return 0
  fi
  for ((p = PG_FIRST_PORT; p <= PG_LAST_PORT; p++)); do
    if ! pg_port_in_use "$p"; then
      printf '%s' "$p"
      return 0
    fi
  done
  die "no free TCP port in $PG_FIRST_PORT-$PG_LAST_PORT for PostgreSQL"
}

pg_password() {
  if [[ ! -s "$PG_PASSWORD_FILE" ]]; then
    # Hex only: safe inside a URL and in SQL without escaping.
    (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE")
  fi
  chmod 0600 "$PG_PASSWORD_FILE"
  cat "$PG_PASSWORD_FILE"
}

start_postgres() {
  local pid port pw ver
  find_pg_bin
  choose_pg_paths

  pid="$(pg_running_pid)"
  if [[ -n "$pid" ]]; then
    port="$(sed -n 4p "$PG_DATA/postmaster.pid")"
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      log "reusing PostgreSQL (pid $pid) on 127.0.0.1:$port"
    else
      die "PostgreSQL (pid $pid) runs but does not answer on 127.0.0.1:$port; see $PG_LOG, or run '$0 down'"
    fi
  else
    # Stale after a crash/reboot; postgres may refuse it if the pid got reused.
    rm -f "$PG_DATA/postmaster.pid"
    if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
      log "initdb $PG_DATA"
      rm -rf "$PG_DATA"
      install -d -o postgres -g postgres -m 0700 "$PG_DATA"
      as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 --no-sync >/dev/null ||
        die "initdb failed"
      printf "\ninclude = 'testenv.conf'\n" >>"$PG_DATA/postgresql.conf"
    fi
    ver="$(cat "$PG_DATA/PG_VERSION")"
    [[ "$PG_BIN" == */"$ver"/bin ]] ||
      die "$PG_DATA was made by PostgreSQL $ver but the server is $PG_BIN; remove $PG_DATA"
    install -d -o postgres -g postgres -m 0700 "$PG_SOCKDIR"
    touch "$PG_LOG"
    chown postgres:postgres "$PG_LOG"

    port="$(pick_pg_port)"
    # Rewritten on every start (port may change). Durability off: throwaway data.
    cat >"$PG_DATA/testenv.conf" <<EOF
# written by scripts/testenv.sh on every start
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_SOCKDIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    chown postgres:postgres "$PG_DATA/testenv.conf"
    log "starting PostgreSQL on 127.0.0.1:$port (log: $PG_LOG)"
    # 9>&-: the postmaster must not inherit the lock fd (see start_dockerd).
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 9>&-; then
      tail -n 30 "$PG_LOG" >&2 || true
      die "PostgreSQL did not start"
    fi
    "$PG_BIN/pg_isready" -q -t 10 -h 127.0.0.1 -p "$port" || die "PostgreSQL started but pg_isready fails"
  fi
  printf '%s\n' "$port" >"$PG_PORT_FILE"

  pw="$(pg_password)"
  # Idempotent: the role gets (back) the password from the file on every up.
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKDIR" -p "$port" -d postgres \
    -v role="$PG_USER" -v db="$PG_DB" -v pw="$pw" >/dev/null <<'SQL' || die "cannot create role/database"
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN CREATEDB PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  # The URL the tests get must work as given: log in over TCP with the password.
  PGPASSWORD="$pw" "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$port" -U "$PG_USER" -d "$PG_DB" \
    -c 'SELECT 1' >/dev/null || die "cannot log in as $PG_USER over TCP"
  PG_PORT="$port"
}

stop_postgres() {
  local pid
  # Nothing to stop when PostgreSQL was never installed (`down` must always be safe).
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || return 0
  getent passwd postgres >/dev/null || return 0
  find_pg_bin
  choose_pg_paths
  pid="$(pg_running_pid)"
  if [[ -n "$pid" ]]; then
    log "stopping PostgreSQL (pid $pid)"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null ||
      die "pg_ctl stop failed; see $PG_LOG"
  fi
  # The cluster is throwaway: tests create a database each (tq_test_*) and
  # would pile up run after run on a reused machine. initdb --no-sync takes
  # ~1 s, so the next `up` starts clean. The password file stays, so the URL
  # is stable across runs.
  if [[ -d "$PG_DATA" ]]; then
    rm -rf "$PG_DATA"
  fi
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
write_env() {
  local pw tmp
  pw="$(cat "$PG_PASSWORD_FILE")"
  tmp="$ENV_FILE.tmp"
  (
    umask 077
    {
      echo "# written by scripts/testenv.sh up; removed by down"
      printf 'export TQ_TEST_DOCKER_HOST=%q\n' "unix://$DOCKER_SOCK"
      printf 'export TQ_TEST_PG_URL=%q\n' "postgres://$PG_USER:$pw@127.0.0.1:$PG_PORT/$PG_DB"
      printf 'export TQ_TEST_BUSYBOX_IMAGE=%q\n' "$BUSYBOX_IMAGE"
      printf 'export TQ_TEST_PYTHON_IMAGE=%q\n' "$PYTHON_IMAGE"
      printf 'export TQ_TEST_SANDBOX_IMAGE=%q\n' "$SANDBOX_IMAGE"
    } >"$tmp"
  )
  mv "$tmp" "$ENV_FILE"
}

cmd_up() {
  need_root
  take_lock
  mkdir -p "$B" "$CACHE"
  ensure_packages
  start_dockerd
  ensure_images
  start_postgres
  write_env
  cat >&2 <<EOF
testenv: up
  docker     unix://$DOCKER_SOCK (pid $(dockerd_pid), bridge $BRIDGE $BRIDGE_CIDR)
  images     $BUSYBOX_IMAGE, $PYTHON_IMAGE, $SANDBOX_IMAGE
  postgres   127.0.0.1:$PG_PORT db=$PG_DB user=$PG_USER (data $PG_DATA)
  env file   $ENV_FILE   (source it, or: $0 env)
EOF
}

cmd_down() {
  need_root
  take_lock
  stop_postgres
  stop_dockerd
  remove_forward_rules
  remove_bridge
  rm -f "$ENV_FILE" "$ENV_FILE.tmp"
  log "down (caches kept under $B)"
}

cmd_status() {
  local pid port rc=0
  pid="$(dockerd_pid)"
  if [[ -n "$pid" ]] && docker_answers; then
    echo "dockerd:    running, pid $pid, unix://$DOCKER_SOCK"
    local img
    for img in "$BUSYBOX_IMAGE" "$PYTHON_IMAGE"; do
      if image_current "$img"; then echo "  image:    $img"; else echo "  image:    $img MISSING"; fi
    done
    echo "  containers: $("${DOCKER[@]}" ps -q | wc -l) running"
  elif [[ -n "$pid" ]]; then
    echo "dockerd:    pid $pid but NOT answering on $DOCKER_SOCK"
    rc=1
  else
    echo "dockerd:    stopped"
    rc=1
  fi
  if ip link show dev "$BRIDGE" >/dev/null 2>&1; then
    echo "bridge:     $BRIDGE $(ip -o -4 addr show dev "$BRIDGE" | awk '{print $4}')"
  else
    echo "bridge:     $BRIDGE absent"
  fi
  if compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && getent passwd postgres >/dev/null; then
    find_pg_bin
    choose_pg_paths >/dev/null 2>&1 || true
    pid="$(pg_running_pid)"
    if [[ -n "$pid" ]]; then
      port="$(sed -n 4p "$PG_DATA/postmaster.pid")"
      if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        echo "postgres:   running, pid $pid, 127.0.0.1:$port, data $PG_DATA"
      else
        echo "postgres:   pid $pid but NOT ready on 127.0.0.1:$port"
        rc=1
      fi
    else
      echo "postgres:   stopped"
      rc=1
    fi
  fi
  if [[ -f "$ENV_FILE" ]]; then echo "env file:   $ENV_FILE"; else echo "env file:   absent"; fi
  return "$rc"
}

cmd_env() {
  [[ -f "$ENV_FILE" ]] || die "$ENV_FILE missing; run '$0 up' first"
  cat "$ENV_FILE"
}

usage() {
  echo "usage: $0 up|down|status|env" >&2
  exit 2
}

main() {
  (($# == 1)) || usage
  case "$1" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) usage ;;
  esac
}

main "$@"
