"""Loads `fixtures/taxonomy.json` into the taxonomy tables, keyed by code (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "taxonomy.json"
ORDER = ("sector", "stage", "region", "instrument")


def load_taxonomy(get_model: Any) -> int:
    """Upserts every term; `get_model(app_label, model_name)` is `apps.get_model` in migrations."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    rows.sort(key=lambda row: ORDER.index(row["model"].split(".")[1]))
    count = 0
    for row in rows:
        app_label, model_name = row["model"].split(".")
        model = get_model(app_label, model_name)
        fields = dict(row["fields"])
        parent = fields.pop("parent", None)
        if parent:
            fields["parent"] = model.objects.get(code=parent[0])
        model.objects.update_or_create(code=fields.pop("code"), defaults=fields)
        count += 1
    return count
