"""Benchmark: directory search and listing pages with 10,000 ventures on PostgreSQL.

    .venv/bin/python benchmarks/directory_search.py [--ventures 10000] [--users 50]
        [--duration 30] [--database-url postgres://postgres@127.0.0.1:5432/runway_bench_dir]
        [--reuse] [--workers 2] [--load wrk|locust]

Creates (or, with --reuse, keeps) a PostgreSQL database, migrates it and seeds synthetic but
realistic ventures: Chinese names, taglines and descriptions in Chinese, English and Russian
drawn from the sectors of the field, a tenth of them private, 60% with 24 months of figures at
mixed verification levels. Rebuilds the directory index (`directory_rebuild`, timed as
`index_s`), then serves the site with granian (WSGI, `--workers` processes) and loads it from
its own process with wrk (`apt-get install wrk`; written in C, it takes a fraction of a core and
leaves the server the rest) or, with `--load locust` or without wrk, locust headless (Python: on
two cores it takes most of one, and the server's figures suffer): `--users` connections, each
sending its next request as soon as the last one answers (no think time, so 50 users keep 50
connections busy), for `--duration` seconds a run, a mix of:

search page     GET /directory/?q=...        queries in Chinese, English, Russian; some filtered
directory page  GET /directory/?...          filters and sorts without a query, a few pages deep
api search      GET /api/v1/directory?q=...  the JSON API, anonymous

Each worker is warmed first (jieba's dictionary loads on a worker's first search, about a
second). Every distinct request of the realistic mix (some 30 queries, a dozen filters, three
sorts, three pages: `primed_requests`) is then asked once, as earlier visitors would have. The
workers share a cache (`--redis-url`, as several app servers would). Four runs follow:

steady     the mix again: anonymous requests are answered from the directory's page cache
           (runway/directory/caching.py) after one cache round trip. The top-level figures
           are this run's.
cold       a random parameter on every request, so each one is searched, ranked and rendered
           afresh: the cost of a query nobody asked in the last five minutes.
baseline   the sign-in page, under the same load: what any Django page costs on this machine,
           next to which the directory's figures can be read.
think      the mix with each visitor pausing about `--think` seconds between requests, as
           people do: the latency one request sees when the machine is not saturated.

The last line printed is JSON: ventures, listed, index_s, users, requests, failures, rps,
p50_ms, p95_ms, p99_ms (of the steady run, and per endpoint), the other runs under "cold",
"baseline_sign_in_page" and "with_<think>s_think_time", the load average (other work on the
machine skews every figure) and target_p95_ms (100). Exits 1 when the steady run's p95 is over
the target or any request failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_P95_MS = 100.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/runway_bench_dir"

# --- Synthetic ventures -----------------------------------------------------------------------

PLACES = ["深圳", "鹏城", "前海", "南山", "华南", "湾区", "福田", "龙华", "宝安", "东门"]
CORES = [
    "优选", "好物", "芯城", "花语", "宝贝", "潮衣", "数码", "鲜果", "云仓", "跨链", "童趣", "美妆",
    "茶香", "智造", "家居", "宠爱", "运动", "书香", "健康", "农品", "极客", "小满", "星河", "青禾",
]  # fmt: skip
SUFFIXES = ["科技", "商城", "供应链", "网络", "贸易", "工坊", "电商", "集团", "优品", "社区"]
# Per sector: a tagline, and Chinese, English and Russian phrases descriptions are built from.
SECTORS: dict[str, dict[str, list[str]]] = {
    "mother-baby": {
        "tagline": ["Baby products and a community of young parents", "Mother-and-baby store"],
        "zh": ["母婴用品旗舰店", "宝妈社区与团购", "纸尿裤、奶瓶和婴儿推车", "育儿问答和二手交换"],
        "en": ["baby products", "a community of mothers", "diapers and strollers", "group buys"],
        "ru": ["товары для мам и детей", "сообщество молодых родителей", "детские коляски"],
    },
    "electronic-components-b2b": {
        "tagline": ["Electronic components for small factories", "Spot chips exchange"],
        "zh": ["电子元器件现货交易", "芯片和被动元件分销", "华强北柜台商家", "真伪检测与账期服务"],
        "en": ["electronic components", "chips and passive parts", "authenticity testing"],
        "ru": ["электронные компоненты", "микросхемы и пассивные элементы", "проверка подлинности"],
    },
    "cross-border-b2b": {
        "tagline": ["Wholesale to Russia and Eastern Europe", "Cross-border B2B exports"],
        "zh": ["跨境批发出口俄罗斯", "东欧买家的采购平台", "海外仓和清关服务"],
        "en": ["cross-border wholesale", "buyers in Eastern Europe", "customs clearance"],
        "ru": [
            "оптовые поставки в Россию",
            "покупатели из Восточной Европы",
            "таможенное оформление",
        ],
    },
    "apparel-wholesale": {
        "tagline": ["Apparel wholesale from Humen factories", "Fast-fashion wholesale"],
        "zh": ["服装批发档口", "虎门工厂直供女装", "小单快反和一件代发", "童装和运动服"],
        "en": ["apparel wholesale", "women's clothing", "small batch production"],
        "ru": ["оптовая торговля одеждой", "женская одежда", "малые партии"],
    },
    "phones-digital": {
        "tagline": ["Phones, chargers and smart watches", "Refurbished phones"],
        "zh": ["手机数码配件", "充电器和移动电源", "二手手机翻新", "智能手表"],
        "en": ["phone accessories", "chargers and power banks", "refurbished phones"],
        "ru": ["аксессуары для телефонов", "зарядные устройства", "умные часы"],
    },
    "flowers-gifts": {
        "tagline": ["Flowers delivered in two hours", "Corporate flower subscriptions"],
        "zh": ["鲜花速递", "节日花束和企业鲜花订阅", "连锁花店加线上商城"],
        "en": ["flower delivery", "festival bouquets", "corporate subscriptions"],
        "ru": ["доставка цветов", "праздничные букеты", "подписка для компаний"],
    },
    "fresh-grocery": {
        "tagline": ["Fresh fruit from farm to door", "Community group-buy grocery"],
        "zh": ["生鲜水果产地直发", "社区团购生鲜", "冷链配送"],
        "en": ["fresh fruit", "community group buying", "cold-chain delivery"],
        "ru": ["свежие фрукты", "совместные покупки", "доставка в холодовой цепи"],
    },
    "beauty-personal-care": {
        "tagline": ["Skincare brand sold on Tmall and Douyin", "Cosmetics for live commerce"],
        "zh": ["美妆个护品牌", "抖音直播带货", "天猫旗舰店护肤品"],
        "en": ["skincare", "live-stream selling", "cosmetics brand"],
        "ru": ["уход за кожей", "продажи в прямом эфире", "косметический бренд"],
    },
    "merchant-saas": {
        "tagline": ["ERP and order software for online shops", "SaaS for sellers"],
        "zh": ["商家SaaS订单管理", "电商ERP和库存系统", "多平台店铺管理"],
        "en": ["order management software", "inventory for online shops", "ERP for sellers"],
        "ru": ["программа для продавцов", "учет заказов", "управление складом"],
    },
    "home-furniture": {
        "tagline": ["Furniture made to order", "Home goods for small flats"],
        "zh": ["家居家具定制", "小户型收纳", "工厂直销沙发"],
        "en": ["custom furniture", "storage for small flats", "sofas from the factory"],
        "ru": ["мебель на заказ", "хранение для маленьких квартир"],
    },
}
SECONDARY = ["community-content", "logistics", "smart-hardware", "food-beverage", "finance"]
MARKETS = ["china", "hong-kong", "southeast-asia", "russia-cis", "eastern-europe", "north-america"]
DISTRICTS = ["futian", "luohu", "nanshan", "baoan", "longgang", "longhua", "guangming"]
STAGES = ["idea", "seed", "angel", "pre-a", "series-a", "series-b", "profitable", "distressed"]
MODELS = [
    "online_shop", "marketplace_seller", "b2b_marketplace", "cross_border", "community",
    "subscription", "saas", "manufacturer",
]  # fmt: skip
LEVELS = ["imported"] * 6 + ["connected"] * 2 + ["self_reported"] * 2

# --- What the load test asks -----------------------------------------------------------------

LOCUSTFILE = '''
import random
from locust import FastHttpUser, between, constant, task

QUERIES = %(queries)r
FILTERS = %(filters)r
MODE = %(mode)r
THINK = %(think)r


def bust(params):
    """In the cold run every request is one nobody asked before, so none is served cached."""
    if MODE == "cold":
        params["_"] = str(random.getrandbits(64))
    return params


class Visitor(FastHttpUser):
    wait_time = between(THINK / 2, THINK * 1.5) if THINK else constant(0)

    @task(4)
    def search_page(self):
        if MODE == "baseline":
            self.client.get("/accounts/login/", name="sign-in page")
            return
        params = {"q": random.choice(QUERIES)}
        if random.random() < 0.3:
            params.update(random.choice(FILTERS))
        self.client.get("/directory/", params=bust(params), name="search page")

    @task(3)
    def directory_page(self):
        if MODE == "baseline":
            self.client.get("/accounts/login/", name="sign-in page")
            return
        params = dict(random.choice(FILTERS))
        params["sort"] = random.choice(["newest", "growth", "size"])
        params["page"] = str(random.choice([1, 1, 1, 2, 3]))
        self.client.get("/directory/", params=bust(params), name="directory page")

    @task(3)
    def api_search(self):
        if MODE == "baseline":
            self.client.get("/accounts/login/", name="sign-in page")
            return
        params = {"q": random.choice(QUERIES)}
        self.client.get("/api/v1/directory", params=bust(params), name="api search")
'''
QUERIES = [
    "母婴", "电子元器件", "跨境", "服装批发", "鲜花", "深圳 母婴", "手机", "社区团购", "直播带货",
    "芯片", "冷链", "家具", "南山", "宝妈", "商家SaaS", "electronic components", "flowers",
    "cross-border", "baby", "wholesale", "skincare", "software", "Shenzhen", "одежда",
    "электронные компоненты", "цветы", "доставка", "детские",
]  # fmt: skip
FILTERS = [
    {}, {"sector": "mother-baby"}, {"sector": "electronic-components-b2b"},
    {"market": "russia-cis"}, {"district": "nanshan"}, {"stage": "seed"},
    {"revenue_band": "1m-5m"}, {"growth_band": "growing"}, {"verification": "connected"},
    {"business_model": "cross_border"}, {"sector": "flowers-gifts", "district": "futian"},
]  # fmt: skip


class BenchmarkError(RuntimeError):
    """The setup did not do what it should: the figures would mean nothing."""


def check(condition: object, message: object) -> None:
    if not condition:
        raise BenchmarkError(str(message)[:2000])


def environment(database_url: str, home: Path, redis_url: str) -> dict[str, str]:
    # Both workers must share one cache, as several app servers would (settings: REDIS_URL).
    return {
        **os.environ,
        **({"REDIS_URL": redis_url} if redis_url else {}),
        "RUNWAY_HOME": str(home),
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "runway.settings",
        "API_RATE_LIMIT": "100000000/min",  # one client address sends everything here
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
    }


def create_database(database_url: str, *, fresh: bool) -> None:
    import psycopg

    head, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{head}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _description(rng: random.Random, sector: str, language: str, name: str) -> str:
    phrases = SECTORS[sector][language]
    picked = rng.sample(phrases, k=min(len(phrases), rng.randint(2, 3)))
    if language == "zh":
        return f"{name}：" + "，".join(picked) + f"。团队{rng.randint(5, 200)}人，总部位于深圳。"
    if language == "en":
        return f"{name} sells " + ", ".join(picked) + " from Shenzhen to buyers across the region."
    return f"{name}: " + ", ".join(picked) + ". Работаем из Шэньчжэня."


def seed(count: int, rng: random.Random) -> None:
    """`count` ventures with their organizations, sectors, markets and (for most) figures."""
    from runway.engine.credit_code import with_check_character
    from runway.metrics.models import MonthlyKPI
    from runway.orgs.models import Organization, OrganizationKind
    from runway.taxonomy.models import Region, Sector, Stage
    from runway.ventures.models import Venture

    sectors = {s.code: s for s in Sector.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    stages = {s.code: s for s in Stage.objects.all()}
    start = Organization.objects.count()
    organizations = [
        Organization(
            name=rng.choice(PLACES) + rng.choice(CORES) + rng.choice(SUFFIXES) + f"{n % 97 or ''}",
            slug=f"bench-{start + n}",
            kind=OrganizationKind.VENTURE,
            country="CN",
            credit_code=with_check_character(f"91440300MB{start + n:07d}"),
            is_verified=rng.random() < 0.4,
        )
        for n in range(count)
    ]
    Organization.objects.bulk_create(organizations, batch_size=1000)
    ventures: list[Venture] = []
    links: list[list[str]] = []
    market_links: list[Any] = []
    for organization in organizations:
        primary = rng.choice(list(SECTORS))
        ventures.append(
            Venture(
                organization=organization,
                tagline=rng.choice(SECTORS[primary]["tagline"]),
                business_model=rng.choice(MODELS),
                city=regions["shenzhen"],
                district=rng.choice(DISTRICTS),
                stage=stages[rng.choice(STAGES)],
                team_size=rng.randint(3, 300),
                description_zh=_description(rng, primary, "zh", organization.name),
                description_en=_description(rng, primary, "en", organization.name),
                description_ru=_description(rng, primary, "ru", organization.name),
                is_public=rng.random() >= 0.1,
            )
        )
        links.append([primary] + ([rng.choice(SECONDARY)] if rng.random() < 0.4 else []))
    Venture.objects.bulk_create(ventures, batch_size=1000)
    through = Venture.sectors.through
    through.objects.bulk_create(
        [
            through(venture=v, sector=sectors[c])
            for v, codes in zip(ventures, links, strict=True)
            for c in codes
        ],
        batch_size=5000,
    )
    markets_through = Venture.markets.through
    for venture in ventures:
        market_links.extend(
            markets_through(venture=venture, region=regions[code])
            for code in rng.sample(MARKETS, k=rng.randint(0, 3))
        )
    markets_through.objects.bulk_create(market_links, batch_size=5000)
    kpis = []
    for venture in ventures:
        if rng.random() >= 0.6:
            continue
        level = rng.choice(LEVELS)
        base = Decimal(rng.choice([8_000, 40_000, 150_000, 600_000, 3_000_000]))
        growth = Decimal(str(round(rng.uniform(-0.04, 0.08), 3)))
        values = [(base * (1 + growth) ** i).quantize(Decimal("0.01")) for i in range(24)]
        for i, value in enumerate(values):
            kpis.append(
                MonthlyKPI(
                    venture=venture, month=dt.date(2024 + i // 12, i % 12 + 1, 1),
                    currency="CNY", verification=level, days=30, complete=True, gmv=value,
                    refunds=Decimal(0), net_revenue=value, orders=100, cancelled_orders=0,
                    buyers=80, new_buyers=20, returning_buyers=60,
                    repeat_buyer_rate=Decimal("0.5"),
                    net_revenue_yoy=(value / values[i - 12] - 1).quantize(Decimal("0.000001"))
                    if i >= 12 else None,
                )
            )  # fmt: skip
    MonthlyKPI.objects.bulk_create(kpis, batch_size=5000)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int
) -> subprocess.Popen[bytes]:
    # Granian's WSGI default is hundreds of threads a worker: CPU-bound Django then spends its
    # time passing the GIL around and holds a database connection per thread.
    command = [
        str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads), "--no-access-log",
        "runway.wsgi:application",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    for _attempt in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/directory/", timeout=30):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise BenchmarkError("the server did not start")


def warm(port: int, workers: int) -> None:
    """Enough searches that every worker has loaded jieba and opened its connection."""
    for n in range(20 * workers):
        url = f"http://127.0.0.1:{port}/api/v1/directory?q=%E6%AF%8D%E5%A9%B4&page={n % 3 + 1}"
        with urllib.request.urlopen(url, timeout=30) as response:
            check(response.status == 200, response.status)


def mix_urls() -> list[str]:
    """Every distinct request the realistic mix can send."""
    api = ["/api/v1/directory?" + urllib.parse.urlencode({"q": q}) for q in QUERIES]
    searches = [
        "/directory/?" + urllib.parse.urlencode({"q": q, **extra})
        for q in QUERIES
        for extra in FILTERS
    ]
    listings = [
        "/directory/?" + urllib.parse.urlencode({**extra, "sort": sort, "page": str(page)})
        for extra in FILTERS
        for sort in ("newest", "growth", "size")
        for page in (1, 2, 3)
    ]
    return api + searches + listings


def prime(port: int) -> float:
    """Asks every request of the mix once, as earlier visitors would have: seconds taken."""
    started = time.perf_counter()
    for url in mix_urls():
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=60) as response:
            check(response.status == 200, url)
    return round(time.perf_counter() - started, 1)


def run_locust(
    port: int, args: argparse.Namespace, scratch: Path, *, mode: str, think: float = 0.0
) -> dict[str, Any]:
    """Figures of one locust run: overall, and per endpoint."""
    name = f"{mode}-{think:g}"
    locustfile = scratch / f"locustfile_{mode}.py"
    source = LOCUSTFILE % {"queries": QUERIES, "filters": FILTERS, "mode": mode, "think": think}
    locustfile.write_text(source, "utf-8")
    prefix = scratch / name
    command = [
        str(BIN / "locust"), "-f", str(locustfile), "--headless", "--users", str(args.users),
        "--spawn-rate", str(args.users), "--run-time", f"{args.duration}s", "--host",
        f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel",
        "WARNING",
    ]  # fmt: skip
    subprocess.run(  # noqa: S603
        command, cwd=scratch, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with (scratch / f"{name}_stats.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    return {
        **figures(rows.pop("Aggregated")),
        "endpoints": {endpoint: figures(row) for endpoint, row in rows.items()},
    }


WRK_SCRIPT = """
local paths = {%(paths)s}
local cold = %(cold)s
local think_ms = %(think_ms)d

