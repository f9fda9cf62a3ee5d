#!/usr/bin/env bash
# lintian -I --pedantic on the built packages: any error (E:) or warning (W:)
# fails; info (I:), pedantic (P:) and experimental (X:) tags are shown only.
# Overrides, each with its reason, are in packaging/debian/libpam-idaas.lintian-overrides.
#
# Usage: lintian.sh DEB_DIR      (scripts/build-deb's output: the .changes and .deb files)
# Exit status: 0 clean, 1 an error or warning, 2 usage, 77 lintian is not installed
# (a failure under PAM_IDAAS_REQUIRE_ALL=1, tests/lib/skip.sh).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
# shellcheck source=../cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
# shellcheck source=../lib/skip.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/skip.sh"
if [[ $# -ne 1 ]]; then
  echo "usage: $0 DEB_DIR" >&2
  exit 2
fi
command -v lintian >/dev/null || skip "lintian is not installed (scripts/test-package installs it)"
shopt -s nullglob
# The .changes lists the packages of one build (and lintian then checks it too);
# without one, every .deb.
targets=("$1"/*.changes)
((${#targets[@]})) || targets=("$1"/*.deb)
if ((${#targets[@]} == 0)); then
  echo "no .changes or .deb file in $1 (run scripts/build-deb)" >&2
  exit 2
fi
rc=0
# lintian's own complaint about running as root goes to stderr, with the rest of its chatter.
out=$(lintian -I --pedantic --color never "${targets[@]}" 2>"${TMPDIR:-/tmp}/lintian.$$.err") || rc=$?
err=$(grep -v 'running with root privileges is not recommended' "${TMPDIR:-/tmp}/lintian.$$.err" || true)
rm -f "${TMPDIR:-/tmp}/lintian.$$.err"
echo "# lintian -I --pedantic ${targets[*]##*/}"
if [[ -n $out ]]; then sed 's/^/# | /' <<<"$out"; fi
bad=$(grep -E '^[EW]: ' <<<"$out" || true)
if [[ -z $bad ]]; then
  ok "lintian: no error or warning"
else
  not_ok "lintian: no error or warning" "$bad"
fi
# lintian's own failures (not tags): exit status 2 and above, or stderr chatter.
if ((rc >= 2)) || { ((rc == 1)) && [[ -z $bad ]]; }; then
  not_ok "lintian ran" "exit status $rc: $err"
fi
finish
