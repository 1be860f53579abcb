from django.urls import path

from runway.exits import views

app_name = "exits"
urlpatterns = [
    path("", views.index, name="index"),
    path("rescue/", views.rescue, name="rescue"),
    path("rescue/round/", views.rescue_round, name="rescue_round"),
    path("rescue/listing/", views.rescue_listing, name="rescue_listing"),
    path("listings/", views.listing_list_mine, name="mine"),
    path("listings/new/", views.listing_new, name="listing_new"),
    path("listings/<int:pk>/", views.listing_detail, name="listing"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:pk>/action/", views.listing_action, name="listing_action"),
    path("listings/<int:pk>/confidential/", views.listing_confidential, name="confidential"),
    path("listings/<int:pk>/nda/", views.nda, name="nda"),
    path("listings/<int:pk>/offers/new/", views.offer_new, name="offer_new"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/reject/", views.offer_reject, name="offer_reject"),
    path("browse/", views.browse, name="browse"),
]
