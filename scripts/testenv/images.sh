# scripts/testenv/images.sh — the test images, built locally (no image
# registry is reachable here, so nothing is pulled): busybox from the host's
# static busybox, python from a Debian rootfs made by mmdebstrap, and the
# sandbox's runtime image from scripts/sandbox-images.sh. Sourced by
# scripts/testenv.sh.

need_package busybox-static /bin/busybox
need_package mmdebstrap mmdebstrap

BUSYBOX_IMAGE="tianqi-test/busybox:latest"
PYTHON_IMAGE="tianqi-test/python:latest"
SANDBOX_IMAGE="tianqi/sandbox:bookworm"
PY_TAR="$CACHE/python-rootfs.tar"
# Bump when the image recipe changes: images with another rev get rebuilt.
IMAGE_REV=1
IMAGE_REV_LABEL="org.tianqi.testenv.rev"

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

images_up() { ensure_images; }

images_env() {
  printf 'export TQ_TEST_BUSYBOX_IMAGE=%q\n' "$BUSYBOX_IMAGE"
  printf 'export TQ_TEST_PYTHON_IMAGE=%q\n' "$PYTHON_IMAGE"
  printf 'export TQ_TEST_SANDBOX_IMAGE=%q\n' "$SANDBOX_IMAGE"
}

images_summary() {
  echo "  images     $BUSYBOX_IMAGE, $PYTHON_IMAGE, $SANDBOX_IMAGE"
}

images_status() {
  docker_answers || return 0
  local img
  for img in "$BUSYBOX_IMAGE" "$PYTHON_IMAGE"; do
    if image_current "$img"; then echo "  image:    $img"; else echo "  image:    $img MISSING"; fi
  done
}
