"""The `runway` command line: `up`, `serve`, `worker`, `demo`, and every Django management command.

`runway up` is the one command a newcomer runs: it migrates, loads the demo when the database is
empty, prints a login per role, then serves the platform with granian and runs a task worker beside
it until interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runway.engine.orders import ImportResult
    from runway.engine.passport import Passport

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runway.settings")
    import django

    django.setup()


def _server_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--no-ws",
        "--blocking-threads", "8",
        "runway.wsgi:application",
    ]  # fmt: skip


def _worker_commands() -> list[list[str]]:
    """The task worker, and the scheduler that queues the platform's recurring tasks for it."""
    return [
        [sys.executable, "-m", "django", "db_worker", "--queue-name", "default"],
        [sys.executable, "-m", "django", "schedule"],
    ]


def _prepare(*, load_demo: bool) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if load_demo:
        from runway.demo.services import demo_build, demo_is_loaded

        if not demo_is_loaded():
            print("Loading the demo platform (first run only)...", flush=True)
            demo_build()
        _print_logins()


def _print_logins() -> None:
    from runway.demo.services import demo_logins
    from runway.demo.terminal import login_table

    logins = demo_logins()
    if logins:
        print("\n" + "\n".join(login_table(logins)))


def _run_together(commands: Sequence[list[str]]) -> int:
    """Starts every command and waits; when one ends or on Ctrl-C, stops the others."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "runway.settings"}
    processes = [subprocess.Popen(command, env=env) for command in commands]  # noqa: S603
    try:
        while True:
            for process in processes:
                code = process.poll()
                if code is not None:
                    return code
            try:
                processes[0].wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def cmd_up(args: argparse.Namespace) -> int:
    _setup_django()
    _prepare(load_demo=True)
    print(f"\nRunway is at http://{args.host}:{args.port}/  (Ctrl-C stops it)\n", flush=True)
    commands = [_server_command(args.host, args.port, args.workers)]
    if not args.no_worker:
        commands.extend(_worker_commands())
    return _run_together(commands)


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    return _run_together([_server_command(args.host, args.port, args.workers)])


def cmd_worker(_args: argparse.Namespace) -> int:
    _setup_django()
    return _run_together(_worker_commands())


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    argv = ["demo"] + (["--reset"] if args.reset else [])
    call_command(*argv)
    return 0


KPI_OUTPUT = (
    "month", "gmv", "refunds", "net_revenue", "orders", "buyers", "new_buyers",
    "returning_buyers", "aov", "refund_rate", "repeat_buyer_rate",
)  # fmt: skip
LISTED_PROBLEMS = 20


def cmd_kpis(args: argparse.Namespace) -> int:
    """Monthly KPIs of an export with the engine alone: no database, no Django."""
    import datetime as dt
    import json
    from pathlib import Path

    import polars as pl

    from runway.engine.orders import import_orders

    try:
        mapping = json.loads(args.mapping) if args.mapping else None
    except json.JSONDecodeError as error:
        print(f"--mapping is not JSON: {error}", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"No such file: {path}", file=sys.stderr)
        return 2
    result = import_orders(
        path, as_of=dt.datetime.now(dt.UTC), mapping=mapping, tz=args.tz, currency=args.currency
    )
    _report_problems(result)
    if result.rejection is not None:
        print(f"rejected: {result.rejection.describe()}", file=sys.stderr)
        return 2
    kpis = result.kpis.select(
        pl.col("month").dt.strftime("%Y-%m"), *(pl.col(c).cast(pl.String) for c in KPI_OUTPUT[1:])
    )
    if args.format == "json":
        print(json.dumps(kpis.to_dicts(), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        print(kpis.write_csv(), end="")
    else:
        print(_table(kpis.columns, kpis.rows()))
    print(
        f"{result.layout} layout, {result.currency or '?'}, {result.rows} rows, "
        f"{result.excluded_rows} excluded",
        file=sys.stderr,
    )
    return 0


def _report_problems(result: ImportResult) -> None:
    total = sum(result.problem_counts.values())
    print(f"{total} row problems", file=sys.stderr)
    for reason, count in sorted(result.problem_counts.items()):
        print(f"  {count:>10}  {reason}", file=sys.stderr)
    for reason, count in sorted(result.warning_counts.items()):
        print(f"  {count:>10}  {reason} (warning)", file=sys.stderr)
    for row, column, value, reason in result.problems.head(LISTED_PROBLEMS).rows():
        print(f"  row {row}, {column}={value!r}: {reason}", file=sys.stderr)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(header), *([("" if v is None else str(v)) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def cmd_match(args: argparse.Namespace) -> int:
    """Mandates against open rounds from CSV files with the engine alone: no database, no
    Django. Bad input: every problem found (file, line, column), exit 2, nothing written."""
    from pathlib import Path

    from runway.engine.matching import BatchInputError, batch

    if args.top < 1 or args.threads < 1:
        print("error: --top and --threads must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = batch.run(
            mandates=Path(args.mandates),
            rounds=Path(args.rounds),
            out=Path(args.out),
            top=args.top,
            by=args.by,
            fx=Path(args.fx) if args.fx else None,
            threads=args.threads,
        )
    except BatchInputError as error:
        for problem in error.problems:
            print(f"error: {problem.describe()}", file=sys.stderr)
        print(f"nothing written to {args.out}", file=sys.stderr)
        return 2
    print(summary.describe(), file=sys.stderr)
    return 0


PASSPORT_EXIT = {"valid": 0, "expired": 3, "not_yet_valid": 3}
PASSPORT_KEY_FILES = ("passport_private_key.pem", "passport_public_key.pem")


def cmd_passport(args: argparse.Namespace) -> int:
    """`verify`: 0 valid, 1 altered, wrongly signed or malformed, 2 unreadable input, 3 expired or
    not yet valid. `keygen`: a new Ed25519 key pair as PEM files. Engine only, no Django."""
    if args.action == "keygen":
        return _passport_keygen(args.out)
    import datetime as dt
    from pathlib import Path

    from runway.engine import passport

    key_text = args.public_key
    try:
        pem = key_text.encode() if "-----BEGIN" in key_text else Path(key_text).read_bytes()
        public_key = passport.load_public_key(pem)
    except (OSError, passport.PassportError) as error:
        print(f"error: --public-key: {error}", file=sys.stderr)
        return 2
    try:
        raw = Path(args.file).read_bytes()
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    verdict = passport.verify_json(raw, public_key=public_key, now=dt.datetime.now(dt.UTC))
    print(f"{verdict.reason}: {verdict.detail}", file=sys.stdout if verdict.ok else sys.stderr)
    if verdict.passport is not None:
        _print_passport(verdict.passport)
    return PASSPORT_EXIT.get(verdict.reason, 1)


def _print_passport(document: Passport) -> None:
    venture = f"{document.venture_name} (id {document.venture_id}"
    venture += f", credit code {document.credit_code})" if document.credit_code else ")"
    for label, value in (
        ("passport", document.passport_id),
        ("venture", venture),
        ("period", f"{document.period_from} to {document.period_to}"),
        ("currency", document.currency),
        ("verification", document.verification),
        ("issued", document.issued_at.isoformat()),
        ("expires", document.expires_at.isoformat()),
        ("key", document.key_id),
    ):
        print(f"{label:<13}{value}")
    for digest, name in document.sources:
        print(f"{'source':<13}{digest}  {name}")
    columns = list(dict.fromkeys(name for row in document.kpis for name in row))
    rows = [[row.get(name) for name in columns] for row in document.kpis]
    print(_table(columns, rows))


def _passport_keygen(out: str) -> int:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from runway.engine import passport

    folder = Path(out)
    paths = [folder / name for name in PASSPORT_KEY_FILES]
    if any(path.exists() for path in paths):
        print(f"error: {folder} already holds a passport key; not overwriting", file=sys.stderr)
        return 2
    key = Ed25519PrivateKey.generate()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        private_path, public_path = paths
        # Created owner-only from the start: the key is never readable by others, even briefly.
        handle = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as private_file:
            private_file.write(passport.private_key_pem(key))
        with public_path.open("xb") as public_file:
            public_file.write(passport.public_key_pem(key))
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"key id {passport.key_id(key.public_key())}")
    print(f"private key {private_path} (keep secret)\npublic key  {public_path}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runway",
        description="Runway platform. Any other command is passed to Django's manage.py.",
    )
    sub = parser.add_subparsers(dest="command")
    for name, helptext in (("up", "set up and serve with demo data"), ("serve", "serve only")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--host", default=os.environ.get("HOST", DEFAULT_HOST))
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)))
        p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        if name == "up":
            p.add_argument("--no-worker", action="store_true", help="do not start a task worker")
    sub.add_parser("worker", help="run the background task worker")
    demo = sub.add_parser("demo", help="create the demo platform")
    demo.add_argument("--reset", action="store_true", help="delete the demo data first")
    kpis = sub.add_parser("kpis", help="monthly KPIs of an order export (no database)")
    kpis.add_argument("file")
    kpis.add_argument("--mapping", help='JSON: {"order_id": "Your header", ...}')
    kpis.add_argument("--tz", default="Asia/Shanghai", help="time zone of naive times")
    kpis.add_argument("--currency", help="when the file names none")
    kpis.add_argument("--format", choices=("table", "csv", "json"), default="table")
    match = sub.add_parser(
        "match",
        help="match mandates against rounds from CSV (no database)",
        epilog="mandates.csv optional columns: must, min_gmv_12m, min_growth_yoy, "
        "min_months_history (whole months), min_repeat_rate (share 0-1, e.g. 0.35); rounds.csv "
        "optional: gmv_12m, growth_yoy, months_history, repeat_rate, score. Empty = any or "
        "unknown; formats in docs/decisions.md (Matching).",
    )
    match.add_argument("--mandates", required=True, help="mandates.csv")
    match.add_argument("--rounds", required=True, help="rounds.csv")
    match.add_argument("--out", required=True, help="matches.csv to write")
    match.add_argument("--top", type=int, default=20, help="matches kept per mandate or round")
    match.add_argument("--by", choices=("mandate", "round"), default="mandate", help="rank per")
    match.add_argument("--fx", help="rates.csv: currency, rate_to_cny, date")
    match.add_argument("--threads", type=int, default=2)
    passport = sub.add_parser("passport", help="verify a data passport or make a signing key")
    actions = passport.add_subparsers(dest="action", required=True)
    verify = actions.add_parser("verify", help="check a passport's signature and validity")
    verify.add_argument("file", help="the passport JSON")
    verify.add_argument("--public-key", required=True, help="platform public key: PEM or file")
    keygen = actions.add_parser("keygen", help="write a new Ed25519 key pair as PEM")
    keygen.add_argument("--out", required=True, help="directory for the two PEM files")
    return parser


# Spelled as the issue and the docs spell them; Django's command names cannot hold a hyphen.
DJANGO_ALIASES = {"import-orders": "import_orders"}
COMMANDS = {
    "up": cmd_up, "serve": cmd_serve, "worker": cmd_worker, "demo": cmd_demo, "kpis": cmd_kpis,
    "match": cmd_match, "passport": cmd_passport,
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in DJANGO_ALIASES:
        argv[0] = DJANGO_ALIASES[argv[0]]
    if argv and argv[0] not in COMMANDS and argv[0] not in {"-h", "--help"}:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runway.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["runway", *argv])
        return 0
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return 0
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
