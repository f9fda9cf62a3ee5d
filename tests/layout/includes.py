#!/usr/bin/env python3
"""The folders of the product depend one way: the table of docs/architecture.md
says which folders each may include (its own always). Prints every include that
the table does not allow, and every folder of C/C++ sources the table does not
list; exits 1 if there is any.

    includes.py PROJECT_SOURCE_DIR
"""
import pathlib
import re
import sys

ROW = re.compile(r"^\| (\d+) \| `([a-z_]+)/` \|.*\| ([^|]+) \|$")
INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([^"/]+)/', re.M)
SOURCES = (".h", ".cc", ".c")
NOT_PRODUCT = {"tests", "bench", "fuzz", "build", "docs", "packaging", "scripts"}


def read_table(page):
    """{folder: the folders it may include} from the rows of the table."""
    rows = {}
    for line in page.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[int(match.group(1))] = (match.group(2), match.group(3).strip())
    allowed = {}
    for number, (folder, may) in rows.items():
        below = set()
        if may != "—":
            ends = [int(n) for n in may.split("–")]  # "6" or "3–6"
            below = {rows[n][0] for n in range(ends[0], ends[-1] + 1)}
        allowed[folder] = below | {folder}
    return allowed


def sources(folder):
    return sorted(p for p in folder.rglob("*") if p.suffix in SOURCES)


def violations(root, allowed):
    for folder, may in allowed.items():
        for path in sources(root / folder):
            text = path.read_text(encoding="utf-8")
            for match in INCLUDE.finditer(text):
                target = match.group(1)
                if target in allowed and target not in may:
                    line = text.count("\n", 0, match.start()) + 1
                    yield f"{path.relative_to(root)}:{line}: {folder}/ includes {target}/"


def unlisted(root, allowed):
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name = folder.name
        if name in allowed or name in NOT_PRODUCT or name.startswith((".", "build")):
            continue
        if sources(folder):
            yield f"{name}/ holds sources but is not in docs/architecture.md"


def main():
    root = pathlib.Path(sys.argv[1])
    allowed = read_table(root / "docs" / "architecture.md")
    if not allowed:
        print("not ok - docs/architecture.md has no table of folders")
        return 1
    found = [f for f in allowed if not (root / f).is_dir()]
    found = [f"{f}/ is in docs/architecture.md but not in the tree" for f in found]
    found += list(unlisted(root, allowed)) + list(violations(root, allowed))
    for line in found:
        print(f"not ok - {line}")
    checked = sum(len(sources(root / f)) for f in allowed if (root / f).is_dir())
    print(f"{'not ok' if found else 'ok'} - {len(allowed)} folders, {checked} files, "
          f"{len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
