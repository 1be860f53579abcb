from django.urls import path

from runway.ventures import views

app_name = "ventures"
urlpatterns = [
    path("", views.venture_list, name="list"),
    path("mine/", views.venture_mine, name="mine"),
    path("new/", views.venture_create, name="create"),
    path("<int:pk>/", views.venture_detail, name="detail"),
    path("<int:pk>/edit/", views.venture_edit, name="edit"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/status/", views.round_status, name="round_status"),
]
