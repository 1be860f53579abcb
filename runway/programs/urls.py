from django.urls import path

from runway.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("dashboard/", views.government_dashboard, name="dashboard"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/register/", views.program_register, name="register"),
    path("<int:pk>/apply/", views.program_apply, name="apply"),
    path(
        "applications/<int:pk>/approve/",
        views.application_decide,
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        views.application_decide,
        {"decision": "reject"},
        name="reject",
    ),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
]
