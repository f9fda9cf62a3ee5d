#!/usr/bin/env bash
# End to end: the caller's environment cannot steer the module inside the setuid passwd(1).
# alice runs the real passwd with every variable that steers libcurl or OpenSSL set to a
# hostile value: the proxy variables point to a trap (a listener that writes down every
# connection), the CA variables to an unrelated CA, OPENSSL_CONF to a configuration that loads
# a "provider" whose constructor leaves a mark, CURL_HOME to a .curlrc naming the trap as proxy.
# The module trusts the system CA bundle here (the private /etc's bundle with the fake's CA
# added), so CA variables that were read would break the change. Checks:
#   - the change lands at the tenant and in shadow; the trap saw no connection; no mark;
#   - with tenant.proxy set to a real CONNECT proxy, NO_PROXY=* does not bypass it;
#   - SSLKEYLOGFILE: the module refuses before any connection (libcurl would write the TLS
#     session keys there), says why, the file is never created, nothing changes anywhere.
# Negative controls: the same environment in an ordinary (not setuid) curl, the same libcurl
# and OpenSSL, does fall into the trap, load the provider, fail on the CA and write the keys.
# Private mount, network and pid namespaces (sandbox.sh).
#
# Usage: setuid_env.sh MODULE PROJECT_SOURCE_DIR
# Exit status: 0 all passed, 1 a check failed, 77 skipped (see sandbox.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"

NEW_HOSTILE='Copper#Trail58'    # alice's password after the hostile-environment change
NEW_VIA_PROXY='Amber#Ridge63'   # ... after the change through the configured proxy
NEW_REFUSED='Saffron#Lake47'    # offered with SSLKEYLOGFILE set: must change nothing

# Set inside the namespace (E2E_DIR): HOSTILE holds the attacker's files, MARKS what they
# leave behind when they are used.
HOSTILE='' MARKS=''

write_pam_passwd() {
  {
    echo "# pam_idaas e2e: the passwd service (a private copy of /etc)"
    password_stack
  } >"$E2E_DIR/etc/pam.d/passwd"
}

# module_config [PROXY_URL]: the tenant through the system CA bundle (no ca_file), with
# tenant.proxy if given.
module_config() {
  module_yaml "${1:+  proxy: $1}" >"$E2E_DIR/etc/security/pam_idaas.yaml"
}

# The fake's CA joins the private /etc's system bundle, the one libcurl uses by default.
trust_fake_in_system_bundle() {
  cat "$TENANT_CA" >>/etc/ssl/certs/ca-certificates.crt
}

# start_listener NAME [--relay]: a recording_proxy.py; sets NAME_PORT, logs to DIR/NAME.log.
start_listener() {
  local name=$1 _
  shift
  python3 "$e2e_here/recording_proxy.py" "$E2E_DIR/$name.log" "$E2E_DIR/$name.port" "$@" \
    </dev/null >/dev/null 2>"$E2E_DIR/$name.err" &
  for _ in {1..50}; do
    [[ -s $E2E_DIR/$name.port ]] && break
    sleep 0.1
  done
  printf -v "${name^^}_PORT" '%s' "$(<"$E2E_DIR/$name.port")"
}

# The attacker's files: an unrelated CA (file and hashed directory), an OpenSSL configuration
# that loads a provider module, that module (its constructor writes MARKS/provider-loaded),
# and a CURL_HOME whose .curlrc names the trap as proxy.
make_hostile_files() {
  mkdir -p "$HOSTILE/ca-dir" "$HOSTILE/curl-home" "$MARKS"
  chmod 755 "$HOSTILE" "$HOSTILE/ca-dir" "$HOSTILE/curl-home"
  chmod 1777 "$MARKS"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj '/CN=Unrelated CA' -keyout "$HOSTILE/ca.key" -out "$HOSTILE/ca.pem" 2>/dev/null
  cp "$HOSTILE/ca.pem" "$HOSTILE/ca-dir/" && openssl rehash "$HOSTILE/ca-dir" 2>/dev/null
  cat >"$HOSTILE/provider.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void loaded(void) {
  int fd = open(MARK, O_WRONLY | O_CREAT | O_APPEND, 0666);
  if (fd >= 0) {
    (void)!write(fd, "loaded\n", 7);
    close(fd);
  }
}
int OSSL_provider_init(void) { return 0; }
C
  cc -O1 -Wall -Werror -shared -fPIC "-DMARK=\"$MARKS/provider-loaded\"" \
    -o "$HOSTILE/provider.so" "$HOSTILE/provider.c"
  cat >"$HOSTILE/openssl.cnf" <<CNF
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
hostile = hostile_sect
[hostile_sect]
module = $HOSTILE/provider.so
activate = 1
CNF
  echo "proxy = http://127.0.0.1:$TRAP_PORT" >"$HOSTILE/curl-home/.curlrc"
  chmod -R go+rX "$HOSTILE"
}

