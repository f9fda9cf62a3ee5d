#!/usr/bin/env bash
# The admin tool as an administrator uses it: password on stdin, exit status,
# output lines, JSON, languages, config errors with their positions.
# Usage: run.sh PATH/TO/pam-idaas PROJECT_SOURCE_DIR
set -u
tool=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The test's own config: a private history file, never the host's.
config=$work/pam_idaas.yaml
sed "s|/var/lib/pam_idaas/history|$work/history|" "$src/packaging/pam_idaas.yaml" >"$config"
chmod 600 "$config"

source "$src/tests/cli/lib.sh"
source "$src/tests/lib/skip.sh"

check() { "$tool" check --config "$config" "$@"; }
check_stdin() { local input=$1; shift; printf '%s\n' "$input" | check "$@"; }

expect "help" 0 '^Usage: pam-idaas COMMAND' -- "$tool" --help
expect "check --help" 0 '^Usage: pam-idaas check' -- "$tool" check --help
expect "config check --help" 0 '^Usage: pam-idaas config check' -- "$tool" config check --help
# -h is --help for the tool and every subcommand, wherever it stands.
expect "-h" 0 '^Usage: pam-idaas COMMAND' -- "$tool" -h
expect "check -h" 0 '^Usage: pam-idaas check' -- "$tool" check -h
expect "check --user alice -h" 0 '^Usage: pam-idaas check' -- "$tool" check --user alice -h
expect "config -h" 0 '^Usage: pam-idaas config check' -- "$tool" config -h
expect "config check -h" 0 '^Usage: pam-idaas config check' -- "$tool" config check -h
expect "filter -h" 0 '^Usage: pam-idaas filter build' -- "$tool" filter -h
expect "filter build -h" 0 '^Usage: pam-idaas filter build' -- "$tool" filter build -h
expect "-x is not -h" 2 'unknown option -x' -- "$tool" check -x
expect "no command" 2 '^Usage' -- "$tool"
expect "unknown command" 2 "unknown command 'frobnicate'" -- "$tool" frobnicate
expect "missing --user" 2 '--user is required' -- check
expect "unknown option" 2 'unknown option --colour' -- check --user alice --colour
expect "bad --lang" 2 '--lang must be en or zh' -- check_stdin 'x' --user alice --lang fr

expect "accepted" 0 '^OK: Password accepted$' -- check_stdin 'Blue-Kettle-42' --user alice
expect "weak and complexity" 1 '^PWD.0006: This password is a weak password: a common password$' -- \
  check_stdin 'password' --user alice
expect "weak: guessable, with what was found" 1 \
  '^PWD.0006: This password is a weak password: a common password with digits, symbols added$' -- \
  check_stdin 'Welcome22?' --user alice
expect "weak: keyboard pattern, in Chinese" 1 '^PWD.0006: 该密码为弱密码：键盘上相邻的按键$' -- \
  check_stdin 'zaq1@WSX' --user alice --lang zh
expect "complexity names what is missing" 1 \
  '^PWD.0005: Password complexity is low, use at least 3 kinds of characters, add 2 more of: uppercase letters, digits, special characters$' -- \
  check_stdin 'abcdefghij' --user alice
expect "length" 1 '^PWD.0002: Password length must be 8~64 characters$' -- check_stdin 'Ab1!' --user alice
expect "repeats" 1 '^PWD.0008: Maximum character repetition in password cannot exceed 3$' -- \
  check_stdin 'Abcd1111!' --user alice
expect "equals username" 1 '^PWD.0003: Password cannot match username$' -- \
  check_stdin 'Alice.Smith9' --user alice.smith9
expect "reversed username" 1 '^PWD.0004: ' -- check_stdin '9htims.ecila' --user alice.smith9
expect "personal data: pinyin" 1 '^PWD.0009: ' -- check_stdin 'Zhangsan#2024' --user zs --name 张三
expect "personal data: polyphonic surname" 1 '^PWD.0009: ' -- \
  check_stdin 'Shantianfang#1' --user u1 --name 单田芳
expect "personal data: mobile" 1 '^PWD.0009: ' -- \
  check_stdin 'Pw#13800138000' --user u1 --mobile '+86 13800138000'
expect "personal data: email prefix" 1 '^PWD.0009: ' -- \
  check_stdin 'Pw#wang.fang#1' --user u1 --email 'Wang.Fang@example.com'
# Issue 19: personal data disguised, and what was found.
expect "personal data: backwards" 1 '^PWD.0009: .*: your username, written backwards$' -- \
  check_stdin 'IEWNAD%62x' --user danwei
