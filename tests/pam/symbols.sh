#!/usr/bin/env bash
# The dynamic symbol tables and link flags of the module and of its tenant client
# (pam_idaas/tenant.so beside it), as `nm -D`, `readelf` and `ldd` see them.
set -uo pipefail
source "$(dirname "$0")/../cli/lib.sh"
module=$1
plugin=$(dirname -- "$module")/pam_idaas/tenant.so

# exports FILE EXPECTED...: the symbols FILE defines for others are exactly EXPECTED.
exports() {
  local file=$1 defined expected
  shift
  defined=$(nm -D --defined-only "$file" | awk '{print $3}' | sort | paste -sd ' ')
  expected=$(printf '%s\n' "$@" | sort | paste -sd ' ')
  if [[ $defined == "$expected" ]]; then
    ok "${file##*/}: nm -D --defined-only lists only $expected"
  else
    not_ok "${file##*/}: only $expected exported" "$defined"
  fi
}

# linked FILE: bound at load, never unloaded, every symbol resolved at link time.
linked() {
  local file=$1 dynamic flag undefined
  dynamic=$(readelf -d "$file")
  for flag in NOW NODELETE; do
    if grep -Eq "FLAGS_1.*\b$flag\b" <<<"$dynamic"; then
      ok "${file##*/}: linked -z ${flag,,}"
    else
      not_ok "${file##*/}: linked -z ${flag,,}" "$dynamic"
    fi
  done
  undefined=$(ldd -r "$file" 2>&1 | grep -i 'undefined symbol')
  if [[ -z $undefined ]]; then
    ok "${file##*/}: no undefined symbols (-z defs)"
  else
    not_ok "${file##*/}: -z defs" "$undefined"
  fi
}

exports "$module" pam_sm_acct_mgmt pam_sm_authenticate pam_sm_chauthtok pam_sm_setcred
linked "$module"
exports "$plugin" pam_idaas_tenant_open pam_idaas_tenant_destroy pam_idaas_tenant_restart_budget \
  pam_idaas_tenant_find_user pam_idaas_tenant_change_password pam_idaas_tenant_reset_password \
  pam_idaas_tenant_login
linked "$plugin"

# The plugin's identity note (tenant_identity.h), in a PT_NOTE segment where the module reads it,
# and still there after the strip Debian's dh_strip applies to shared libraries.
carries_identity() {
  local file=$1 what=$2 notes segments
  notes=$(readelf -nW "$file")
  segments=$(readelf -lW "$file")
  if grep -Eq '^ +pam_idaas +0x[0-9a-f]+' <<<"$notes" &&
    grep -A20 'Section to Segment mapping' <<<"$segments" | grep -q '\.note\.pam_idaas'; then
    ok "tenant.so: the pam_idaas identity note, in a segment ($what)"
  else
    not_ok "tenant.so: the pam_idaas identity note ($what)" "$notes"
  fi
}
carries_identity "$plugin" "as built"
stripped=$(mktemp)
trap 'rm -f -- "$stripped"' EXIT
strip --remove-section=.comment --remove-section=.note --strip-unneeded -o "$stripped" "$plugin"
carries_identity "$stripped" "stripped as dh_strip does"

# The point of the split: loading the module maps no HTTP stack; the plugin carries it.
# ldd's output is taken whole first: with pipefail, `ldd | grep -q` fails whenever grep's early
# exit makes ldd die of SIGPIPE, and a present library then reads as absent.
module_libraries=$(ldd "$module")
plugin_libraries=$(ldd "$plugin")
if grep -q 'libcurl' <<<"$module_libraries"; then
  not_ok "the module does not link libcurl" "$module_libraries"
else
  ok "the module does not link libcurl ($(wc -l <<<"$module_libraries") libraries)"
fi
if grep -q 'libcurl' <<<"$plugin_libraries"; then
  ok "the tenant client links libcurl"
else
  not_ok "the tenant client links libcurl" "$plugin_libraries"
fi

# No global state a caller could swap: the system-call table of base/os.h is fixed in the shipped
# objects (only the tests' build of the base library, PAM_IDAAS_TEST_OS, can replace it).
for file in "$module" "$plugin"; do
  symbols=$(nm -C "$file")
  if grep -Eq 'pam_idaas::os::(ScopedCalls|\(anonymous namespace\)::current)' <<<"$symbols"; then
    not_ok "$(basename -- "$file"): no swappable system-call table" "$(grep 'pam_idaas::os::' <<<"$symbols")"
  elif grep -q 'pam_idaas::os::calls' <<<"$symbols"; then
    ok "$(basename -- "$file"): no swappable system-call table"
  else
    not_ok "$(basename -- "$file"): no swappable system-call table" "os::calls() not found: is the file stripped?"
  fi
done
finish
