"""The platform key: from the environment, else a generated owner-only file, loaded once."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from django.urls import reverse

from runway.engine import passport
from runway.passports.keys import platform_private_key, platform_public_key_pem


def test_without_a_setting_a_key_file_is_generated_owner_only_and_reused(
    passport_key_file: Path,
) -> None:
    assert not passport_key_file.exists()
    key = platform_private_key()
    assert stat.S_IMODE(passport_key_file.stat().st_mode) == 0o600
    stored = passport.load_private_key(passport_key_file.read_bytes())
    assert passport.key_id(stored.public_key()) == passport.key_id(key.public_key())


def test_an_existing_key_file_is_read_not_replaced(passport_key_file: Path) -> None:
    key = Ed25519PrivateKey.generate()
    passport_key_file.write_bytes(passport.private_key_pem(key))
    assert platform_public_key_pem() == passport.public_key_pem(key)


def test_the_setting_wins_over_the_file(settings: Any, passport_key_file: Path) -> None:
    key = Ed25519PrivateKey.generate()
    settings.PASSPORT_PRIVATE_KEY = passport.private_key_pem(key).decode()
    assert platform_public_key_pem() == passport.public_key_pem(key)
    assert not passport_key_file.exists()


def test_a_one_line_setting_with_written_out_newlines_is_accepted(settings: Any) -> None:
    key = Ed25519PrivateKey.generate()
    settings.PASSPORT_PRIVATE_KEY = passport.private_key_pem(key).decode().replace("\n", "\\n")
    assert platform_public_key_pem() == passport.public_key_pem(key)


def test_a_setting_that_is_not_a_key_fails_loudly(settings: Any) -> None:
    settings.PASSPORT_PRIVATE_KEY = "not a key"
    with pytest.raises(passport.PassportError):
        platform_private_key()


def test_anyone_downloads_the_public_key_without_signing_in() -> None:
    response = Client().get(reverse("passports:public_key"))
    assert response.status_code == 200
    assert response.content == platform_public_key_pem()
    assert passport.load_public_key(response.content)
    assert b"PRIVATE" not in response.content
