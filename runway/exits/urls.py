from django.urls import URLPattern

app_name = "exits"

urlpatterns: list[URLPattern] = []
