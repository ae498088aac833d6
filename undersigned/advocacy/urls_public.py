from django.urls import path

from undersigned.advocacy import views_public as v

app_name = "advocacy"

urlpatterns = [
    path("<str:key>/", v.scorecard, name="scorecard"),
    path("<str:key>/scorecard.csv", v.scorecard_csv, name="scorecard-csv"),
    path("<str:key>/scorecard.json", v.scorecard_json, name="scorecard-json"),
    path("<str:key>/ask-<int:number>.svg", v.scorecard_svg, name="scorecard-svg"),
]
