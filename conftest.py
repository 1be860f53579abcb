"""Test settings shared by the whole suite."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"
