# scripts/testenv/network.sh — the private dockerd's own bridge and the two
# FORWARD rules its containers need (kernel state by nature). Sourced by
# scripts/testenv.sh.

need_package iproute2 ss
need_package iptables iptables

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

network_up() {
  ensure_bridge
  ensure_forward_rules
}

network_down() {
  remove_forward_rules
  remove_bridge
}

network_status() {
  if ip link show dev "$BRIDGE" >/dev/null 2>&1; then
    echo "bridge:     $BRIDGE $(ip -o -4 addr show dev "$BRIDGE" | awk '{print $4}')"
  else
    echo "bridge:     $BRIDGE absent"
  fi
}
