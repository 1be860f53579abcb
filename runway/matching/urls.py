from django.urls import path

from runway.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.capital, name="capital"),
    path("matches/", views.investor_matches, name="investor_matches"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
]
