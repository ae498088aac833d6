from django.urls import path

from undersigned.letters import manage_views, views

app_name = "letters"

urlpatterns = [
    path("", views.home, name="home"),
    path("manage/", manage_views.manage_home, name="manage-home"),
    path("manage/letters/new/", manage_views.letter_new, name="manage-letter-new"),
    path("manage/preview/", manage_views.markdown_preview, name="manage-preview"),
    path("manage/letters/<slug:slug>/", manage_views.letter_detail, name="manage-letter"),
    path("manage/letters/<slug:slug>/status/<str:action>/", manage_views.letter_status,
         name="manage-letter-status"),
    path("manage/letters/<slug:slug>/text/<str:lang>/", manage_views.translation_edit,
         name="manage-translation"),
    path("manage/letters/<slug:slug>/names/<str:lang>/", manage_views.organization_names,
         name="manage-names"),
    path("manage/letters/<slug:slug>/roles/", manage_views.letter_roles, name="manage-roles"),
    path("manage/letters/<slug:slug>/partners/", manage_views.letter_partners,
         name="manage-partners"),
    path("manage/letters/<slug:slug>/partners/<slug:code>/", manage_views.partner_detail,
         name="manage-partner"),
    path("manage/letters/<slug:slug>/audit/", manage_views.letter_audit, name="manage-audit"),
    path("manage/letters/<slug:slug>/signatures/", manage_views.signature_list,
         name="manage-signatures"),
    path("manage/letters/<slug:slug>/signatures/bulk/", manage_views.signature_bulk,
         name="manage-signatures-bulk"),
    path("manage/signatures/<uuid:public_id>/", manage_views.signature_detail,
         name="manage-signature"),
    path("manage/signatures/<uuid:public_id>/<str:action>/", manage_views.signature_action,
         name="manage-signature-action"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("<slug:slug>/badge.svg", views.badge, name="badge"),
    path("<slug:slug>/embed/", views.embed_pick_language, name="embed-pick"),
    path("<slug:slug>/", views.letter_pick_language, name="letter"),
    path("<slug:slug>/<str:lang>/", views.letter_page, name="letter-lang"),
    path("<slug:slug>/<str:lang>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/<str:lang>/suggest/", views.suggest, name="suggest"),
    path("<slug:slug>/<str:lang>/embed/", views.embed, name="embed"),
    path("<slug:slug>/<str:lang>/embed/thanks/", views.embed_thanks, name="embed-thanks"),
]
