"""The fake tenant's stderr log: short lines, never a password, secret or token."""

import sys


def printable(text, limit=200):
    """User-controlled text made safe for one log line."""
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= limit else text[:limit] + "..."


def log(msg):
    try:
        print(f"fake_tenant: {msg}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
