#!/bin/sh
# Usage: render.sh SCDOC IN OUT: the page IN, in scdoc(5), as roff in OUT.
# Hyphenation goes off after .TH: scdoc writes its .nh before .TH, where
# groff's man macros do not keep it, and a hyphenated line end would split
# identifiers such as PAM_AUTHTOK_RECOVERY_ERR or policy.history.file.
set -eu
scdoc=$1
in=$2
out=$3
"$scdoc" <"$in" >"$out.tmp"
sed '/^\.TH /a\
.nh' "$out.tmp" >"$out"
rm -f "$out.tmp"
