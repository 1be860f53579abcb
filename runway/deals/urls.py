from django.urls import path

from runway.deals.views import commitments, data_room, deals, files, term_sheets

app_name = "deals"
urlpatterns = [
    path("", deals.deal_list, name="list"),
    path("<int:pk>/", deals.deal_detail, name="detail"),
    path("<int:pk>/move/", deals.deal_move, name="move"),
    path("<int:pk>/messages/", deals.message_post, name="message_post"),
    path("<int:pk>/nda/", deals.nda, name="nda"),
    path("<int:pk>/term-sheets/new/", term_sheets.term_sheet_new, name="term_sheet_new"),
    path(
        "term-sheets/<int:pk>/accept/",
        term_sheets.term_sheet_decision,
        {"decision": "accept"},
        name="term_sheet_accept",
    ),
    path(
        "term-sheets/<int:pk>/reject/",
        term_sheets.term_sheet_decision,
        {"decision": "reject"},
        name="term_sheet_reject",
    ),
    path("term-sheets/<int:pk>/pdf/", term_sheets.term_sheet_document, name="term_sheet_pdf"),
    path("<int:pk>/commit/", commitments.commit, name="commit"),
    path(
        "commitments/<int:pk>/withdraw/",
        commitments.commitment_withdraw_view,
        name="commitment_withdraw",
    ),
    path("rounds/<int:round_id>/close/", commitments.round_close_view, name="round_close"),
    path(
        "rounds/<int:round_id>/co-investment/",
        commitments.coinvestment_request_view,
        name="coinvestment_request",
    ),
    path("rounds/<int:round_id>/pro-rata/", commitments.pro_rata_start_view, name="pro_rata"),
    path("start/round/<int:round_id>/", deals.start_from_round, name="start_round"),
    path("start/match/<int:match_id>/", deals.start_from_match, name="start_match"),
    path("data-room/", data_room.data_room, name="data_room"),
    path("data-room/upload/", data_room.document_upload, name="document_upload"),
    path(
        "data-room/documents/<int:pk>/confidentiality/",
        data_room.document_confidentiality,
        name="document_confidentiality",
    ),
    path(
        "data-room/documents/<int:pk>/replace/",
        data_room.document_replace,
        name="document_replace",
    ),
    path("data-room/documents/<int:pk>/delete/", data_room.document_delete, name="document_delete"),
    path("data-room/grants/", data_room.grant_create, name="grant_create"),
    path("data-room/grants/<int:pk>/revoke/", data_room.grant_revoke, name="grant_revoke"),
    path("data-room/analytics.csv", data_room.analytics_csv, name="analytics_csv"),
    path("documents/<int:pk>/view/", files.document_view, name="document_view"),
    path("documents/<int:pk>/download/", files.document_download, name="document_download"),
]
