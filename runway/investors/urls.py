from django.urls import path

from runway.investors import views

app_name = "investors"
urlpatterns = [
    path("", views.mandate_list, name="mandate_list"),
    path("new/", views.mandate_create, name="mandate_create"),
    path("<int:pk>/", views.mandate_detail, name="mandate_detail"),
    path("<int:pk>/edit/", views.mandate_edit, name="mandate_edit"),
    path("grids/", views.grid_list, name="grid_list"),
    path("grids/new/", views.grid_create, name="grid_create"),
    path("grids/<int:pk>/", views.grid_edit, name="grid_edit"),
    path("qualification/", views.qualification, name="qualification"),
]
