# scripts/testenv/tools.sh — programs the tests run themselves: socat (a TCP
# proxy to a node), Debian's docker-registry (pulls from 127.0.0.1), openssl
# (TLS certificates for a second dockerd), Debian's python3 with requests (the
# workspace compat API's own client) and venv (the API fuzzer's schemathesis),
# curl, systemd-analyze and pg_dump, docker-compose (the compose stack's test), Debian's OpenSSH client, sshpass and tmux (the SSH jump host's tests
# sign in with a password and drive a real terminal), and chromium (the web console's end-to-end test drives /usr/bin/chromium
# with playwright-core; no browser download). Sourced by scripts/testenv.sh;
# it only asks for packages.

need_package curl curl
need_package socat socat
need_package iperf3 iperf3
need_package docker-registry docker-registry
need_package openssl openssl
# The workspace compat test runs the seed's Python client with Debian's
# interpreter (not a pyenv shim) and its requests package.
need_package python3 /usr/bin/python3
need_package python3-requests /usr/lib/python3/dist-packages/requests
# scripts/fuzz-api.sh installs schemathesis into a venv of Debian's python3.
need_package python3-venv "/usr/lib/python3.*/ensurepip"
need_package chromium /usr/bin/chromium
# deploy/systemd/tianqi.service is checked with systemd-analyze verify/security;
# `tianqi backup`/`restore` on PostgreSQL run pg_dump/pg_restore.
need_package systemd /usr/bin/systemd-analyze
need_package postgresql-client /usr/bin/pg_dump
need_package openssh-client /usr/bin/ssh
need_package sshpass sshpass
# its sftp-server is copied into a test instance (the sftp subsystem)
need_package openssh-sftp-server /usr/lib/openssh/sftp-server
need_package tmux tmux
# deploy/compose/compose.yaml is started by the container test with Debian's
# docker-compose (1.29), against the private dockerd.
need_package docker-compose docker-compose
