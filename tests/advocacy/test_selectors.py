"""Services and selectors behind the advocacy pages, without HTTP."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_letter
from undersigned.advocacy import public, selectors, services
from undersigned.advocacy.models import AskKind, AskStatus, Campaign, Resolution, Status
from undersigned.advocacy.reference import all_states

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution():
    return Resolution.objects.create(
        symbol="A/HRC/RES/52/4", title="Human rights defenders", body="HRC", session="52",
        tabled_on=dt.date(2023, 3, 30), acted_on=dt.date(2023, 4, 4),
        mandate="Special Rapporteur on human rights defenders", mandate_years=3)


@pytest.fixture
def campaign(resolution):
    return services.campaign_create(
        name="HRD", slug="hrd", letter=make_letter(), resolution=resolution, published=True,
        asks=[("engage", AskKind.ENGAGE), ("co-sponsor", AskKind.COSPONSOR),
              ("reject amendments", AskKind.REJECT_AMENDMENTS)])


@pytest.fixture
def user():
    return get_user_model().objects.create_user("coordinator")


# --- sessions and mandates ------------------------------------------------------------


@pytest.mark.parametrize("number, expected", [
    (58, (2025, 2, 4)), (59, (2025, 6, 7)), (60, (2025, 9, 10)), (52, (2023, 2, 4)),
    (64, (2027, 2, 4)),
])
def test_hrc_session_months(number, expected):
    assert selectors.hrc_session_months(number) == expected


def test_upcoming_sessions():
    assert selectors.upcoming_sessions("HRC", dt.date(2026, 11, 27), 3) == [64, 65, 66]
    assert selectors.upcoming_sessions("HRC", dt.date(2026, 3, 1), 2) == [61, 62]
    assert selectors.upcoming_sessions("HRC", dt.date(2026, 5, 1), 1) == [62]
    assert selectors.upcoming_sessions("GA", dt.date(2026, 11, 27), 2) == [81, 82]


def test_next_renewal(resolution):
    due = selectors.next_renewal(resolution)
    assert due["session"] == 61 and due["year"] == 2026 and "HRC 61" in due["label"]
    ga = Resolution(symbol="A/RES/78/1", body="GA3", session="78th", mandate="x", mandate_years=2)
    assert selectors.next_renewal(ga)["session"] == 80
    assert selectors.next_renewal(Resolution(symbol="y", session="52")) is None


def test_renewal_calendar_leaves_out_renewed_mandates(resolution):
    later = Resolution.objects.create(symbol="A/HRC/RES/61/1", title="t", body="HRC",
                                      session="61", mandate="SR", mandate_years=3,
                                      previous=resolution)
    rows = selectors.renewal_calendar(dt.date(2026, 1, 10), sessions=3)
    assert [r["resolution"] for r in rows] == []  # 52 was renewed by 61; 61 is due at 70
    rows = selectors.renewal_calendar(dt.date(2028, 11, 1), sessions=3)
    assert [r["resolution"] for r in rows] == [later]


# --- comparing -------------------------------------------------------------------------


def test_compare(resolution):
    later = Resolution.objects.create(symbol="L", title="t", session="55", previous=resolution)
    services.sponsors_import(resolution, "Albania, Mexico, Norway")
    services.sponsors_import(later, "Albania, Chile, Norway")
    services.vote_import(resolution, "In favour: Mexico; Against: China")
    services.vote_import(later, "In favour: China; Abstaining: Mexico")
    result = selectors.resolutions_compare(resolution, later)
    assert result["totals"] == {"a": 3, "b": 3, "both": 2, "joined": 1, "left": 1}
    grulac = next(g for g in result["groups"] if g["code"] == "GRULAC")
    assert grulac["joined"] == ["Chile"] and grulac["left"] == ["Mexico"]
    apg = next(g for g in result["groups"] if g["code"] == "APG")
    assert apg["vote_changes"] == [{"name": "China", "before": "Against", "after": "In favour"}]


# --- services -------------------------------------------------------------------------------


def test_guess_ask_kind():
    assert services.guess_ask_kind("Co-sponsor the resolution") == AskKind.COSPONSOR
    assert services.guess_ask_kind("engage constructively in negotiations") == AskKind.ENGAGE
    assert services.guess_ask_kind("Vote against any hostile amendment") == \
        AskKind.REJECT_AMENDMENTS
    assert services.guess_ask_kind("support adoption by consensus") == AskKind.CONSENSUS
    assert services.guess_ask_kind("meet survivors") == AskKind.OTHER


def test_campaign_create_derives_at_once(resolution):
    services.sponsors_import(resolution, "Albania, Chile")
    campaign = services.campaign_create(
        name="C", slug="", letter=None, resolution=resolution,
        asks=[("co-sponsor", AskKind.COSPONSOR)])
    assert campaign.slug is None and campaign.public_key == str(campaign.public_id)
    assert {s.state_code for s in AskStatus.objects.filter(derived=True)} == {"ALB", "CHL"}
    with pytest.raises(services.AdvocacyError):
        services.campaign_create(name="D", slug=None, letter=None, resolution=None,
                                 asks=[("x", "bogus")])
    assert Campaign.objects.count() == 1  # the failed one was rolled back


def test_imports_bump_the_revision_and_follow_the_record(campaign, resolution):
    before = Campaign.objects.get(pk=campaign.pk).revision
    services.sponsors_import(resolution, "Chile")
    campaign.refresh_from_db()
    assert campaign.revision > before
    cosponsor = campaign.asks.get(kind=AskKind.COSPONSOR)
    row = AskStatus.objects.get(ask=cosponsor, state_code="CHL")
    assert row.derived and row.status == Status.DONE


def test_status_record_keeps_who_and_refuses_derived(campaign, resolution, user):
    engage = campaign.asks.get(kind=AskKind.ENGAGE)
    row = services.status_record(engage, "KEN", Status.COMMITTED, by=user, evidence=" said so ")
    assert row.changed_by == user and row.evidence == "said so" and not row.derived
    services.sponsors_import(resolution, "Kenya")
    cosponsor = campaign.asks.get(kind=AskKind.COSPONSOR)
    with pytest.raises(services.AdvocacyError, match="record"):
        services.status_record(cosponsor, "KEN", Status.DECLINED, by=user)


def test_changing_an_ask_kind_clears_its_derived_statuses(campaign, resolution):
    services.sponsors_import(resolution, "Kenya")
    cosponsor = campaign.asks.get(kind=AskKind.COSPONSOR)
    assert cosponsor.statuses.filter(derived=True).exists()
    kinds = {a.pk: a.kind for a in campaign.asks.all()} | {cosponsor.pk: AskKind.OTHER}
    services.campaign_update(campaign, name="HRD", slug="hrd", resolution=resolution,
                             published=True, kinds=kinds)
    assert not cosponsor.statuses.exists()


def test_outreach_add_refuses_an_ask_of_another_campaign(campaign, resolution, user):
    other = services.campaign_create(name="O", slug="o", letter=None, resolution=resolution,
                                     asks=[("engage", AskKind.ENGAGE)])
    with pytest.raises(services.AdvocacyError):
        services.outreach_add(campaign, "KEN", happened_on=dt.date(2023, 3, 1),
                              channel="call", note="n", ask=other.asks.get(), by=user)
    revision = Campaign.objects.get(pk=campaign.pk).revision
    services.outreach_add(campaign, "KEN", happened_on=dt.date(2023, 3, 1), channel="call",
                          note="n", by=user)
    assert Campaign.objects.get(pk=campaign.pk).revision == revision  # not public


# --- board and scorecard -------------------------------------------------------------------


def test_board_filters_and_query_count(campaign, resolution, user):
    services.sponsors_import(resolution, "Kenya, Chile")
    services.status_record(campaign.asks.get(kind=AskKind.ENGAGE), "NOR", Status.DECLINED,
                           by=user)
    today = dt.date(2023, 6, 1)
    with CaptureQueriesContext(connection) as queries:
        data = selectors.board(campaign, today=today)
    assert len(queries) <= 3
    assert data["count"] == 195
    assert selectors.board(campaign, group="EEG", today=today)["count"] == 23
    assert selectors.board(campaign, hrc_only=True, today=today)["count"] == 47
    declined = selectors.board(campaign, status=Status.DECLINED, today=today)
    assert [r["state"].iso3 for g in declined["groups"] for r in g["rows"]] == ["NOR"]
    kenya = next(r for g in data["groups"] for r in g["rows"] if r["state"].iso3 == "KEN")
    assert kenya["cells"][1]["derived"] and kenya["cells"][1]["status"] == Status.DONE
    norway = next(r for g in data["groups"] for r in g["rows"] if r["state"].iso3 == "NOR")
    assert norway["cells"][0]["changed_by"] == user
    assert not norway["cells"][2]["in_universe"]  # not on the Council in 2023


def test_scorecard_document_is_public_data_only(campaign, user):
    services.status_record(campaign.asks.get(kind=AskKind.ENGAGE), "NOR", Status.COMMITTED,
                           by=user, evidence="=HYPERLINK(\"x\")")
    services.outreach_add(campaign, "NOR", happened_on=dt.date(2023, 3, 1), channel="call",
                          note="SECRET-NOTE", next_step="SECRET-STEP", by=user)
    with CaptureQueriesContext(connection) as queries:
        doc = selectors.scorecard_document(campaign, "fr")
    assert len(queries) <= 6
    dumped = json.dumps(doc, default=str)
    assert "SECRET" not in dumped and "coordinator" not in dumped
    assert sum(len(g["states"]) for g in doc["groups"]) == len(all_states())
    norway = next(s for g in doc["groups"] for s in g["states"] if s["iso3"] == "NOR")
    assert norway["name"] == "Norvège" and norway["cells"][0]["status"] == "committed"
    # A spreadsheet never runs a formula typed as evidence.
    csv_text = public.scorecard_csv(campaign, "en")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def test_public_campaign_only_when_published(campaign):
    assert selectors.public_campaign("hrd") == campaign
    assert selectors.public_campaign(str(campaign.public_id)) == campaign
    Campaign.objects.filter(pk=campaign.pk).update(published=False)
    assert selectors.public_campaign("hrd") is None
    assert selectors.campaign_lookup("hrd") == campaign
    assert selectors.public_campaign("not-a-campaign") is None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_status_colours_meet_wcag_aa():
    """The page's stylesheet pairs each status fill with the text colour of scorecard.py,
    and every pair (tiles, legend swatches, table cells) reaches 4.5:1."""
    import re
    from pathlib import Path

    from undersigned.advocacy.scorecard import STYLES

    css = (Path(services.__file__).parent / "static/advocacy/advocacy.css").read_text()
    for key, style in STYLES.items():
        rule = re.search(rf"\.st-{key} {{ background: (#\w+); color: (#\w+); }}", css)
        assert rule, key
        assert (rule.group(1).upper(), rule.group(2).upper()) == (style.fill, style.text)
        assert contrast(style.fill, style.text) >= 4.5, (key, contrast(style.fill, style.text))
    # Legend labels and table text: dark on white.
    assert contrast("#1A1A1A", "#FFFFFF") >= 4.5 and contrast("#333333", "#F4F4F4") >= 4.5
    assert contrast("#595959", "#F4F4F4") >= 4.5  # "not concerned"
