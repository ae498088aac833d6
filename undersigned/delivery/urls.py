from django.urls import path

from undersigned.delivery import views

app_name = "delivery"

urlpatterns = [
    path("recipients/", views.directory, name="directory"),
    path("recipients/import/", views.directory_import, name="import"),
    path("recipients/<str:code>/", views.recipient_edit, name="recipient"),
    path("letters/<slug:slug>/", views.letter_deliveries, name="letter"),
    path("letters/<slug:slug>/new/", views.delivery_new, name="new"),
    path("<uuid:public_id>/", views.delivery_detail, name="detail"),
    path("<uuid:public_id>/inbound/", views.delivery_inbound, name="inbound"),
]
