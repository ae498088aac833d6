"""The coordinators' advocacy pages and the public scorecard, through HTTP: paste a sponsor
list and a recorded vote, see them on the board and the scorecard, keep notes private."""

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_letter
from undersigned.advocacy.models import (
    Amendment,
    AskKind,
    AskStatus,
    AskStatusChange,
    Campaign,
    OutreachLog,
    Resolution,
    Sponsorship,
    Status,
    Vote,
)
from undersigned.advocacy.selectors import upcoming_sessions
from undersigned.core.services import coordinator_create

pytestmark = pytest.mark.django_db(transaction=True)

SPONSORS = "Albania, Andorra*, Argentina, Narnia, Belgium*, European Union, Chile"
VOTE = (
    "In favour: Argentina, Belgium, Chile, Costa Rica, Finland, France, Mexico;\n"
    "Against: China, Eritrea;\n"
    "Abstaining: India, Qatar, Freedonia"
)
ASKS = [
    "engage constructively in the negotiations",
    "co-sponsor the resolution",
    "vote against hostile amendments",
    "support its adoption by consensus",
    "meet survivors' organisations",
]


@pytest.fixture
def client():
    user, _ = coordinator_create(username="coord", password="a-long-passphrase-1")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def create_resolution(client, **overrides):
    data = {
        "symbol": "A/HRC/RES/52/4", "adopted_symbol": "", "title": "Human rights defenders",
        "body": "HRC", "session": "52", "tabled_on": "2023-03-30", "acted_on": "2023-04-04",
        "outcome": "pending", "mandate": "Special Rapporteur on human rights defenders",
        "mandate_years": "3", "previous": "", "notes": "",
    }
    data.update(overrides)
    response = client.post("/manage/advocacy/resolutions/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Resolution.objects.get(symbol=data["symbol"])


def paste(client, url, data):
    """Preview, check the preview, then confirm (as the page does)."""
    preview = client.post(url, data)
    assert preview.status_code == 200
    fingerprint = re.search(rb'name="previewed" value="([0-9a-f]+)"', preview.content).group(1)
    done = client.post(url, {**data, "confirm": "1", "previewed": fingerprint.decode()})
    assert done.status_code == 302
    return preview


def create_campaign(client, letter, resolution, *, slug="hrd-2023", published=True):
    page = client.get(f"/manage/advocacy/campaigns/new/?letter={letter.slug}")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ASKS:
        assert text in html.replace("&#x27;", "'")
    data = {"name": "Renew the HRD mandate", "slug": slug, "resolution": resolution.pk,
            "kind_0": AskKind.ENGAGE, "kind_1": AskKind.COSPONSOR,
            "kind_2": AskKind.REJECT_AMENDMENTS, "kind_3": AskKind.CONSENSUS,
            "kind_4": AskKind.OTHER}
    if published:
        data["published"] = "on"
    response = client.post(f"/manage/advocacy/campaigns/new/?letter={letter.slug}", data)
    assert response.status_code == 302
    return Campaign.objects.get(slug=slug)


def test_pages_need_login():
    for path in ("/manage/advocacy/", "/manage/advocacy/resolutions/new/",
                 "/manage/advocacy/calendar/", "/manage/advocacy/compare/",
                 "/manage/advocacy/campaigns/new/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_campaign_pages_need_login(client):
    resolution = create_resolution(client)
    campaign = create_campaign(client, make_letter(asks=ASKS), resolution)
    anonymous = Client()
    for path in (f"/manage/advocacy/campaigns/{campaign.pk}/",
                 f"/manage/advocacy/campaigns/{campaign.pk}/states/FRA/",
                 f"/manage/advocacy/resolutions/{resolution.pk}/sponsors/"):
        response = anonymous.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    response = anonymous.post(f"/manage/advocacy/campaigns/{campaign.pk}/states/FRA/outreach/",
                              {"happened_on": "2023-03-01", "channel": "meeting", "note": "x"})
    assert response.status_code == 302 and not OutreachLog.objects.exists()


def test_sponsor_paste_previews_then_saves_and_never_guesses(client):
    resolution = create_resolution(client)
    url = f"/manage/advocacy/resolutions/{resolution.pk}/sponsors/"
    data = {"text": SPONSORS, "source": "A/HRC/52/L.24", "joined_on": ""}
    preview = client.post(url, data)
    html = preview.content.decode()
    assert "Narnia" in html and "Not recognised" in html
    assert "European Union" in html  # a group, reported apart
    assert not Sponsorship.objects.exists()  # the preview saves nothing
    # A text changed since its preview is previewed again, not saved.
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', html).group(1)
    again = client.post(url, {**data, "text": SPONSORS + ", Chad", "confirm": "1",
                              "previewed": fingerprint})
    assert again.status_code == 200 and not Sponsorship.objects.exists()
    paste(client, url, data)
    codes = set(Sponsorship.objects.values_list("state_code", flat=True))
    assert codes == {"ALB", "AND", "ARG", "BEL", "CHL"}
    assert Sponsorship.objects.get(state_code="AND").marked
    detail = client.get(f"/manage/advocacy/resolutions/{resolution.pk}/").content.decode()
    assert "Andorra" in detail and "5 sponsors" in detail
    assert "HRC 61" in detail  # 52 + 3 years x 3 sessions: the next renewal


def test_vote_and_amendment_paste(client):
    resolution = create_resolution(client)
    amend_url = f"/manage/advocacy/resolutions/{resolution.pk}/amendments/new/"
    preview = paste(client, amend_url, {"symbol": "A/HRC/52/L.41", "text": "China, Eritrea",
                                        "summary": "Deletes paragraph 4", "hostile": "on"})
    assert b"Eritrea" in preview.content
    amendment = Amendment.objects.get(symbol="A/HRC/52/L.41")
    assert amendment.proposers == ["CHN", "ERI"] and amendment.hostile
    vote_url = f"/manage/advocacy/resolutions/{resolution.pk}/vote/"
    amend_vote = "In favour: China, Eritrea, Qatar;\nAgainst: Argentina, France, Chile, Mexico;\n" \
                 "Abstaining: India"
    paste(client, vote_url, {"text": amend_vote, "amendment": amendment.pk,
                             "held_on": "2023-04-04"})
    preview = paste(client, vote_url, {"text": VOTE, "amendment": "", "held_on": "2023-04-04"})
    html = preview.content.decode()
    assert "Freedonia" in html and "Not recognised" in html
    assert Vote.objects.count() == 2
    main = Vote.objects.get(amendment=None)
    assert main.tally() == {"yes": 7, "no": 2, "abstain": 2, "absent": 0}
    resolution.refresh_from_db()
    amendment.refresh_from_db()
    assert resolution.outcome == "adopted_vote" and amendment.outcome == "rejected"


def test_a_state_listed_twice_is_refused(client):
    resolution = create_resolution(client)
    url = f"/manage/advocacy/resolutions/{resolution.pk}/vote/"
    data = {"text": "In favour: France, Chile; Against: France", "amendment": ""}
    preview = client.post(url, data)
    fingerprint = re.search(rb'name="previewed" value="([0-9a-f]+)"', preview.content).group(1)
    response = client.post(url, {**data, "confirm": "1", "previewed": fingerprint.decode()},
                           follow=True)
    assert b"listed under" in response.content
    assert not Vote.objects.exists()


def populate(client):
    letter = make_letter(asks=ASKS)
    resolution = create_resolution(client)
    campaign = create_campaign(client, letter, resolution)
    paste(client, f"/manage/advocacy/resolutions/{resolution.pk}/sponsors/",
          {"text": SPONSORS, "source": "L.24"})
    amendment_url = f"/manage/advocacy/resolutions/{resolution.pk}/amendments/new/"
    paste(client, amendment_url, {"symbol": "A/HRC/52/L.41", "text": "China", "hostile": "on"})
    amendment = Amendment.objects.get()
    paste(client, f"/manage/advocacy/resolutions/{resolution.pk}/vote/",
          {"text": "In favour: China, Qatar;\nAgainst: Argentina, France, Chile;\nAbstaining: India",
           "amendment": amendment.pk, "held_on": "2023-04-04"})
    paste(client, f"/manage/advocacy/resolutions/{resolution.pk}/vote/",
          {"text": VOTE, "amendment": "", "held_on": "2023-04-04"})
    return campaign


def test_pasted_lists_populate_the_board_and_scorecard(client):
    campaign = populate(client)
    cosponsor, amendments = campaign.asks.get(kind="cosponsor"), campaign.asks.get(kind="reject_amend")
    derived = {s.state_code: s.status for s in AskStatus.objects.filter(ask=cosponsor)}
    # The resolution was acted on: sponsors did it, the others did not (derived, not typed).
    assert derived["ARG"] == Status.DONE and derived.get("FRA") in (None, Status.NOT_DONE)
    assert AskStatus.objects.get(ask=amendments, state_code="FRA").status == Status.DONE
    assert AskStatus.objects.get(ask=amendments, state_code="QAT").status == Status.NOT_DONE

    board = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/")
    html = board.content.decode()
    assert board.status_code == 200
    row = re.search(r'<tr data-state="ARG">.*?</tr>', html, re.S).group()
    assert 'data-status="done"' in row and "record" in row
    # A compact matrix: a symbol per cell, its status in words for screen readers, a
    # legend, and each ask's totals; no cell spells "Not asked yet" on the screen.
    assert '<span aria-hidden="true">✓<sup>r</sup></span>' in row
    assert re.search(r'<span class="sr">[^<]*: Done \(from the resolution', row)
    assert 'id="board-legend"' in html and ">Not asked yet</li>" not in html
    assert html.count('<span aria-hidden="true">Not asked yet') == 0
    assert re.search(r'<small class="totals">[^<]*Done: \d+', html)
    # Filters: a group, Council members this year, a status.
    weog = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/?group=WEOG").content.decode()
    assert 'data-state="FRA"' in weog and 'data-state="ARG"' not in weog
    done = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/?status=done").content.decode()
    assert 'data-state="ARG"' in done and 'data-state="NRU"' not in done
    hrc = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/?hrc=1").content.decode()
    assert hrc.count("<tr data-state=") == 47

    page = Client().get(f"/campaigns/{campaign.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    argentina = re.search(r'<tr data-state="ARG">.*?</tr>', html, re.S).group()
    assert "co-sponsor of A/HRC/RES/52/4" in argentina
    assert 'data-state="NRU"' in html  # every state, grouped by region
    # Nauru is not on the Council: the amendment ask does not concern it.
    nauru = re.search(r'<tr data-state="NRU">.*?</tr>', html, re.S).group()
    assert "not concerned" in nauru
    data = json.loads(Client().get(f"/campaigns/{campaign.public_id}/scorecard.json").content)
    arg = next(s for s in data["states"] if s["iso3"] == "ARG")
    assert arg["asks"][1]["status"] == "done" and arg["group"] == "GRULAC"
    assert len(data["states"]) == 195 and len(data["asks"]) == 5
    rows = list(csv.reader(io.StringIO(Client().get(
        f"/campaigns/{campaign.slug}/scorecard.csv").content.decode())))
    assert len(rows) == 196 and rows[0][:3] == ["ISO code", "State", "Regional group"]


def test_a_coordinator_sets_a_status_with_who_and_when(client):
    campaign = populate(client)
    engage = campaign.asks.get(kind="engage")
    url = f"/manage/advocacy/campaigns/{campaign.pk}/states/NOR/asks/{engage.pk}/"
    response = client.post(url, {f"ask{engage.pk}-status": "committed",
                                 f"ask{engage.pk}-evidence": "Statement of 3 March"})
    assert response.status_code == 302
    row = AskStatus.objects.get(ask=engage, state_code="NOR")
    assert row.status == "committed" and row.changed_by == client.user and not row.derived
    assert AskStatusChange.objects.filter(ask_status=row).count() == 1
    page = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/states/NOR/").content.decode()
    assert "coord" in page and "committed" in page
    # A status from the record is not typed again.
    cosponsor = campaign.asks.get(kind="cosponsor")
    url = f"/manage/advocacy/campaigns/{campaign.pk}/states/ARG/asks/{cosponsor.pk}/"
    response = client.post(url, {f"ask{cosponsor.pk}-status": "declined"}, follow=True)
    assert b"comes from the record" in response.content
    assert AskStatus.objects.get(ask=cosponsor, state_code="ARG").status == "done"


def test_scorecard_cache_follows_status_changes(client):
    campaign = populate(client)
    engage = campaign.asks.get(kind="engage")
    before = Client().get(f"/campaigns/{campaign.slug}/").content.decode()
    norway = re.search(r'<tr data-state="NOR">.*?</tr>', before, re.S).group()
    assert "Committed" not in norway
    svg_before = Client().get(f"/campaigns/{campaign.slug}/ask-1.svg").content
    client.post(f"/manage/advocacy/campaigns/{campaign.pk}/states/NOR/asks/{engage.pk}/",
                {f"ask{engage.pk}-status": "committed"})
    after = Client().get(f"/campaigns/{campaign.slug}/").content.decode()
    norway = re.search(r'<tr data-state="NOR">.*?</tr>', after, re.S).group()
    assert "Committed" in norway
    svg_after = Client().get(f"/campaigns/{campaign.slug}/ask-1.svg").content
    assert svg_after != svg_before and b'data-state="NOR" data-status="committed"' in svg_after


def test_scorecard_never_shows_a_private_note(client):
    campaign = populate(client)
    marker = "PRIVATE-MARKER-7f3a9c"
    response = client.post(f"/manage/advocacy/campaigns/{campaign.pk}/states/FRA/outreach/", {
        "happened_on": "2023-03-01", "channel": "meeting", "contact": f"Ambassador {marker}",
        "note": f"They will move if Germany does. {marker}", "next_step": f"Call back {marker}"})
    assert response.status_code == 302
    entry = OutreachLog.objects.get()
    assert entry.author == client.user and entry.next_step.startswith("Call back")
    coordinator_page = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/states/FRA/")
    assert marker in coordinator_page.content.decode()
    public = Client()
    outputs = [public.get(f"/campaigns/{campaign.slug}/"),
               public.get(f"/campaigns/{campaign.slug}/?group=WEOG"),
               public.get(f"/campaigns/{campaign.slug}/scorecard.csv"),
               public.get(f"/campaigns/{campaign.slug}/scorecard.json")]
    outputs += [public.get(f"/campaigns/{campaign.slug}/ask-{n}.svg") for n in range(1, 6)]
    for response in outputs:
        assert response.status_code == 200
        body = response.content.decode()
        assert marker not in body and "Germany does" not in body
        assert "coord" not in body  # nor who typed what
    svg = outputs[-1]
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.startswith(b"<svg") and b"<title" in svg.content


def test_unpublished_or_unknown_campaign_is_not_public(client):
    resolution = create_resolution(client)
    campaign = create_campaign(client, make_letter(asks=ASKS), resolution, published=False)
    for path in (f"/campaigns/{campaign.slug}/", f"/campaigns/{campaign.public_id}/",
                 f"/campaigns/{campaign.slug}/scorecard.json", "/campaigns/nope/",
                 f"/campaigns/{campaign.slug}/ask-1.svg"):
        assert Client().get(path).status_code == 404
    client.post(f"/manage/advocacy/campaigns/{campaign.pk}/edit/", {
        "name": "Renamed", "slug": "hrd", "resolution": resolution.pk, "published": "on",
        "kind_0": "engage", "kind_1": "cosponsor", "kind_2": "reject_amend",
        "kind_3": "consensus", "kind_4": "other"})
    assert Client().get(f"/campaigns/{campaign.public_id}/").status_code == 200
    assert b"Renamed" in Client().get("/campaigns/hrd/").content
    assert Client().get("/campaigns/hrd/ask-9.svg").status_code == 404


def test_compare_two_resolutions_by_group(client):
    earlier = create_resolution(client, symbol="A/HRC/RES/49/18", session="49",
                                tabled_on="2022-03-28", acted_on="2022-04-01")
    later = create_resolution(client, previous=earlier.pk)
    paste(client, f"/manage/advocacy/resolutions/{earlier.pk}/sponsors/",
          {"text": "Albania, Argentina, Mexico, Norway"})
    paste(client, f"/manage/advocacy/resolutions/{later.pk}/sponsors/",
          {"text": "Albania, Argentina, Chile, Norway, Ghana"})
    paste(client, f"/manage/advocacy/resolutions/{earlier.pk}/vote/",
          {"text": "In favour: Argentina, Mexico; Against: China; Abstaining: India"})
    paste(client, f"/manage/advocacy/resolutions/{later.pk}/vote/",
          {"text": "In favour: Argentina, India; Against: China; Abstaining: Mexico"})
    page = client.get(f"/manage/advocacy/compare/?a={earlier.pk}&b={later.pk}").content.decode()
    grulac = re.search(r'<tr data-group="GRULAC">.*?</tr>', page, re.S).group()
    assert re.search(r'class="joined">Chile<', grulac)
    assert re.search(r'class="left">Mexico<', grulac)
    assert "Mexico: In favour → Abstaining" in grulac
    african = re.search(r'<tr data-group="AFRICAN">.*?</tr>', page, re.S).group()
    assert "Ghana" in african
    assert "3 on both, 2 joined, 1 left" in page


def test_renewal_calendar(client):
    due = upcoming_sessions("HRC", timezone.localdate(), 3)[1]
    create_resolution(client, symbol="A/HRC/RES/X/1", session=str(due - 9), tabled_on="",
                      acted_on="", mandate="Special Rapporteur on Ruritania")
    create_resolution(client, symbol="A/HRC/RES/40/1", session="40", tabled_on="",
                      acted_on="", mandate="An old mandate")
    page = client.get("/manage/advocacy/calendar/?sessions=3").content.decode()
    assert "Ruritania" in page and "An old mandate" not in page
    assert f"HRC {due}" in page


def test_every_coordinator_page_renders(client):
    campaign = populate(client)
    resolution = campaign.resolution
    for path in ("/manage/advocacy/", f"/manage/advocacy/resolutions/{resolution.pk}/",
                 f"/manage/advocacy/resolutions/{resolution.pk}/edit/",
                 f"/manage/advocacy/resolutions/{resolution.pk}/sponsors/",
                 f"/manage/advocacy/resolutions/{resolution.pk}/vote/",
                 f"/manage/advocacy/resolutions/{resolution.pk}/amendments/new/",
                 f"/manage/advocacy/campaigns/{campaign.pk}/edit/",
                 f"/manage/advocacy/campaigns/{campaign.pk}/states/ARG/",
                 "/manage/advocacy/campaigns/new/", "/manage/advocacy/compare/",
                 "/manage/advocacy/calendar/?sessions=x"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get(f"/manage/advocacy/campaigns/{campaign.pk}/states/XXX/").status_code == 404
    assert client.get(f"/manage/advocacy/campaigns/{campaign.pk}/states/ar/").status_code == 404
    assert client.get("/manage/advocacy/resolutions/999/").status_code == 404
    state = client.get(f"/manage/advocacy/campaigns/{campaign.pk}/states/ARG/").content.decode()
    assert "from the record" in state and "co-sponsor of A/HRC/RES/52/4" in state
    # Editing the resolution keeps its record and derives again.
    response = client.post(f"/manage/advocacy/resolutions/{resolution.pk}/edit/", {
        "symbol": resolution.symbol, "adopted_symbol": "A/HRC/RES/52/4", "title": "HRDs",
        "body": "HRC", "session": "52", "tabled_on": "2023-03-30", "acted_on": "2023-04-04",
        "outcome": "adopted_vote", "mandate": "SR", "mandate_years": "3", "previous": "",
        "notes": ""})
    assert response.status_code == 302
    assert b"HRDs" in Client().get(f"/campaigns/{campaign.slug}/").content


def test_a_withdrawal_reaches_the_board_and_scorecard(client):
    campaign = populate(client)
    resolution = campaign.resolution
    response = client.post(f"/manage/advocacy/resolutions/{resolution.pk}/withdraw/",
                           {"state": "CHL", "on": "2023-04-03"})
    assert response.status_code == 302
    assert Sponsorship.objects.get(state_code="CHL").withdrawn_on is not None
    cosponsor = campaign.asks.get(kind="cosponsor")
    row = AskStatus.objects.get(ask=cosponsor, state_code="CHL")
    assert row.status == Status.NOT_DONE and row.derived
    page = Client().get(f"/campaigns/{campaign.slug}/").content.decode()
    chile = re.search(r'<tr data-state="CHL">.*?</tr>', page, re.S).group()
    assert "withdrew from A/HRC/RES/52/4 on 2023-04-03" in chile