request = function()
  local path = paths[math.random(#paths)]
  if cold then path = path .. "&_=" .. math.random(1, 2147483647) end
  return wrk.format("GET", path)
end

if think_ms > 0 then
  delay = function() return math.random(math.floor(think_ms / 2), math.floor(think_ms * 3 / 2)) end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "failures": %%d, "duration_us": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "errors": {"connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d}}\\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def mix_sample(mode: str, rng: random.Random, size: int = 3000) -> list[str]:
    """The locust visitors' mix as a list of paths drawn with the same weights (4:3:3)."""
    if mode == "baseline":
        return ["/accounts/login/"]
    paths = []
    for _ in range(size):
        kind = rng.choices(("search", "directory", "api"), weights=(4, 3, 3))[0]
        if kind == "directory":
            params = {**rng.choice(FILTERS), "sort": rng.choice(["newest", "growth", "size"])}
            params["page"] = str(rng.choice([1, 1, 1, 2, 3]))
            paths.append("/directory/?" + urllib.parse.urlencode(params))
            continue
        params = {"q": rng.choice(QUERIES)}
        if kind == "search" and rng.random() < 0.3:
            params.update(rng.choice(FILTERS))
        base = "/directory/?" if kind == "search" else "/api/v1/directory?"
        paths.append(base + urllib.parse.urlencode(params))
    return paths


def run_wrk(
    port: int, args: argparse.Namespace, scratch: Path, *, mode: str, think: float = 0.0
) -> dict[str, Any]:
    """Figures of one wrk run (overall only: wrk does not split by endpoint). wrk is written in C
    and uses a fraction of a core, so on a two-core machine it leaves the server far more of the
    CPU than locust does."""
    paths = mix_sample(mode, random.Random(args.seed))  # noqa: S311 - a reproducible load
    script = scratch / f"wrk_{mode}_{think:g}.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": ", ".join(json.dumps(path) for path in paths),
            "cold": "true" if mode == "cold" else "false",
            "think_ms": int(think * 1000),
        },
        "utf-8",
    )
    command = [
        "wrk", "-t", "1", "-c", str(args.users), "-d", f"{args.duration}s", "--timeout", "10s",
        "-s", str(script), f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    output = subprocess.run(  # noqa: S603
        command, check=True, capture_output=True, text=True
    ).stdout
    row = json.loads(output.strip().splitlines()[-1])
    return {
        "requests": row["requests"],
        "failures": row["failures"],
        "rps": round(row["requests"] / (row["duration_us"] / 1e6), 1),
        "p50_ms": round(row["p50_us"] / 1000, 1),
        "p95_ms": round(row["p95_us"] / 1000, 1),
        "p99_ms": round(row["p99_us"] / 1000, 1),
        "errors": row["errors"],
    }


def figures(row: dict[str, str]) -> dict[str, float]:
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ventures", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=30, help="seconds of each run")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause of a visitor in the last run"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="granian threads a worker")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="keep a database already seeded")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/9",
        help="the shared cache of the workers; empty for each worker's own memory",
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--load",
        choices=("wrk", "locust"),
        default="wrk" if shutil.which("wrk") else "locust",
        help="the load generator (wrk from Debian's package when installed, else locust)",
    )
    args = parser.parse_args()
    check(args.database_url.startswith("postgres"), "the benchmark runs on PostgreSQL")
    with tempfile.TemporaryDirectory(prefix="runway-directory-bench-") as scratch:
        home = Path(scratch)
        env = environment(args.database_url, home, args.redis_url)
        create_database(args.database_url, fresh=not args.reuse)
        setup_django(env)
        from runway.directory.models import DirectoryEntry
        from runway.directory.services import directory_rebuild
        from runway.ventures.models import Venture

        index_s = None
        if Venture.objects.count() < args.ventures:
            rng = random.Random(args.seed)  # noqa: S311 - synthetic data, reproducible
            seed(args.ventures - Venture.objects.count(), rng)
        if not args.reuse or DirectoryEntry.objects.count() < args.ventures:
            started = time.perf_counter()
            directory_rebuild()
            index_s = round(time.perf_counter() - started, 1)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # planner statistics for the freshly loaded tables
        ventures = Venture.objects.count()
        listed = DirectoryEntry.objects.filter(venture__is_public=True).count()
        connection.close()
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        try:
            warm(port, args.workers)
            primed_s = prime(port)
            run = run_wrk if args.load == "wrk" else run_locust
            steady = run(port, args, home, mode="mix")
            cold = run(port, args, home, mode="cold")
            baseline = run(port, args, home, mode="baseline")
            visitors = run(port, args, home, mode="mix", think=args.think)
        finally:
            server.terminate()
            server.wait(timeout=30)
    overall = {key: value for key, value in steady.items() if key != "endpoints"}
    result = {
        "ventures": ventures,
        "listed": listed,
        "index_s": index_s,
        "users": args.users,
        "duration_s": args.duration,
        "workers": args.workers,
        "threads": args.threads,
        "cache": "redis" if args.redis_url else "locmem",
        "load_average": round(os.getloadavg()[0], 2),
        "primed_requests": len(mix_urls()),
        "primed_s": primed_s,
        **overall,
        "load_tool": args.load,
        "endpoints": steady.get("endpoints", {}),
        "cold": cold,
        "baseline_sign_in_page": baseline,
        f"with_{args.think:g}s_think_time": visitors,
        "target_p95_ms": TARGET_P95_MS,
    }
    print(json.dumps(result, ensure_ascii=False))  # noqa: T201
    ok = overall["p95_ms"] <= TARGET_P95_MS and overall["failures"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
