from django.urls import path

app_name = "ventures"
urlpatterns: list = []
