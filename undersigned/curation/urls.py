from django.urls import path

from undersigned.curation import views

app_name = "curation"

urlpatterns = [
    path("duplicates/", views.review_queue, name="duplicates"),
    path("duplicates/<slug:slug>/", views.review_queue, name="letter-duplicates"),
    path("merge/", views.merge, name="merge"),
    path("distinct/", views.distinct, name="distinct"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge-undo"),
]
