"""The site's URLs with the metrics router mounted at /api/v1/metrics, as runway/api/urls.py
mounts it, so the API tests run whether or not that line is in yet."""

from django.urls import path

from runway import urls as root
from runway.api import errors
from runway.api.auth import SessionActorAuth, TokenAuth
from runway.metrics.api import router

api = errors.RunwayAPI(
    title="Runway API (metrics tests)",
    version="test",
    urls_namespace="metrics_api_test",
    auth=[TokenAuth(), SessionActorAuth()],
)
errors.install(api)
api.add_router("/metrics", router)

urlpatterns = [path("api/v1/", api.urls), *root.urlpatterns]
