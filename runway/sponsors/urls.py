from django.urls import URLPattern

app_name = "sponsors"

urlpatterns: list[URLPattern] = []
