from django.urls import path

from undersigned.integrations import views

app_name = "integrations"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<str:prefix>/revoke/", views.token_revoke, name="token-revoke"),
    path("letters/<slug:slug>/webhooks/", views.letter_webhooks, name="webhooks"),
]
