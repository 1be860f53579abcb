"""Benchmark: the web path of a large order export, from upload to KPIs on the traction page.

    .venv/bin/python benchmarks/web_upload.py [--rows 1000000] [--seed 7] [--keep DIR]

Generates a seeded one-row-per-order CSV (benchmarks/import_orders.py's generator) and a fresh
platform in a temporary directory (SQLite in WAL mode, files on disk), starts the task worker as
`runway up` does (`django db_worker`, a separate process, polling every second), signs a venture
member in through Django's test client, then times what the person does and waits for:

upload_s  POST the file to the upload page (stored once as a draft, hashed, its first rows read)
          and GET the preview page that shows the detected layout and the first rows;
import_s  POST the confirmation, then poll the job's status fragment (as the page's htmx does,
          here every 0.1 s) until the worker has imported it, then GET the traction page and
          check it shows every month;
total_s   the two together. The target is 10 seconds for 1,000,000 rows.

The generation, migrations and the worker's start are not timed. The last line printed is JSON
with rows, file_mb, upload_s, import_s, total_s and target_s, plus job_run_s (the worker's
engine and storage time), worker_pickup_s (confirmation to the worker starting the job) and
months_shown.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 10.0
POLL_S = 0.1


class BenchmarkError(RuntimeError):
    """The web path did not do what it should: the figures would mean nothing."""


def check(condition: object, message: object) -> None:
    if not condition:
        raise BenchmarkError(str(message)[:2000])


def load_generator() -> Any:
    """`generate(path, rows, seed)` from the import benchmark, so both measure the same file."""
    spec = importlib.util.spec_from_file_location(
        "import_orders_bench", ROOT / "benchmarks" / "import_orders.py"
    )
    check(spec is not None and spec.loader is not None, "benchmarks/import_orders.py is missing")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.generate


def environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RUNWAY_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'runway.sqlite3'}",
        "MEDIA_ROOT": str(home / "media"),
        "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "runway.settings",
        "DEBUG": "0",
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def venture_member() -> tuple[Any, Any]:
    """A venture organization with a profile and its owner."""
    from runway.accounts.models import User
    from runway.engine.credit_code import with_check_character
    from runway.orgs.models import Membership, Organization, OrganizationKind, Role
    from runway.taxonomy.models import Region, Sector, Stage
    from runway.ventures.models import BusinessModel, Venture

    organization = Organization.objects.create(
        name="Benchmark Shop",
        slug="benchmark-shop",
        kind=OrganizationKind.VENTURE,
        country="CN",
        credit_code=with_check_character("91440300MA0000001"),
    )
    user = User.objects.create_user(email="owner@benchmark.test", password=None)
    Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    venture = Venture.objects.create(
        organization=organization,
        business_model=BusinessModel.ONLINE_SHOP,
        city=Region.objects.get(code="shenzhen"),
        stage=Stage.objects.get(code="seed"),
    )
    venture.sectors.set(Sector.objects.order_by("pk")[:1])
    return venture, user


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "django", "db_worker", "--queue-name", "default"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603


def run(csv_path: Path, venture: Any, user: Any) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from runway.metrics.models import ImportJob, MonthlyKPI

    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    start = time.perf_counter()
    with csv_path.open("rb") as handle:
        data = {"file": handle, "time_zone": "Asia/Shanghai", "currency": "CNY"}
        uploaded = client.post(reverse("metrics:import_create", args=[venture.pk]), data)
    check(uploaded.status_code == 302, uploaded.content)
    preview = client.get(uploaded["Location"])
    check(b"<strong>generic</strong>" in preview.content, preview.content)
    shown_preview = time.perf_counter()

    confirmed_at = timezone.now()
    confirmed = client.post(uploaded["Location"], {"action": "confirm"})
    check(confirmed.status_code == 302, confirmed.content)
    job = ImportJob.objects.get(venture=venture)
    status_url = reverse("metrics:job_status", args=[job.pk])
    while b"every 1s" in (fragment := client.get(status_url)).content:
        time.sleep(POLL_S)
    check(b"rows imported" in fragment.content, fragment.content)
    traction = client.get(reverse("metrics:traction", args=[venture.pk]))
    months = MonthlyKPI.objects.filter(venture=venture).count()
    shown_rows = len(
        re.findall(rb'<tr(?: class="partial-month")?>\s*<td>\d{4}-\d\d', traction.content)
    )
    check(months > 0 and shown_rows == months, f"{months} months stored, {shown_rows} shown")
    done = time.perf_counter()
    job.refresh_from_db()
    started, finished = job.started_at, job.finished_at
    if started is None or finished is None:
        raise BenchmarkError(f"the job ended {job.status} without its times")
    return {
        "upload_s": round(shown_preview - start, 2),
        "import_s": round(done - shown_preview, 2),
        "total_s": round(done - start, 2),
        "job_run_s": round((finished - started).total_seconds(), 2),
        "worker_pickup_s": round((started - confirmed_at).total_seconds(), 2),
        "months_shown": shown_rows,
        "job_status": job.status,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="runway-web-bench-") as scratch:
        home = args.keep or Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        csv_path = home / "orders.csv"
        load_generator()(csv_path, args.rows, args.seed)
        env = environment(home)
        setup_django(env)
        venture, user = venture_member()
        worker = start_worker(env)
        try:
            time.sleep(3)  # the worker's start (imports, a random startup delay) is not timed
            figures = run(csv_path, venture, user)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        result = {
            "rows": args.rows,
            "file_mb": round(csv_path.stat().st_size / 1e6, 1),
            **figures,
            "target_s": TARGET_S,
        }
    print(json.dumps(result))  # noqa: T201
    return 0 if result["total_s"] <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
