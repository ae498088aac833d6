from django.urls import path

from undersigned.publishing import manage_views, views

app_name = "publishing"

urlpatterns = [
    path("manage/letters/<slug:slug>/publish/", manage_views.publish_confirm,
         name="publish"),
    path("verify/", views.verify, name="verify"),
    path("verify/key.txt", views.verify_key, name="verify-key"),
    path("<slug:slug>/editions/", views.edition_list, name="editions"),
    path("<slug:slug>/edition/<int:number>/<str:lang>/", views.edition_page, name="edition"),
    path("<slug:slug>/edition/<int:number>/<str:lang>/<str:fmt>/", views.edition_download,
         name="download"),
]
