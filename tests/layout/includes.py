#!/usr/bin/env python3
"""The folders of the product depend one way (docs/architecture.md): each may
include headers of the folders below it and of its own, never of one above it
or beside it. Prints every include that breaks the order, and exits 1 if any.

    includes.py PROJECT_SOURCE_DIR
"""
import pathlib
import re
import sys

# Each folder and what it may include, lowest first.
MAY_INCLUDE = {
    "base": {"base"},
    "policy": {"base", "policy"},
    "config": {"base", "policy", "config"},
    "tenant": {"base", "policy", "config", "tenant"},
    "pam_module": {"base", "policy", "config", "tenant", "pam_module"},
    "cli": {"base", "policy", "config", "tenant", "cli"},
}
INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([^"/]+)/', re.M)


def violations(root):
    for folder, allowed in MAY_INCLUDE.items():
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".h", ".cc", ".c"):
                continue
            for match in INCLUDE.finditer(path.read_text(encoding="utf-8")):
                target = match.group(1)
                if target in MAY_INCLUDE and target not in allowed:
                    line = path.read_text(encoding="utf-8").count("\n", 0, match.start()) + 1
                    yield f"{path.relative_to(root)}:{line}: {folder}/ includes {target}/"


def main():
    root = pathlib.Path(sys.argv[1])
    missing = [f for f in MAY_INCLUDE if not (root / f).is_dir()]
    if missing:
        print(f"not ok - no such folder: {', '.join(missing)}")
        return 1
    found = list(violations(root))
    for line in found:
        print(f"not ok - {line}")
    checked = sum(1 for f in MAY_INCLUDE for p in (root / f).rglob("*")
                  if p.suffix in (".h", ".cc", ".c"))
    print(f"{'ok' if not found else 'not ok'} - {checked} files, "
          f"{len(found)} includes against the order")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
