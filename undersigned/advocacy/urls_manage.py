from django.urls import path

from undersigned.advocacy import views_manage as v

app_name = "advocacy-manage"

urlpatterns = [
    path("", v.home, name="home"),
    path("resolutions/new/", v.resolution_new, name="resolution-new"),
    path("resolutions/<int:pk>/", v.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/edit/", v.resolution_edit, name="resolution-edit"),
    path("resolutions/<int:pk>/sponsors/", v.sponsors_import, name="sponsors"),
    path("resolutions/<int:pk>/vote/", v.vote_import, name="vote"),
    path("resolutions/<int:pk>/withdraw/", v.sponsor_withdraw, name="withdraw"),
    path("resolutions/<int:pk>/amendments/new/", v.amendment_new, name="amendment-new"),
    path("compare/", v.compare, name="compare"),
    path("calendar/", v.calendar, name="calendar"),
    path("campaigns/new/", v.campaign_new, name="campaign-new"),
    path("campaigns/<int:pk>/", v.board, name="board"),
    path("campaigns/<int:pk>/edit/", v.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/states/<str:code>/", v.state_detail, name="state"),
    path("campaigns/<int:pk>/states/<str:code>/asks/<int:ask_id>/", v.status_set,
         name="status"),
    path("campaigns/<int:pk>/states/<str:code>/outreach/", v.outreach_add, name="outreach"),
]
