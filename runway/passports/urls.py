from django.urls import path

from runway.passports import views

app_name = "passports"

urlpatterns = [
    path("public-key.pem", views.public_key, name="public_key"),
    path("verify/", views.verify, name="verify"),
    path("s/<str:token>/", views.share, name="share"),
    path("s/<str:token>/passport.json", views.share_download, name="share_download"),
    path("venture/<int:venture_id>/", views.passport_list_view, name="list"),
    path("<uuid:passport_id>/", views.passport_detail, name="detail"),
    path("<uuid:passport_id>/passport.json", views.passport_download, name="download"),
    path("<uuid:passport_id>/revoke/", views.passport_revoke_view, name="revoke"),
]
