"""The site's URLs plus the commitments router on an API of its own, at /api/commitments-test/.

The lead mounts `runway.deals.commitments_api.router` on the platform's API at `/commitments`;
until then, and after, these tests reach it here, through the same authentication and error
handling as /api/v1/.
"""

from __future__ import annotations

from django.urls import path

from runway.api import errors
from runway.api.auth import SessionActorAuth, TokenAuth
from runway.deals.commitments_api import router
from runway.urls import urlpatterns as site_urlpatterns

api = errors.RunwayAPI(
    title="Runway API: commitments (tests)",
    version="test",
    urls_namespace="commitments_test",
    auth=[TokenAuth(), SessionActorAuth()],
)
errors.install(api)
api.add_router("/commitments", router)

urlpatterns = [path("api/commitments-test/", api.urls), *site_urlpatterns]
