from django.urls import path

app_name = "orgs"
urlpatterns: list = []
