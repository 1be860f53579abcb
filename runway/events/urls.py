from django.urls import path

from runway.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/status/", views.event_status, name="status"),
    path("<int:pk>/manage/", views.event_manage, name="manage"),
    path("<int:pk>/apply/", views.event_apply, name="apply"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/intros/", views.event_intros, name="intros"),
    path("<int:pk>/calendar.ics", views.event_calendar_file, name="calendar"),
    path("applications/<int:pk>/decide/", views.application_decide, name="decide"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/slot/", views.slot_schedule, name="schedule"),
    path("slots/<int:pk>/remove/", views.slot_remove, name="slot_remove"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="cancel_registration"),
]
