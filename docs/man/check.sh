#!/usr/bin/env bash
# The generated manual pages as readers get them: man(1) and groff(1) render
# each without a single warning, the text fits 80 columns without hyphenated
# line ends, the sections every page needs are there, and the installed .gz
# holds the same page.
# Usage: check.sh BUILD_DIR   (docs/man of the build tree)
set -u
dir=$1
# Widths below count characters, and man renders the same everywhere.
export LC_ALL=C.UTF-8 MANWIDTH=80
source "$(dirname "$0")/../../tests/cli/lib.sh"
# skip REASON: exit 77, or a failure under PAM_IDAAS_REQUIRE_ALL=1
source "$(dirname "$0")/../../tests/lib/skip.sh"

for tool in man groff col gzip; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps installs it)"
done

# Any output on standard error fails: that is where man and groff warn.
renders_quietly() {
  local name=$1
  shift
  local err
  err=$("$@" 2>&1 >/dev/null)
  if [[ -z $err ]]; then
    ok "$name"
  else
    not_ok "$name" "$err"
  fi
}

for page in pam_idaas.8 pam_idaas.yaml.5 pam-idaas.1; do
  file=$dir/$page
  if [[ ! -s $file ]]; then
    not_ok "$page: generated" "missing or empty: $file"
    continue
  fi

  renders_quietly "$page: man without warnings" man --warnings -l "$file"
  # -t: scdoc writes tables for tbl(1); -k: the sources are UTF-8.
  renders_quietly "$page: groff without warnings" groff -ww -k -t -man -Tutf8 "$file"

  text=$(man -l "$file" 2>/dev/null | col -bx)
  wide=()
  while IFS= read -r line; do
    ((${#line} > 80)) && wide+=("$line")
  done <<<"$text"
  if [[ ${#wide[@]} -eq 0 ]]; then
    ok "$page: fits 80 columns"
  else
    not_ok "$page: fits 80 columns" "$(printf '%s\n' "${wide[@]}")"
  fi
  # A hyphen (U+2010) that groff added at a line end would split names and
  # identifiers; render.sh turns hyphenation off.
  if grep -q $'\u2010$' <<<"$text"; then
    not_ok "$page: no hyphenated line ends" "$(grep $'\u2010$' <<<"$text")"
  else
    ok "$page: no hyphenated line ends"
  fi

  missing=()
  for section in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
    grep -Eq "^\.SH \"?$section\"?\$" "$file" || missing+=("$section")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    ok "$page: NAME, SYNOPSIS, DESCRIPTION, SEE ALSO"
  else
    not_ok "$page: NAME, SYNOPSIS, DESCRIPTION, SEE ALSO" "missing: ${missing[*]}"
  fi

  # No @VARIABLE@ left unfilled by configure_file.
  if grep -Eq '@[A-Z_]+@' "$file"; then
    not_ok "$page: placeholders filled in" "$(grep -En '@[A-Z_]+@' "$file")"
  else
    ok "$page: placeholders filled in"
  fi

  if gzip -dc "$file.gz" 2>/dev/null | cmp -s - "$file"; then
    ok "$page.gz: holds the page"
  else
    not_ok "$page.gz: holds the page" "$file.gz is missing or differs from $file"
  fi
done

finish
