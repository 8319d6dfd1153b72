"""SHA-256, for file digests, framework fingerprints and cache keys.

`hashlib` loads OpenSSL, and loading it cost `csf score` more than all of its digests;
the interpreter's own SHA-256 module gives the same digest at a fraction of the import.
It is named `_sha256` in Python 3.11 and `_sha2` after; hashlib stands in for either.
"""

from __future__ import annotations

try:
    from _sha256 import sha256
except ImportError:  # pragma: no cover (Python 3.12 and later)
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256


def hexdigest(data: bytes) -> str:
    """The SHA-256 of `data`, in hex."""
    return sha256(data).hexdigest()
