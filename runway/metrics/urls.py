from django.urls import path

from runway.metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.traction_mine, name="mine"),
    path("<int:venture_id>/", views.traction_detail, name="traction"),
    path("<int:venture_id>/kpis.csv", views.kpi_download, {"fmt": "csv"}, name="kpis_csv"),
    path("<int:venture_id>/kpis.xlsx", views.kpi_download, {"fmt": "xlsx"}, name="kpis_xlsx"),
    path("<int:venture_id>/imports/new/", views.import_create, name="import_create"),
    path("imports/<int:pk>/", views.import_detail, name="job"),
    path("imports/<int:pk>/status/", views.import_progress, name="job_status"),
    path("imports/<int:pk>/problems.csv", views.import_problems_csv, name="job_problems"),
]
