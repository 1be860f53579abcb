"""Test settings shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")


@pytest.fixture(scope="session")
def _passport_key_file(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("passport") / "passport-key.pem"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, _passport_key_file: Any) -> None:
    # No test writes a signing key into the working directory.
    settings.PASSPORT_PRIVATE_KEY = ""
    settings.PASSPORT_KEY_FILE = _passport_key_file
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """PostgreSQL-only tests run when DATABASE_URL names PostgreSQL, and must run in CI's
    PostgreSQL pass (RUNWAY_REQUIRE_POSTGRES=1), where skipping them would hide a failure."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if os.environ.get("RUNWAY_REQUIRE_POSTGRES") == "1" and not on_postgres:
        raise pytest.UsageError("RUNWAY_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    needs_postgres = pytest.mark.skipif(
        not on_postgres, reason="needs PostgreSQL: set DATABASE_URL=postgres://..."
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(needs_postgres)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """A private MEDIA_ROOT per test, so no upload lands in the working directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def english(_test_settings: None) -> Iterator[None]:
    """Messages in English, so a test can read them whatever the translations say. Depends on
    `_test_settings`, whose LANGUAGE_CODE change resets the active language."""
    with translation.override("en"):
        yield


@pytest.fixture
def taxonomy(transactional_db: None) -> None:
    """The taxonomy rows for tests that commit: flushing after such a test empties every table,
    including the rows the data migration loaded."""
    from django.apps import apps

    from runway.taxonomy.loading import load_taxonomy

    load_taxonomy(apps.get_model)


@pytest.fixture
def client_for() -> Any:
    """`client_for(actor)`: a test client signed in as the actor's user, reading English."""
    from django.test import Client

    def build(actor: Any) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(actor.user)
        return client

    return build


@pytest.fixture
def api_client_for() -> Any:
    """`api_client_for(organization, role=...)`: a test client holding a fresh API token."""
    from django.test import Client

    from runway.api.tests.factories import make_token

    def build(organization: Any, role: str = "member") -> Client:
        _token, key = make_token(role=role, organization=organization)
        return Client(headers={"accept-language": "en", "authorization": f"Bearer {key}"})

    return build


# --- Browser tests: Playwright drives Debian's Chromium against the live test server. ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
    # it are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
