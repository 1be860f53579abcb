from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from runway.api.urls import api

urlpatterns = [
    path("", include("runway.dashboard.urls")),
    path("accounts/", include("runway.accounts.urls")),
    path("organizations/", include("runway.orgs.urls")),
    path("ventures/", include("runway.ventures.urls")),
    path("mandates/", include("runway.investors.urls")),
    path("traction/", include("runway.metrics.urls")),
    path("passports/", include("runway.passports.urls")),
    path("programs/", include("runway.programs.urls")),
    path("capital/", include("runway.matching.urls")),
    path("notifications/", include("runway.notifications.urls")),
    path("deals/", include("runway.deals.urls")),
    path("directory/", include("runway.directory.urls")),
    path("portfolio/", include("runway.portfolio.urls")),
    path("exits/", include("runway.exits.urls")),
    path("events/", include("runway.events.urls")),
    path("sponsors/", include("runway.sponsors.urls")),
    path("settings/api/", include("runway.api.web_urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
