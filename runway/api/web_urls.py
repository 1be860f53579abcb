from django.urls import path

app_name = "api_tokens"
urlpatterns: list = []
