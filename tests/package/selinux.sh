#!/usr/bin/env bash
# The SELinux policy module (packaging/selinux): compiles it as the RPM's %build does (the
# reference policy's Makefile in /usr/share/selinux/devel: m4, checkmodule -M -m,
# semodule_package), turns the .pp into CIL (policycoreutils' pp converter) and checks what
# it allows: the tenant's ports only behind the four booleans, write access only to the
# module's own types, and file contexts that cover where the package and the module put the
# files. It does not load the policy: Debian runs no SELinux kernel here (docs/rpm.md).
#
# Usage: selinux.sh PROJECT_SOURCE_DIR
# Exit status: 0 clean, 1 a failed check, 2 usage, 77 a tool is missing (a failure under
# PAM_IDAAS_REQUIRE_ALL=1, tests/lib/skip.sh). scripts/install-deps installs selinux-policy-dev
# (with checkpolicy and policycoreutils) and semodule-utils.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail
# shellcheck source=../cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
# shellcheck source=../lib/skip.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/skip.sh"
if [[ $# -ne 1 ]]; then
  echo "usage: $0 PROJECT_SOURCE_DIR" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
devel_makefile=/usr/share/selinux/devel/Makefile
pp_to_cil=/usr/libexec/selinux/hll/pp
[[ -r $devel_makefile ]] || skip "$devel_makefile is missing (apt-get install selinux-policy-dev)"
[[ -x $pp_to_cil ]] || skip "$pp_to_cil is missing (apt-get install policycoreutils)"
command -v semodule_unpackage >/dev/null || skip "semodule_unpackage is missing (apt-get install semodule-utils)"

work=$(mktemp -d /tmp/pam_idaas-selinux.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$src"/packaging/selinux/pam_idaas.{te,if,fc} "$work/"

# --- it compiles -----------------------------------------------------------------------------
if build=$(make -C "$work" -f "$devel_makefile" pam_idaas.pp 2>&1) && [[ -s $work/pam_idaas.pp ]]; then
  ok "pam_idaas.pp compiles with the reference policy's Makefile"
else
  not_ok "pam_idaas.pp compiles with the reference policy's Makefile" "$build"
  finish
  exit 1
fi
if ! "$pp_to_cil" "$work/pam_idaas.pp" "$work/pam_idaas.cil" 2>/dev/null; then
  not_ok "the .pp converts to CIL" "$("$pp_to_cil" "$work/pam_idaas.pp" /dev/null 2>&1)"
  finish
  exit 1
fi
cil=$(<"$work/pam_idaas.cil")
rules=$(grep -E '^ *\((allow|typetransition|boolean|typeattributeset pam_idaas_caller|booleanif|filecon) ' \
  <<<"$cil" | sed 's/^ *//')

# --- the booleans and the callers ------------------------------------------------------------
booleans=$(grep '^(boolean ' <<<"$rules" | sort | paste -sd ' ')
want='(boolean pam_idaas_login true) (boolean pam_idaas_passwd true) (boolean pam_idaas_sshd true) (boolean pam_idaas_xdm false)'
if [[ $booleans == "$want" ]]; then
  ok "four booleans: passwd, sshd, login on; xdm off"
else
  not_ok "four booleans: passwd, sshd, login on; xdm off" "got: $booleans"
fi

# Each caller: its optional block makes it a pam_idaas_caller and lets it connect to the
# tenant's ports under its own boolean, and only there.
for pair in passwd_t:pam_idaas_passwd sshd_t:pam_idaas_sshd local_login_t:pam_idaas_login \
  xdm_t:pam_idaas_xdm; do
  domain=${pair%%:*} boolean=${pair#*:}
  block=$(awk -v d="$domain" '
    /^\(optional / { buf = ""; on = 1 }
    on { buf = buf $0 "\n" }
    on && /^\)/ { on = 0; if (buf ~ "typeattributeset pam_idaas_caller \\(" d " \\)") printf "%s", buf }
  ' <<<"$cil")
  connects=$(awk '/\(booleanif /, 0' <<<"$block" | grep -o "(allow $domain http[a-z_]*_port_t (tcp_socket (name_connect)))" | sort | paste -sd ' ')
  if [[ -n $block ]] && grep -q "(booleanif ($boolean)" <<<"$block" &&
    [[ $connects == "(allow $domain http_cache_port_t (tcp_socket (name_connect))) (allow $domain http_port_t (tcp_socket (name_connect)))" ]]; then
    ok "$domain is a caller, and connects to http_port_t and http_cache_port_t under $boolean"
  else
    not_ok "$domain is a caller, and connects to http_port_t and http_cache_port_t under $boolean" \
      "its block:
${block:-none}"
  fi
done

# --- nothing broader -------------------------------------------------------------------------
# name_connect appears only inside a booleanif.
unconditional=$(awk '/\(booleanif /{ depth = 1; next } depth && /^ *\)$/ { depth = 0 } !depth' <<<"$cil" |
  grep 'name_connect')
if [[ -z $unconditional ]]; then
  ok "no connection is allowed outside a boolean"
else
  not_ok "no connection is allowed outside a boolean" "$unconditional"
fi

# The targets of every allow rule: the module's own types, the directories that hold them, the
# CA certificates and the tenant's ports.
allowed_targets='pam_idaas_secret_t|pam_idaas_cache_t|pam_idaas_var_lib_t|var_t|var_run_t|var_lib_t|cert_t|http_port_t|http_cache_port_t|self'
stray=$(grep '^(allow ' <<<"$rules" | awk '{ print $3 }' | grep -Ev "^($allowed_targets)\$" | sort -u)
if [[ -z $stray ]]; then
  ok "allow rules name only pam_idaas types, their directories, cert_t and the HTTP ports"
else
  not_ok "allow rules name only pam_idaas types, their directories, cert_t and the HTTP ports" "others: $stray"
fi

# Writing, creating or removing: only in the module's own types; /run and /var/lib get a new
# entry (the directory pam_idaas), never a removal.
writers=$(grep '^(allow ' <<<"$rules" | grep -E '[( ](write|create|unlink|rename|setattr|append|remove_name|rmdir|reparent|link)[ )]' |
  grep -Ev '^\(allow [a-z_]+ pam_idaas_(cache|var_lib)_t ' |
  grep -v 'tcp_socket' | sort -u)
want_writers='(allow pam_idaas_caller var_lib_t (dir (ioctl write getattr lock open add_name search)))
(allow pam_idaas_caller var_run_t (dir (ioctl write getattr lock open add_name search)))'
if [[ $writers == "$want_writers" ]]; then
  ok "writes: the cache and the history types; /run and /var/lib: add_name only"
else
  not_ok "writes: the cache and the history types; /run and /var/lib: add_name only" "got:
$writers"
fi

secret=$(grep -E '^\(allow [a-z_]+ pam_idaas_secret_t ' <<<"$rules")
if [[ $secret == '(allow pam_idaas_caller pam_idaas_secret_t (file (ioctl read getattr lock open)))' ]]; then
  ok "the client secret: read by the callers, nothing else"
else
  not_ok "the client secret: read by the callers, nothing else" "$secret"
fi

# The three types hold credentials: authentication files, out of reach of rules that grant
# every non-security file.
attributes=$(grep -E '^\(typeattributeset (file_type|security_file_type|auth_file_type|non_security_file_type|non_auth_file_type) ' <<<"$cil" | sort)
want_attributes='(typeattributeset auth_file_type (pam_idaas_secret_t pam_idaas_cache_t pam_idaas_var_lib_t ))
(typeattributeset file_type (pam_idaas_secret_t pam_idaas_cache_t pam_idaas_var_lib_t ))
(typeattributeset security_file_type (pam_idaas_secret_t pam_idaas_cache_t pam_idaas_var_lib_t ))'
if [[ $attributes == "$want_attributes" ]]; then
  ok "the secret, cache and history types are authentication files"
else
  not_ok "the secret, cache and history types are authentication files" "$attributes"
fi

transitions=$(grep '^(typetransition ' <<<"$rules" | sort)
want_transitions='(typetransition pam_idaas_caller var_lib_t dir "pam_idaas" pam_idaas_var_lib_t)
(typetransition pam_idaas_caller var_run_t dir "pam_idaas" pam_idaas_cache_t)'
if [[ $transitions == "$want_transitions" ]]; then
  ok "a directory named pam_idaas made in /run or /var/lib gets its type"
else
  not_ok "a directory named pam_idaas made in /run or /var/lib gets its type" "$transitions"
fi

# --- the file contexts cover where the files are ---------------------------------------------
# Each path with the type its file context must give it; the configuration file must match no
# context of the module (it keeps etc_t). The defaults come from the sources, the history
# directory from the spec's %files.
default_of() { sed -n "s|.*$1 = \"\\([^\"]*\\)\".*|\\1|p" "$2" | head -1; }
secret_file=$(default_of client_secret_file "$src/config/tenant_settings.h")
cache_dir=$(default_of directory "$src/config/config.h")
history_file=$(default_of 'std::string file' "$src/policy/settings.h")
config_file=$(sed -n 's|^set(PAM_IDAAS_CONFIG_FILE "\([^"]*\)".*|\1|p' "$src/CMakeLists.txt")
spec=$src/packaging/rpm/pam_idaas.spec
grep -q '^%dir %attr(0700,root,root) %{_sharedstatedir}/pam_idaas$' "$spec" && spec_history=/var/lib/pam_idaas
grep -q 'rm -rf /run/pam_idaas$' "$spec" && spec_cache=/run/pam_idaas
filecons=$(grep '^(filecon ' <<<"$rules")
# context_of PATH: the type of the last filecon whose regex matches the whole path.
context_of() {
  python3 - "$1" "$filecons" <<'EOF'
import re, sys
path, found = sys.argv[1], "none"
for line in sys.argv[2].splitlines():
    m = re.match(r'\(filecon "([^"]*)" \w+ \(\w+ \w+ (\w+) ', line)
    if m and re.fullmatch(m.group(1), path):
        found = m.group(2)
print(found)
EOF
}
for pair in "$secret_file:pam_idaas_secret_t" "$cache_dir:pam_idaas_cache_t" \
  "$cache_dir/token.x:pam_idaas_cache_t" "${spec_cache:-}:pam_idaas_cache_t" \
  "${spec_history:-}:pam_idaas_var_lib_t" "$history_file:pam_idaas_var_lib_t" \
  "$history_file.lock:pam_idaas_var_lib_t" "$config_file:none"; do
  path=${pair%:*} want_type=${pair##*:}
  got=$([[ $path == /* ]] && context_of "$path")
  if [[ $path == /* && $got == "$want_type" ]]; then
    ok "file context of ${path}: $want_type"
  else
    not_ok "file context of '${path}': $want_type" "got: ${got:-the path was not found in the sources or the spec}"
  fi
done

# --- the RPM builds it the same way ----------------------------------------------------------
if grep -q '^make -C packaging/selinux -f %{_datadir}/selinux/devel/Makefile %{modulename}.pp$' "$spec" &&
  grep -q '^%global modulename pam_idaas$' "$spec"; then
  ok "the spec's %build runs the same Makefile on packaging/selinux"
else
  not_ok "the spec's %build runs the same Makefile on packaging/selinux" "$(grep -n 'selinux' "$spec")"
fi
finish
