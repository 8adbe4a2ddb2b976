"""Content digests for cache keys, without the cost of importing ``hashlib``.

``hashlib`` loads OpenSSL when imported (about 3 ms of a ~150 ms command-line
start); its BLAKE2 comes from the interpreter's own ``_blake2`` module, which
loads in a tenth of that. Same algorithm, same digests, just the cheap import.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the built-in module
    from hashlib import blake2b


def new(data: bytes = b"") -> blake2b:
    """A running 256-bit BLAKE2b digest (``.update()``, ``.hexdigest()``)."""
    return blake2b(data, digest_size=32)