expect "personal data: disguised" 1 '^PWD.0009: .*: your mobile number, disguised$' -- \
  check_stdin 'Pw#138-0013-8000' --user u1 --mobile '+86 138 0013 8000'
expect "personal data: Han name" 1 '^PWD.0009: .*：姓名$' -- \
  check_stdin '张三#Kettle12' --user u1 --name 张三 --lang zh
# The current password on the first line of standard input, never in argv or the environment.
expect "similar to the current password" 1 \
  '^PWD.0007: Historical passwords are not allowed: too similar to the current password$' -- \
  bash -c 'printf "Brass-Lamp-97\nbrass-lamp-97\n" | "$0" check --config "$1" --user alice --with-current' \
  "$tool" "$config"
expect "different enough from the current password" 0 '^OK' -- \
  bash -c 'printf "Brass-Lamp-97\nAmber-Falcon-77\n" | "$0" check --config "$1" --user alice --with-current' \
  "$tool" "$config"
expect "without --with-current one line is the new password" 0 '^OK' -- \
  bash -c 'printf "brass-Lamp-97\nBrass-Lamp-97\n" | "$0" check --config "$1" --user alice' "$tool" "$config"
expect "empty" 1 '^PWD.0001: Password cannot be empty$' -- check_stdin '' --user alice
expect "invalid UTF-8" 1 '^IDAAS.LOCAL.0001: .*at byte 4\)$' -- check_stdin $'Abc\xff-123' --user alice
expect "NUL byte" 1 '^IDAAS.LOCAL.0003: ' -- \
  bash -c 'printf "Abc\0-Def-123\n" | "$0" check --config "$1" --user alice' "$tool" "$config"
expect "1 MiB line" 1 '^IDAAS.LOCAL.0002: Password is longer than 4096 bytes' -- \
  bash -c 'head -c 1048576 /dev/zero | tr "\0" "a" | "$0" check --config "$1" --user alice' "$tool" "$config"
expect "CJK and emoji accepted" 0 '^OK' -- check_stdin '密码-Blue-42-😀' --user alice

# A control character ends the check like invalid UTF-8: no rule looks at the rest
# (here it would be too short, of low complexity and hold the user name).
exactly "control character: the LOCAL code alone" 1 \
  'IDAAS.LOCAL.0003: Password cannot contain control characters' -- check_stdin $'\x01alice' --user alice
# Every violation, in the order of the rule table (docs/rules.md): codes ascending.
exactly "violations in the table's order" 1 "$(printf '%s\n' \
  'PWD.0002: Password length must be 8~64 characters' \
  'PWD.0003: Password cannot match username' \
  'PWD.0005: Password complexity is low, use at least 3 kinds of characters, add 1 more of: uppercase letters, special characters' \
  'PWD.0006: This password is a weak password: a common password' \
  'PWD.0008: Maximum character repetition in password cannot exceed 3' \
  'PWD.0009: Password cannot contain: username, mobile number, email prefix, name in Pinyin: your username')" -- \
  check_stdin 'zzzz1' --user zzzz1
# The mobile number in every notation the tenant or an admin writes (pam-idaas(1) --mobile).
for notation in '+8613800138000' '0086 13800138000' '(+86)13800138000' '+86.138.0013.8000' \
  '86 138 0013 8000' '138-0013-8000'; do
  expect "personal data: mobile as '$notation'" 1 '^PWD.0009: ' -- \
    check_stdin 'Pw#13800138000' --user u1 --mobile "$notation"
done

expect "Chinese with --lang" 1 '^PWD.0006: 该密码为弱密码：常见密码$' -- check_stdin 'password' --user alice --lang zh
expect "Chinese from the locale" 1 '^PWD.0002: 密码长度必须为8~64个字符$' -- \
  env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 bash -c 'printf "Ab1!\n" | "$0" check --config "$1" --user alice' "$tool" "$config"

json=$(printf 'password\n' | check --user alice --json)
if python3 - "$json" <<'PY'
import json, sys
out = json.loads(sys.argv[1])
assert out["accepted"] is False
rules = {v["rule"]: v for v in out["violations"]}
assert rules["weak"]["code"] == "PWD.0006", rules
assert rules["weak"]["admin_code"] == "IDAAS.TENANT.PWD.0005", rules
assert rules["weak"]["message"] == "This password is a weak password: a common password", rules
assert "complexity" in rules and "length" not in rules, rules
PY
then ok "json verdict"; else not_ok "json verdict" "$json"; fi
expect "json accepted" 0 '^\{"accepted":true,"violations":\[\]\}$' -- check_stdin 'Blue-Kettle-42' --user alice --json

