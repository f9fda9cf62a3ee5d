#!/usr/bin/env bash
# A TEST build of packaging/rpm/pam_idaas.spec on Debian 12, to check the spec's sections
# (%build, %install, %check, %files) with the real rpmbuild. The packages it makes link
# Debian's libraries: never install them anywhere.
#
# - Fedora's %cmake, %cmake_build, %cmake_install and %ctest, Fedora-like compiler flags and
#   /var/lib as %_sharedstatedir come from debian-test.macros (Debian's rpm has none of them).
# - BuildRequires are not checked (--nodeps): they name Fedora packages. The Debian
#   equivalents are what scripts/install-deps installs; rpmbuild and the debuginfo tools:
#   apt-get install rpm elfutils (rpmlint too, for the check at the end).
# - Debian's unicode-data is staged in Fedora's layout (UnicodeData.txt, CaseFolding.txt,
#   Unihan.zip), so the spec's own staging code runs as on Fedora.
# - As root, rpmbuild runs as nobody, like mock's unprivileged build user.
#
# Usage: packaging/rpm/test-build-on-debian.sh [WORKDIR]    (default: build-rpm in the tree)
# Leaves WORKDIR/RPMS/*/*.rpm and WORKDIR/SRPMS/*.src.rpm; prints rpmlint on them.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(realpath -m "${1:-$src/build-rpm}")
spec=$src/packaging/rpm/pam_idaas.spec
unicode=/usr/share/unicode

command -v rpmbuild >/dev/null || { echo "rpmbuild is missing: apt-get install rpm" >&2; exit 1; }
command -v eu-strip >/dev/null || { echo "eu-strip (debuginfo) is missing: apt-get install elfutils" >&2; exit 1; }
[[ -r $unicode/Unihan_Readings.txt.bz2 ]] || { echo "$unicode: apt-get install unicode-data" >&2; exit 1; }

version=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
rm -rf "$work"
mkdir -p "$work"/{SOURCES,ucd,home}

# Source0: the files git knows or would add (tracked and untracked, not ignored), as they
# are in the working tree, under pam_idaas-VERSION/. A release uses git archive instead.
(cd "$src" && git ls-files -co --exclude-standard -z |
  while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
  tar --null -T - --transform "s,^,pam_idaas-$version/," -czf "$work/SOURCES/pam_idaas-$version.tar.gz")

cp "$unicode/UnicodeData.txt" "$unicode/CaseFolding.txt" "$work/ucd/"
python3 - "$unicode/Unihan_Readings.txt.bz2" "$work/ucd/Unihan.zip" <<'EOF'
import bz2, sys, zipfile
with bz2.open(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("Unihan_Readings.txt", src.read())
EOF

builder=()
if [[ $(id -u) -eq 0 ]]; then
  chown -R nobody:nogroup "$work"
  builder=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
"${builder[@]}" env HOME="$work/home" PAM_IDAAS_TEST_UCD_DIR="$work/ucd" \
  rpmbuild -ba --nodeps \
    --load "$src/packaging/rpm/debian-test.macros" \
    --define "_topdir $work" \
    "$spec"

echo "== packages"
ls -l "$work"/RPMS/*/*.rpm "$work"/SRPMS/*.rpm
echo "== rpmlint on the packages"
if command -v rpmlint >/dev/null; then
  rpmlint "$work"/RPMS/*/*.rpm "$work"/SRPMS/*.rpm || true
else
  echo "rpmlint is missing: apt-get install rpmlint"
fi
