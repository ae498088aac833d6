import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from undersigned.accounts.views import ThrottledLoginView
from undersigned.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", api.urls),
    path("account/", include("undersigned.accounts.urls")),
    path("manage/registry/", include("undersigned.curation.urls")),
    path("manage/integrations/", include("undersigned.integrations.urls")),
    path("manage/import/", include("undersigned.importing.urls")),
    path("manage/advocacy/", include("undersigned.advocacy.urls_manage")),
    path("manage/delivery/", include("undersigned.delivery.urls")),
    path("campaigns/", include("undersigned.advocacy.urls_public")),
    path("", include("undersigned.publishing.urls")),
    path("", include("undersigned.letters.urls")),
]

if os.environ.get("UNDERSIGNED_BENCH") == "1":  # the benchmark's floor endpoint, never by default
    from undersigned.core.bench_views import floor

    urlpatterns.insert(0, path("_bench/floor/", floor))
