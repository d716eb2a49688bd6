# scripts/testenv/common.sh — helpers every part uses, and how a part asks
# for Debian packages. Sourced by scripts/testenv.sh; not run on its own.

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

# need_package PACKAGE PROBE: the part needs Debian's PACKAGE; PROBE proves it
# is installed (a command name looked up in PATH, or an absolute path/glob that
# must match an executable). `packages_up` installs what is missing, at once.
PACKAGES=()
declare -A PKG_PROBE=()
need_package() {
  PACKAGES+=("$1")
  PKG_PROBE[$1]="$2"
}

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

packages_up() { ensure_packages; }
