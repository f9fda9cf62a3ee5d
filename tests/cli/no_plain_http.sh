#!/usr/bin/env bash
# Issue 18, item 6: plain http:// exists only in the tests' build of the tenant library. The
# shipped objects (the admin tool, the module, its tenant plugin, the tenant library they link)
# have no plain-http path, and a config asking for one is refused.
# Usage: no_plain_http.sh PATH/TO/pam-idaas PROJECT_SOURCE_DIR MODULE PLUGIN TENANT_LIB TEST_LIB
set -u
tool=$1
src=$2
module=$3
plugin=$4
tenant_lib=$5
test_lib=$6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$src/tests/cli/lib.sh"

# The protocol list the tests' transport hands libcurl (CURLOPT_PROTOCOLS_STR) when it allows
# plain http; the shipped transport's only list is "https".
has_plain_path() { grep -aqF 'http,https' "$1"; }

if has_plain_path "$test_lib"; then
  ok "the probe finds the plain-http path in the tests' build ($(basename "$test_lib"))"
else
  not_ok "the probe finds the plain-http path in the tests' build" "no 'http,https' in $test_lib"
fi
for object in "$tenant_lib" "$plugin" "$module" "$tool"; do
  if has_plain_path "$object"; then
    not_ok "no plain-http path in $(basename "$object")" "'http,https' found in $object"
  else
    ok "no plain-http path in $(basename "$object")"
  fi
done

config=$work/pam_idaas.yaml
write_config() {
  printf 'tenant:\n  base_url: %s\n  client_id: test-client\n%s' "$1" "${2:-}" >"$config"
  chmod 600 "$config"
}
write_config http://127.0.0.1:8080
expect "config check refuses http:// to loopback" 2 \
  "^$config:2:13: tenant.base_url: plain http is refused; use https://$" \
  -- "$tool" config check --config "$config"
expect "tenant ping refuses http:// to loopback" 2 'plain http is refused; use https://' \
  -- "$tool" tenant ping --config "$config"
write_config https://127.0.0.1:8080 '  allow_plain_http_loopback: true\n'
expect "config check refuses the tests' switch" 2 \
  "^$config:4:30: tenant.allow_plain_http_loopback: exists only in the test builds of pam_idaas" \
  -- "$tool" config check --config "$config"

finish
