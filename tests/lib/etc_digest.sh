# shellcheck shell=bash
# etc_digest DIR: what must never change in a host's /etc, seen at DIR (/etc itself, or the
# host's /etc through a descriptor once a private copy covers it): names, types, modes and
# owners of passwd, shadow, group, gshadow, pam.d, ssh and security, then their contents.
etc_digest() {
  local paths=() p
  for p in passwd shadow group gshadow pam.d ssh security; do
    [[ -e $1/$p ]] && paths+=("$p")
  done
  (
    cd "$1" || exit 1
    find "${paths[@]}" -printf '%p %y %m %u:%g %l\n' | LC_ALL=C sort
    find "${paths[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  )
}
