"""The one NinjaAPI instance, mounted at /api/v1/ by runway/urls.py."""

from __future__ import annotations

from runway.api import errors
from runway.api.auth import ApiRateThrottle, SessionActorAuth, TokenAuth
from runway.api.taxonomy import router as taxonomy_router
from runway.deals.api import router as deals_router
from runway.deals.commitments_api import router as commitments_router
from runway.directory.api import router as directory_router
from runway.events.api import router as events_router
from runway.exits.api import router as exits_router
from runway.investors.api import router as mandates_router
from runway.matching.api import router as capital_router
from runway.metrics.api import router as metrics_router
from runway.orgs.api import router as organizations_router
from runway.portfolio.api import router as portfolio_router
from runway.programs.api import applications_router as program_applications_router
from runway.programs.api import router as programs_router
from runway.sponsors.api import router as sponsors_router
from runway.ventures.api import rounds_router
from runway.ventures.api import router as ventures_router

DESCRIPTION = """
Runway's JSON API, for organizations that work with their data from their own systems.

**Authentication.** Send an organization API token, created by an admin or owner at
*Settings > API tokens*: `Authorization: Bearer rw_<prefix>_<secret>`. The token acts for its
organization with the role it was given. A person signed in to the site may also call the API
from the browser, acting for their current organization; unsafe methods then need the
`X-CSRFToken` header.

**Permissions.** The same rules as the pages. Anything the caller may not see answers
`404 {"detail": "Not found"}`, exactly as if it did not exist. Writing needs the member role or
above in the organization that owns the object; viewer tokens and viewers get 404 on every
write as well.

**Values.** Taxonomy terms by code (`"sectors": ["flowers-gifts"]`, `"instrument": "equity"`;
see `GET /taxonomy`); money as decimal strings (`"3000000.00"`) next to a `currency`; dates and
times in ISO 8601.

**Errors.** Invalid input answers 422 with
`{"detail": [{"loc": ["body", "<field>"], "msg": "...", "type": "..."}]}`; too many requests
answer 429 with a `Retry-After` header. Lists are paginated with `page` and `page_size`.
""".strip()

api = errors.RunwayAPI(
    title="Runway API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionActorAuth()],
    throttle=[ApiRateThrottle()],
)
errors.install(api)
api.add_router("/organizations", organizations_router)
api.add_router("/ventures", ventures_router)
api.add_router("/rounds", rounds_router)
api.add_router("/mandates", mandates_router)
api.add_router("/taxonomy", taxonomy_router)
api.add_router("/metrics", metrics_router)
api.add_router("/programs", programs_router)
api.add_router("/capital", capital_router)
api.add_router("/deals", deals_router)
api.add_router("/commitments", commitments_router)
api.add_router("/directory", directory_router)
api.add_router("/portfolio", portfolio_router)
api.add_router("/exits", exits_router)
api.add_router("/events", events_router)
api.add_router("/sponsors", sponsors_router)
api.add_router("/program-applications", program_applications_router)
