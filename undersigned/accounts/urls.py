from django.urls import path

from undersigned.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_home, name="home"),
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("2fa/setup/", views.twofactor_setup, name="2fa-setup"),
    path("2fa/verify/", views.twofactor_verify, name="2fa-verify"),
    path("2fa/recovery-codes/", views.recovery_codes_new, name="recovery-codes-new"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:session_id>/end/", views.session_end, name="session-end"),
    path("sessions/end-others/", views.session_end_others, name="sessions-end-others"),
]
