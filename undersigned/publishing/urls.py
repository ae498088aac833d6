from django.urls import path

from undersigned.publishing import views

app_name = "publishing"

urlpatterns = [
    path("<slug:slug>/editions/", views.edition_list, name="editions"),
    path("<slug:slug>/edition/<int:number>/<str:lang>/", views.edition_page, name="edition"),
    path("<slug:slug>/edition/<int:number>/<str:lang>/<str:fmt>/", views.edition_download,
         name="download"),
]
