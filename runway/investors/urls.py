from django.urls import path

app_name = "investors"
urlpatterns: list = []
