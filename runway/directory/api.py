"""The directory in the JSON API."""

from ninja import Router

router = Router(tags=["directory"])