# History: a hash of a previous password makes it a PWD.0007.
hash=$(openssl passwd -6 -stdin <<<'Quiet-Lantern-94')   # sha512crypt, as the store may hold
printf 'alice:%s\n' "$hash" >"$work/history"
chmod 600 "$work/history"
expect "history" 1 '^PWD.0007: Historical passwords are not allowed$' -- check_stdin 'Quiet-Lantern-94' --user alice
expect "history of another user" 0 '^OK' -- check_stdin 'Quiet-Lantern-94' --user bob
# Another user cannot read root's history store: the rest of the policy still applies.
# (A copy of the tool: the checkout may sit where uid 65534 cannot look.)
chmod 755 "$work" && chmod 644 "$config" && install -m 755 "$tool" "$work/pam-idaas"
as_nobody() {
  printf '%s\n' "$1" | setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$work/pam-idaas" check --config "$config" --user alice
}
expect "history skipped for a non-root user" 0 'history not checked \(root only\)' -- \
  as_nobody 'Quiet-Lantern-94'
expect "a non-root user still gets the other rules" 1 '^PWD.0006' -- as_nobody 'password'
chmod 700 "$work" && chmod 600 "$config"
chmod 644 "$work/history"
expect "history file readable by others" 2 'group or others' -- check_stdin 'Quiet-Lantern-94' --user alice

# Configuration errors carry file:line:column.
expect "config check ok" 0 ': OK$' -- "$tool" config check --config "$config"
expect "config: options before the action" 0 ': OK$' -- "$tool" config --config "$config" check
expect "config without check" 2 "expected 'check'" -- "$tool" config --config "$config"
bad=$work/bad.yaml
printf 'policy:\n  lenght:\n    min: 8\n  complexity:\n    min_classes: five\n' >"$bad"
chmod 600 "$bad"
expect "config unknown key with position" 2 "^$bad:2:3: .*did you mean 'length'" -- "$tool" config check --config "$bad"
expect "config wrong type with position" 2 "^$bad:5:18: " -- "$tool" config check --config "$bad"
expect "check refuses a bad config" 2 "^$bad:2:3: " -- check_stdin 'x' --user alice --config "$bad"
printf 'policy:\n  length: {min: 12, max: 8}\n' >"$bad"
expect "config min > max" 2 "^$bad:2:" -- "$tool" config check --config "$bad"
chmod 666 "$bad"
expect "config writable by others" 2 'writable by group or others' -- "$tool" config check --config "$bad"
expect "config missing" 2 'No such file or directory' -- "$tool" config check --config "$work/none.yaml"

# Breached-password filters: built from each input form, used by check, verified by config check.
expect "filter --help" 0 '^Usage: pam-idaas filter build' -- "$tool" filter --help
printf 'Granite+Owl73\nSpiral%%Moon88\n' >"$work/plain.txt"
expect "filter build, plain" 0 '2 passwords \(2 lines, SHA-1\)' -- \
  "$tool" filter build "$work/plain.txt" "$work/breached.filter"
# SHA-1 of "Harbor!7735Kq" as a breach corpus lists it (upper case, with a count).
sha1=$(printf '%s' 'Harbor!7735Kq' | openssl dgst -sha1 -r | cut -c1-40 | tr a-f A-F)
printf '%s:42\n' "$sha1" | expect "filter build, SHA-1 from stdin" 0 '1 passwords \(1 lines, SHA-1\)' -- \
  "$tool" filter build - "$work/sha1.filter"
printf 'policy:\n  weak_passwords:\n    filters: [%s, %s]\n' "$work/breached.filter" "$work/sha1.filter" \
  >"$work/filtered.yaml"
chmod 600 "$work/filtered.yaml"
expect "check: in a filter" 1 '^PWD.0006: ' -- check_stdin 'Granite+Owl73' --user alice --config "$work/filtered.yaml"
expect "check: in the SHA-1 filter" 1 '^PWD.0006: ' -- check_stdin 'Harbor!7735Kq' --user alice --config "$work/filtered.yaml"
expect "check: a filter matches as typed" 0 '^OK' -- check_stdin 'granite+owl73' --user alice --config "$work/filtered.yaml"
expect "filter check" 0 'OK, 2 passwords \(SHA-1 keys\)' -- "$tool" filter check "$work/breached.filter"
printf 'Granite+Owl73\n%s\n' "$sha1" >"$work/mixed.txt"
expect "filter build, plain then hex" 0 '2 passwords' -- "$tool" filter build "$work/mixed.txt" "$work/mixed.filter"
printf '%s\nhunter2\n' "$sha1" >"$work/mixed.txt"
expect "filter build, hex then plain" 2 'line 2 is not 40 hex digits' -- \
  "$tool" filter build "$work/mixed.txt" "$work/mixed.filter"
