"""The platform's Ed25519 key that signs data passports.

Production hands the PEM text in through PASSPORT_PRIVATE_KEY. A local platform without it gets a
key file beside its database, generated on first use and readable by the owner only, the same way
settings.py keeps .runway-secret-key: passports issued yesterday must still verify after a restart.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from runway.engine import passport


def platform_private_key() -> Ed25519PrivateKey:
    return _load(settings.PASSPORT_PRIVATE_KEY, str(settings.PASSPORT_KEY_FILE))


def platform_public_key() -> Ed25519PublicKey:
    return platform_private_key().public_key()


def platform_public_key_pem() -> bytes:
    return passport.public_key_pem(platform_private_key())


@functools.lru_cache(maxsize=4)
def _load(pem: str, path: str) -> Ed25519PrivateKey:
    # Keyed on the settings' values, so a changed setting (as in tests) loads the right key.
    if pem.strip():
        # Some deployment tools can only pass one-line variables: accept "\n" written out.
        return passport.load_private_key(pem.strip().replace("\\n", "\n").encode())
    return _local_key(Path(path))


def _local_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        return passport.load_private_key(path.read_bytes())
    key = Ed25519PrivateKey.generate()
    try:
        # Owner-only from the start, and never overwriting a key another process just wrote.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return passport.load_private_key(path.read_bytes())
    with os.fdopen(handle, "wb") as key_file:
        key_file.write(passport.private_key_pem(key))
    return key
