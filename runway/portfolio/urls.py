from django.urls import path

from runway.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.portfolio_list, name="list"),
    path("alerts/", views.alert_list, name="alerts"),
    path("digest/", views.digest_settings, name="digest"),
    path("<int:pk>/", views.holding_detail, name="detail"),
]
