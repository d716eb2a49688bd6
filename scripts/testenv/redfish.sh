# scripts/testenv/redfish.sh — a real Redfish server for the assets' "refresh
# from BMC" tests: sushy-tools (OpenStack's Redfish emulators, from PyPI) in a
# venv of Debian's python3 under the cache. The tests start its servers
# themselves on loopback: `sushy-static` serving a mockup directory the test
# writes (a Dell-like system), and `sushy-emulator` with an htpasswd file
# (basic auth, for the wrong-password case). Sourced by scripts/testenv.sh.

need_package python3-venv "/usr/lib/python3.*/ensurepip"

SUSHY_VERSION=2.2.0
SUSHY_VENV="$CACHE/sushy-$SUSHY_VERSION"

redfish_up() {
  if [[ ! -x "$SUSHY_VENV/bin/sushy-static" || ! -x "$SUSHY_VENV/bin/sushy-emulator" ]]; then
    log "installing sushy-tools $SUSHY_VERSION into $SUSHY_VENV"
    rm -rf "$SUSHY_VENV"
    /usr/bin/python3 -m venv "$SUSHY_VENV" || die "cannot create a venv for sushy-tools"
    "$SUSHY_VENV/bin/pip" install --quiet --disable-pip-version-check "sushy-tools==$SUSHY_VERSION" ||
      die "cannot install sushy-tools $SUSHY_VERSION (PyPI unreachable?)"
  fi
}

redfish_env() {
  printf 'export TQ_TEST_SUSHY_BIN=%q\n' "$SUSHY_VENV/bin"
}

redfish_summary() {
  echo "  redfish    sushy-tools $SUSHY_VERSION in $SUSHY_VENV/bin"
}

redfish_status() {
  if [[ -x "$SUSHY_VENV/bin/sushy-static" ]]; then echo "  redfish:  sushy-tools $SUSHY_VERSION"; else echo "  redfish:  sushy-tools MISSING"; fi
}
