from django.urls import path

from runway.sponsors import views

app_name = "sponsors"
urlpatterns = [
    path("", views.home, name="home"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/accept/", views.decide, {"decision": "accept"}, name="accept"),
    path("<int:pk>/decline/", views.decide, {"decision": "decline"}, name="decline"),
    path("<int:pk>/end/", views.end, name="end"),
]
