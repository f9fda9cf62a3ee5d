#!/usr/bin/env bash
# The module's dynamic symbol table and link flags, as `nm -D` and `readelf` see them.
set -uo pipefail
source "$(dirname "$0")/../cli/lib.sh"
module=$1

defined=$(nm -D --defined-only "$module" | awk '{print $3}' | sort)
if [[ $defined == $'pam_sm_acct_mgmt\npam_sm_chauthtok' ]]; then
  ok "nm -D --defined-only lists only pam_sm_acct_mgmt and pam_sm_chauthtok"
else
  not_ok "only pam_sm_* exported" "$defined"
fi

dynamic=$(readelf -d "$module")
for flag in NOW NODELETE; do
  if grep -Eq "FLAGS_1.*\b$flag\b" <<<"$dynamic"; then
    ok "linked -z ${flag,,}"
  else
    not_ok "linked -z ${flag,,}" "$dynamic"
  fi
done

undefined=$(ldd -r "$module" 2>&1 | grep -i 'undefined symbol')
if [[ -z $undefined ]]; then ok "no undefined symbols (-z defs)"; else not_ok "-z defs" "$undefined"; fi
finish
