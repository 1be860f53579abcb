from django.urls import path

from runway.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory_list, name="list"),
    # Two segments, so no organization slug can ever shadow it.
    path("mine/settings/", views.profile_settings_edit, name="settings"),
    path("<slug:slug>/", views.profile_detail, name="profile"),
    path("<slug:slug>/teaser.pdf", views.profile_teaser, name="teaser"),
]
