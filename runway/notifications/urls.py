from django.urls import path

from runway.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_index, name="list"),
    path("read/", views.notification_mark_read, name="mark_read"),
]
