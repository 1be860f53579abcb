"""How this app's notifications read, in the reader's language (see notifications.wording)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WORDING: dict[str, Callable[[dict[str, Any]], str]] = {}
