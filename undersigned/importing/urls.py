from django.urls import path

from undersigned.importing import views

app_name = "importing"

urlpatterns = [
    path("letter/", views.import_letter, name="letter"),
    path("letters/<slug:slug>/signons/", views.import_signons, name="signons"),
    path("letters/<slug:slug>/signons/done/<str:record>", views.import_done, name="done"),
    path("letters/<slug:slug>/signons/outcomes/<str:record>", views.import_outcomes,
         name="outcomes"),
]
