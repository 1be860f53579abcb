from django.urls import path

from runway.metrics import import_views, views

app_name = "metrics"

urlpatterns = [
    path("", views.traction_mine, name="mine"),
    path("<int:venture_id>/", views.traction_detail, name="traction"),
    path("<int:venture_id>/kpis.csv", views.kpi_download, {"fmt": "csv"}, name="kpis_csv"),
    path("<int:venture_id>/kpis.xlsx", views.kpi_download, {"fmt": "xlsx"}, name="kpis_xlsx"),
    path("<int:venture_id>/figures/new/", views.figures_create, name="figures_create"),
    path("<int:venture_id>/finance/", views.finance_create, name="finance_create"),
    path("<int:venture_id>/imports/new/", import_views.import_create, name="import_create"),
    path("<int:venture_id>/traffic/new/", import_views.traffic_create, name="traffic_create"),
    path("imports/<int:pk>/", import_views.import_detail, name="job"),
    path("imports/<int:pk>/preview/", import_views.import_preview, name="job_preview"),
    path("imports/<int:pk>/discard/", import_views.import_discard, name="job_discard"),
    path("imports/<int:pk>/status/", import_views.import_progress, name="job_status"),
    path("imports/<int:pk>/problems.csv", import_views.import_problems_csv, name="job_problems"),
]