# The hostile environment; $1 is the value of NO_PROXY and no_proxy.
hostile_env() {
  local trap_url=http://127.0.0.1:$TRAP_PORT
  HOSTILE_ENV=(
    "HTTPS_PROXY=$trap_url" "https_proxy=$trap_url" "ALL_PROXY=$trap_url"
    "all_proxy=$trap_url" "http_proxy=$trap_url" "HTTP_PROXY=$trap_url"
    "NO_PROXY=$1" "no_proxy=$1"
    "CURL_CA_BUNDLE=$HOSTILE/ca.pem" "SSL_CERT_FILE=$HOSTILE/ca.pem"
    "SSL_CERT_DIR=$HOSTILE/ca-dir" "OPENSSL_CONF=$HOSTILE/openssl.cnf"
    "CURL_HOME=$HOSTILE/curl-home" "CURL_SSL_BACKEND=gnutls"
  )
}

# passwd as alice (setuid root: AT_SECURE) in the environment given as VAR=VALUE arguments.
passwd_as_alice() {
  converse env "$@" setpriv --reuid=alice --regid=alice --init-groups passwd
}

# curl as alice, an ordinary process with the same libcurl and OpenSSL, in the environment
# given as VAR=VALUE arguments up to "--", then curl's own arguments. Sets RC.
curl_as_alice() {
  local -a vars=()
  while [[ $1 != -- ]]; do vars+=("$1"); shift; done
  shift
  RC=0
  OUT=$(env "${vars[@]}" setpriv --reuid=alice --regid=alice --init-groups \
    curl -sS --max-time 5 -o /dev/null "$@" 2>&1) || RC=$?
}

