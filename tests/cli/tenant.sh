#!/usr/bin/env bash
# pam-idaas tenant ping / user against the fake tenant, as the README shows.
# Usage: tenant.sh PATH/TO/pam-idaas PROJECT_SOURCE_DIR
set -u
tool=$1
src=$2
work=$(mktemp -d)
cleanup() { "$src/tests/fake_tenant/stop.sh" "$work/fake" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

source "$src/tests/cli/lib.sh"

ready=$("$src/tests/fake_tenant/start.sh" "$work/fake") || { echo "fake tenant did not start"; exit 1; }
url=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["url"])' "$ready")
ca=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ca_file"])' "$ready")

printf 'test-secret\n' >"$work/secret"
chmod 600 "$work/secret"
write_config() {
  cat >"$work/pam_idaas.yaml" <<YAML
tenant:
  base_url: $1
  client_id: test-client
  client_secret_file: $work/secret
  ca_file: $ca
  budget_ms: 5000
YAML
  chmod 600 "$work/pam_idaas.yaml"
}
write_config "$url"
run() { "$tool" tenant "$@" --config "$work/pam_idaas.yaml"; }

expect "tenant --help" 0 '^Usage: pam-idaas tenant ping' -- "$tool" tenant --help
expect "tenant -h" 0 '^Usage: pam-idaas tenant ping' -- "$tool" tenant -h
expect "tenant user -h" 0 '^Usage: pam-idaas tenant ping' -- "$tool" tenant user -h
expect "config check with tenant" 0 ': OK$' -- "$tool" config check --config "$work/pam_idaas.yaml"
expect "ping" 0 "^$url: token obtained for client test-client, valid for 1800 s" -- run ping
expect "user" 0 '^must change pw: no$' -- run user alice
# What PWD.0009 checks, as the module gets it from the tenant: the name in full, the
# mobile number and email address partly masked (pam-idaas(1)).
alice=$(run user alice 2>&1)
for line in 'user_name:      alice' 'name:           Alice Smith' 'mobile:         \+1 20\*-\*\*\*-0143' \
  'email:          a\*\*\*@example\.com'; do
  if grep -Eq "^$line\$" <<<"$alice"; then ok "user shows '$line'"; else not_ok "user shows '$line'" "$alice"; fi
done
expect "user: a Chinese mobile number" 0 '^mobile:         139\*\*\*\*9000$' -- run user odd
expect "user: +86 and the national number" 0 '^mobile:         \+86 1\*\*\*\*\*\*8000$' -- run user zhangsan
expect "user: the real name in Chinese" 0 '^name:           张三$' -- run user zhangsan
expect "user: none of them" 0 '^mobile:         \(none\)$' -- run user dave
if run user alice | grep -q '202-555-0143\|alice\.smith@'; then
  not_ok "user: the whole mobile number and email address never shown" "$(run user alice)"
else ok "user: the whole mobile number and email address never shown"; fi
expect "user that must change" 0 '^must change pw: yes$' -- run user bob
expect "user json" 0 '^\{"disabled":false,"email":"a\*\*\*@example.com","locked":false,"mobile":"\+1 20\*-\*\*\*-0143","name":"Alice Smith","pwd_change_at":.*"pwd_must_modify":false,"user_id":"[^"]+","user_name":"alice"\}$' -- \
  run user alice --json
expect "disabled user" 0 '^disabled:       yes$' -- run user carol
expect "unknown user" 1 'rejected \(IDAAS.TENANT.USER.0001\)' -- run user nobody
expect "user without name" 2 'tenant user needs a user name' -- "$tool" tenant user
# Options in any order: before the name, before the action, with "=".
expect "user --config FILE NAME" 0 '^user_name:      bob$' -- \
  "$tool" tenant user --config "$work/pam_idaas.yaml" bob
expect "tenant --config FILE user NAME --json" 0 '"user_name":"bob"' -- \
  "$tool" tenant --config "$work/pam_idaas.yaml" user bob --json
expect "user --config=FILE NAME" 0 '^user_name:      bob$' -- \
  "$tool" tenant user --config="$work/pam_idaas.yaml" bob
expect "user with two names" 2 "unexpected argument 'carol'" -- run user bob carol
expect "ping with a name" 2 "unexpected argument 'bob'" -- run ping bob

# login: the password from standard input (never argv), no secret needed.
login() { printf '%s\n' "$2" | "$tool" tenant login "$1" --config "$work/pam_idaas.yaml"; }
expect "login" 0 '^alice: the tenant accepted the password$' -- login alice 'Lantern#4821'
expect "login that must change" 0 '^bob: the tenant accepted the password, and asks for another step' -- \
  login bob 'Initial#Set42'
expect "login with a wrong password" 1 \
  'rejected \(LOGIN\.0002\): Invalid account name or password\. Remaining attempts: 4\.$' -- \
  login alice 'Wrong#Pass123'
expect "login of a disabled user" 1 'rejected \(LOGIN\.0004\)' -- login carol 'Crimson&Fox19'
expect "login without a name" 2 'tenant login needs a user name' -- "$tool" tenant login
python3 - "$url" "$ca" <<'PY' >/dev/null
import json, ssl, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_fake/login-failures", method="DELETE")
urllib.request.urlopen(req, context=ssl.create_default_context(cafile=sys.argv[2])).read()
PY
mv "$work/secret" "$work/secret.away"
expect "login without the secret file" 0 '^alice: the tenant accepted the password$' -- \
  login alice 'Lantern#4821'
mv "$work/secret.away" "$work/secret"
log=$(python3 - "$url" "$ca" <<'PY'
import json, ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
print(urllib.request.urlopen(sys.argv[1] + "/_fake/requests", context=ctx).read().decode())
PY
)
if grep -q 'Lantern#4821\|Wrong#Pass123' <<<"$log"; then
  not_ok "login: no password in the fake's log" "$log"
elif [[ $(grep -o '"endpoint": "login"' <<<"$log" | wc -l) -ne 5 ]]; then
  not_ok "login: five logins, no token request for them" "$log"
else ok "login: five logins, no password in the fake's log"; fi

printf 'wrong-secret\n' >"$work/secret"
expect "wrong secret" 1 'tenant misconfigured' -- run ping
printf 'test-secret\n' >"$work/secret"
chmod 644 "$work/secret"
expect "secret readable by others" 2 'readable by group or others|accessible to group or others|group or others' -- run ping
expect "config check refuses the secret file" 2 'tenant.client_secret_file: ' -- \
  "$tool" config check --config "$work/pam_idaas.yaml"
chmod 600 "$work/secret"

wrong=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["wrong_host_url"])' "$ready")
write_config "$wrong"
expect "certificate for another host" 1 'tenant misconfigured' -- run ping
write_config "$url"
"$src/tests/fake_tenant/stop.sh" "$work/fake" >/dev/null 2>&1
expect "tenant down" 1 'tenant unavailable' -- run ping

finish
