# shellcheck shell=bash
# A private /dev for the real programs under test, shared by tests/e2e and
# tests/package: sourced, defines functions only.

# dev_nodes DEV NAME: a tmpfs at DEV (mount name NAME) with the nodes and links
# passwd, su, sshd, ssh, dpkg and expect use. Real nodes, not bind mounts of
# the host's: the kernel finds the pty instance from the "pts" beside the
# ptmx that was opened. DEV/shm is left empty for the caller.
dev_nodes() {
  local dev=$1 node name major minor
  mount -t tmpfs -o mode=755 "$2" "$dev"
  for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0 ptmx:5:2; do
    IFS=: read -r name major minor <<<"$node"
    mknod -m 666 "$dev/$name" c "$major" "$minor"
  done
  mkdir "$dev/pts" "$dev/shm"
  mount --rbind /dev/pts "$dev/pts"
  ln -s /proc/self/fd "$dev/fd"
  ln -s /proc/self/fd/0 "$dev/stdin"
  ln -s /proc/self/fd/1 "$dev/stdout"
  ln -s /proc/self/fd/2 "$dev/stderr"
}

# serve_dev_log SOCKET LOG PIDFILE [TAG]: a syslog socket at SOCKET that appends each
# message to LOG (shown with failures), so the module's pam_syslog lines land
# neither in the host's log nor nowhere; TAG (e.g. "[host B] ") starts each line,
# for several sockets sharing one LOG. Returns once the socket exists.
serve_dev_log() {
  local _
  : >"$2"
  python3 -c '
import socket, sys  # pam_idaas test syslog: a /dev/log that writes each message to a file
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1, errors="replace") as out:
    while True:
        out.write(sys.argv[3] + s.recv(65536).decode(errors="replace").rstrip("\n\0") + "\n")
' "$1" "$2" "${4:-}" </dev/null &
  echo $! >"$3"
  for _ in {1..50}; do
    [[ -S $1 ]] && break
    sleep 0.1
  done
  chmod 666 "$1"
}

# private_dev WORK NAME: the above mounted over /dev (built in WORK/dev, mount name NAME),
# with the host's /dev/shm and a /dev/log of its own: every syslog(3) line of the mount
# namespace lands in WORK/syslog.log, the listener's pid in WORK/syslog.pid.
private_dev() {
  local dev=$1/dev
  mkdir -m 755 "$dev"
  dev_nodes "$dev" "$2"
  mount --rbind /dev/shm "$dev/shm"
  serve_dev_log "$dev/log" "$1/syslog.log" "$1/syslog.pid"
  mount --move "$dev" /dev
}