expect "filter build, no output" 2 'build needs INPUT and OUTPUT' -- "$tool" filter build "$work/plain.txt"
# The tool does not create OUTPUT's directory: the README's Configure step 3 makes it first.
expect "filter build, directory missing" 2 "cannot create a file beside $work/none/b.filter" -- \
  "$tool" filter build "$work/plain.txt" "$work/none/b.filter"
expect "filter build, options anywhere" 0 '2 passwords \(2 lines, SHA-1\)' -- \
  "$tool" filter --format plain build "$work/plain.txt" "$work/anywhere.filter"
expect "filter build, -- before operands" 0 '2 passwords' -- \
  "$tool" filter build --format=plain -- "$work/plain.txt" "$work/dashdash.filter"
# A damaged filter: the module's open refuses a wrong size; config check also reads the contents.
head -c 70 "$work/breached.filter" >"$work/short.filter"
expect "filter check, truncated" 2 'truncated or padded' -- "$tool" filter check "$work/short.filter"
size=$(stat -c %s "$work/breached.filter")
printf '\x55' | dd of="$work/breached.filter" bs=1 seek=$((size - 1)) conv=notrunc status=none
expect "config check reads the filter's contents" 2 'do not match the checksum' -- \
  "$tool" config check --config "$work/filtered.yaml"

# Issue 18, item 7: the files that decide trust follow the config file's rule; config check
# names the file, what is wrong and the command that fixes it.
trusting=$work/trusting.yaml
# shellcheck disable=SC2059 # the format is the config, with the path in it
trust_config() { printf "$1" "$2" >"$trusting"; chmod 600 "$trusting"; }
chmod 606 "$work/plain.txt"
trust_config 'policy:\n  weak_passwords:\n    filters: [%s]\n' "$work/plain.txt"
expect "config check: a filter others may write" 2 \
  "^$trusting:3:15: policy.weak_passwords.filters\[0\]: '$work/plain.txt' is writable by group or others \(mode 0606\); refusing it: chmod go-w $work/plain.txt$" \
  -- "$tool" config check --config "$trusting"
chmod 620 "$work/plain.txt"
trust_config 'policy:\n  weak_passwords:\n    files: [%s]\n' "$work/plain.txt"
expect "config check: a weak list its group may write" 2 \
  "^$trusting:3:13: policy.weak_passwords.files\[0\]: '$work/plain.txt' is writable by group or others \(mode 0620\); refusing it: chmod go-w $work/plain.txt$" \
  -- "$tool" config check --config "$trusting"
chmod 644 "$work/plain.txt"
mkfifo "$work/list.fifo"
trust_config 'policy:\n  weak_passwords:\n    files: [%s]\n' "$work/list.fifo"
expect "config check: a weak list that is a FIFO (no hang)" 2 \
  "^$trusting:3:13: policy.weak_passwords.files\[0\]: '$work/list.fifo' is not a regular file \(it is a FIFO\)$" \
  -- timeout 20 "$tool" config check --config "$trusting"
ln -s "$work/plain.txt" "$work/ca-link.pem"
trust_config 'tenant:\n  base_url: https://idaas.example.com\n  client_id: c\n  ca_file: %s\n' "$work/ca-link.pem"
expect "config check: a ca_file that is a symbolic link" 2 \
  "^$trusting:4:12: tenant.ca_file: '$work/ca-link.pem' is a symbolic link; refusing to follow it: name the file itself \(readlink -f $work/ca-link.pem\)$" \
  -- "$tool" config check --config "$trusting"
if [[ $(id -u) -eq 0 ]]; then
  chown 65534 "$work/plain.txt"
  trust_config 'tenant:\n  base_url: https://idaas.example.com\n  client_id: c\n  ca_file: %s\n' "$work/plain.txt"
  expect "config check: a ca_file another user owns" 2 \
    "^$trusting:4:12: tenant.ca_file: '$work/plain.txt' is owned by uid 65534, not root; refusing it: chown root $work/plain.txt$" \
    -- "$tool" config check --config "$trusting"
  chown 0 "$work/plain.txt"
else
  skip_part "config check: a ca_file another user owns: chown to another user needs root"
fi
expect "filter check, not a filter" 2 'not a pam-idaas filter' -- "$tool" filter check "$config"

finish