trap_quiet() { [[ ! -s $E2E_DIR/trap.log ]]; }
trap_caught() { [[ -s $E2E_DIR/trap.log ]]; }
no_mark() { [[ ! -e $MARKS/provider-loaded ]]; }
marked() { [[ -s $MARKS/provider-loaded ]]; }
relay_carried_tenant() { grep -q "^connection: CONNECT 127.0.0.1:${TENANT_URL##*:} " "$E2E_DIR/relay.log"; }
syslog_says() {
  sleep 0.2
  tail -n "+$((SYSLOG_MARK + 1))" "$E2E_DIR/syslog.log" | grep -Fq -- "$1"
}
forget_catches() { : >"$E2E_DIR/trap.log"; : >"$E2E_DIR/relay.log"; rm -f "$MARKS"/*; }

# -------------------------------------------------------------------- cases

# (0) the traps work: an ordinary curl as alice, in the same environment, is steered by it.
case_controls() {
  hostile_env nothing.invalid
  curl_as_alice -- "$TENANT_URL/_fake/users"
  check "control: curl through the system bundle reaches the fake (the bundle trusts it)" status_is 0
  curl_as_alice "${HOSTILE_ENV[@]}" -- "$TENANT_URL/_fake/users"
  check "control: curl in the hostile environment fails" status_not 0
  check "control: ... its proxy variables sent it into the trap" trap_caught
  check "control: ... OPENSSL_CONF loaded the hostile provider" marked
  forget_catches
  curl_as_alice "CURL_HOME=$HOSTILE/curl-home" -- "$TENANT_URL/_fake/users"
  check "control: CURL_HOME's .curlrc sends the curl tool into the trap" trap_caught
  curl_as_alice "CURL_CA_BUNDLE=$HOSTILE/ca.pem" -- "$TENANT_URL/_fake/users"
  check "control: curl with CURL_CA_BUNDLE set to the unrelated CA fails verification" \
    eval '[[ $RC == 60 || $RC == 77 ]]'
  curl_as_alice "SSLKEYLOGFILE=$MARKS/control-keys.log" -- "$TENANT_URL/_fake/users"
  check "control: curl with SSLKEYLOGFILE writes the TLS keys there" \
    test -s "$MARKS/control-keys.log"
  forget_catches
}

# (1) the hostile environment: nothing of it reaches the module's TLS.
case_hostile_environment() {
  local before
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  hostile_env nothing.invalid
  E2E_OLD=$ALICE_PW E2E_NEW=$NEW_HOSTILE passwd_as_alice "${HOSTILE_ENV[@]}"
  check "hostile environment: passwd succeeds" status_is 0
  OLD=$ALICE_PW NEW=$NEW_HOSTILE check_tenant "hostile environment: the change landed at the tenant" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice")) and users["alice"]["password"] == env["NEW"]' alice
  check "hostile environment: shadow verifies the new password" shadow_verifies alice "$NEW_HOSTILE"
  check "hostile environment: the trap saw no connection (proxy variables, .curlrc)" trap_quiet
  check "hostile environment: OPENSSL_CONF's provider was never loaded" no_mark
  check "hostile environment: shadow changed" test "$(shadow_hash alice)" != "$before"
}

# (2) tenant.proxy names a real proxy: the change goes through it, NO_PROXY=* notwithstanding.
case_configured_proxy() {
  module_config "http://127.0.0.1:$RELAY_PORT"
  fake DELETE requests >/dev/null
  hostile_env '*'
  E2E_OLD=$NEW_HOSTILE E2E_NEW=$NEW_VIA_PROXY passwd_as_alice "${HOSTILE_ENV[@]}"
  check "configured proxy, NO_PROXY=*: passwd succeeds" status_is 0
  NEW=$NEW_VIA_PROXY check_tenant "configured proxy, NO_PROXY=*: the change landed at the tenant" \
    'users["alice"]["password"] == env["NEW"]' alice
  check "configured proxy, NO_PROXY=*: the configured proxy carried it" relay_carried_tenant
  check "configured proxy, NO_PROXY=*: the trap saw no connection" trap_quiet
  check "configured proxy, NO_PROXY=*: shadow verifies the new password" \
    shadow_verifies alice "$NEW_VIA_PROXY"
  module_config
  forget_catches
}

# (3) SSLKEYLOGFILE: refused before libcurl starts (it would open the file then).
case_ssl_key_log() {
  local before keys=$MARKS/keys.log
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  E2E_OLD=$NEW_VIA_PROXY E2E_NEW=$NEW_REFUSED passwd_as_alice "SSLKEYLOGFILE=$keys"
  check "SSLKEYLOGFILE: passwd fails" status_not 0
  check "SSLKEYLOGFILE: the key file was never created" test ! -e "$keys"
  check "SSLKEYLOGFILE: the user is told why" said 'SSLKEYLOGFILE'
  check "SSLKEYLOGFILE: the system log says why" \
    syslog_says 'refusing to use TLS with SSLKEYLOGFILE set in a setuid process'
  check_tenant "SSLKEYLOGFILE: no request reached the tenant" 'not reqs'
  NEW=$NEW_VIA_PROXY check_tenant "SSLKEYLOGFILE: tenant password unchanged" \
    'users["alice"]["password"] == env["NEW"]' alice
  check "SSLKEYLOGFILE: shadow unchanged" test "$(shadow_hash alice)" == "$before"
}

e2e_body() {
  HOSTILE=$E2E_DIR/hostile MARKS=$E2E_DIR/hostile/marks
  write_pam_passwd
  trust_fake_in_system_bundle
  module_config
  start_listener trap
  start_listener relay --relay
  make_hostile_files
  case_controls
  case_hostile_environment
  case_configured_proxy
  case_ssl_key_log
}

sandbox_main "$@"
