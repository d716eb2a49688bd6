# scripts/lib/debian-rootfs.sh — a Debian bookworm root filesystem as a tarball,
# made by mmdebstrap from this machine's apt sources (nothing is pulled from an
# image registry), for `docker import`. Sourced by scripts/sandbox-images.sh and
# deploy/container/build.sh.

# debian_rootfs TAR PACKAGES: writes TAR (unless it exists) with PACKAGES
# (comma separated) on the `apt` variant, apt's caches and lists removed.
# Installs mmdebstrap when missing and root. Fails (status 1, a sentence on
# stderr) otherwise.
debian_rootfs() {
  local tar="$1" packages="$2" src mirror=()
  [[ -s "$tar" ]] && return 0
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    if [[ $(id -u) != 0 ]]; then
      printf 'mmdebstrap is required (Debian: apt-get install mmdebstrap)\n' >&2
      return 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
  fi
  # This machine's own Debian sources (whatever mirror or proxy it is set up
  # with), when they describe bookworm; otherwise mmdebstrap's default.
  for src in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [[ -s "$src" ]] && grep -qw bookworm "$src"; then
      mirror=("$src")
      break
    fi
  done
  mkdir -p "$(dirname "$tar")"
  rm -f "$tar.partial"
  printf 'building a bookworm rootfs with %s into %s (a few minutes)\n' "$packages" "$tar" >&2
  # .partial then rename: an interrupted build never leaves a tarball later runs trust.
  if ! mmdebstrap --variant=apt --include="$packages" --format=tar \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    bookworm "$tar.partial" "${mirror[@]}"; then
    rm -f "$tar.partial"
    printf 'mmdebstrap failed (see above)\n' >&2
    return 1
  fi
  mv "$tar.partial" "$tar"
}
