from django.urls import path

from runway.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("edit/", views.edit, name="edit"),
    path("new/", views.create, name="create"),
    path("switch/", views.switch, name="switch"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke_view, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path(
        "invitations/<str:token>/sign-out/",
        views.invitation_sign_out,
        name="invitation_sign_out",
    ),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
