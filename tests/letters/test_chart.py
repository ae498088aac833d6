"""The letter page's chart of sign-ons per day: drawn by the server as SVG, with a legend
and a table saying the same, counting by the day they came in and their status now."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_letter, signon
from undersigned.core.services import coordinator_create
from undersigned.letters import charts, selectors, services
from undersigned.letters.models import Signature

pytestmark = pytest.mark.django_db


def test_counts_by_day_and_status_with_empty_days_between():
    letter = make_letter()
    now = timezone.now()
    for days_ago, name in ((3, "Early One"), (3, "Early Two"), (0, "Late One")):
        services.signature_submit(letter=letter, lang="en", data=signon(name=name),
                                  verified=True)
        Signature.objects.filter(name=name).update(created_at=now - dt.timedelta(days=days_ago))
    services.signature_approve(signature=Signature.objects.get(name="Early One"), actor=None)
    days = selectors.signons_per_day(letter)
    assert len(days) == 4 and days[1][1] == {} and days[2][1] == {}
    assert days[0][1] == {"approved": 1, "confirmed": 1}
    assert days[-1][1] == {"confirmed": 1}


def test_geometry_stacks_each_day_and_a_long_campaign_goes_weekly():
    start = dt.date(2026, 1, 5)
    days = [(start + dt.timedelta(days=i), {"approved": i % 3, "pending": 1})
            for i in range(10)]
    c = charts.chart(days, labels={"approved": "Approved", "pending": "Pending"})
    assert len(c.bars) == 10 and not c.weekly and c.peak == 3
    top = c.bars[2]  # 2 approved + 1 pending: the full height
    assert [s["state"] for s in top.segments] == ["approved", "pending"]
    assert round(sum(s["h"] for s in top.segments)) == charts.HEIGHT - charts.BOTTOM - charts.TOP
    long = [(start + dt.timedelta(days=i), {"approved": 1}) for i in range(200)]
    weekly = charts.chart(long, labels={})
    assert weekly.weekly and len(weekly.bars) == 29 and weekly.bars[1].total == 7
    assert charts.chart([], labels={}) is None


def test_the_letter_page_shows_the_chart_with_legend_and_table():
    user, _ = coordinator_create(username="chart", password="a-long-passphrase-3")
    client = Client()
    client.force_login(user)
    letter = make_letter()
    assert "<svg" not in client.get(f"/manage/letters/{letter.slug}/").content.decode()
    for i in range(3):
        services.signature_submit(letter=letter, lang="en", data=signon(name=f"Chart {i}"))
    page = client.get(f"/manage/letters/{letter.slug}/").content.decode()
    svg = re.search(r"<svg viewBox[\s\S]*?</svg>", page).group(0)
    assert 'role="img"' in svg and "<script" not in svg and "style=" not in svg
    assert svg.count("<rect") == 1  # one day, one status
    assert "Pending email confirmation 3" in svg
    assert "Sign-ons per day, by status now" in page
    table = page[page.index("The same as a table"):]
    assert re.search(r"<td>3</td>", table)
