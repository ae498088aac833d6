import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from undersigned.advocacy import services
from undersigned.advocacy.models import (
    Amendment,
    Ask,
    AskKind,
    AskStatus,
    Campaign,
    Outcome,
    OutreachLog,
    Resolution,
    Sponsorship,
    Status,
    VoteCast,
)
from undersigned.advocacy.scorecard import render_scorecard
from undersigned.letters.models import Letter

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 4, 3)


@pytest.fixture
def resolution():
    return Resolution.objects.create(
        symbol="A/HRC/58/L.12",
        title="Human rights defenders",
        body="HRC",
        session="58",
        tabled_on=dt.date(2025, 3, 20),
        mandate="Special Rapporteur on the situation of human rights defenders",
        mandate_years=3,
    )


@pytest.fixture
def campaign(resolution):
    letter = Letter.objects.create(slug="hrd-mandate")
    return Campaign.objects.create(
        name="Renew the HRD mandate", letter=letter, resolution=resolution
    )


@pytest.fixture
def user():
    return get_user_model().objects.create_user("coordinator")  # unusable password: no hashing cost


def statuses(ask):
    return {s.state_code: s.status for s in AskStatus.objects.filter(ask=ask)}


# --- models ---------------------------------------------------------------------


def test_state_field_validates_codes(resolution):
    sp = Sponsorship(resolution=resolution, state_code="FRA")
    sp.full_clean()
    assert sp.state.name == "France"
    for bad in ("FR", "XXX", "fra"):
        with pytest.raises(ValidationError):
            Sponsorship(resolution=resolution, state_code=bad).full_clean()


def test_one_sponsorship_per_state(resolution):
    Sponsorship.objects.create(resolution=resolution, state_code="FRA")
    with pytest.raises(IntegrityError):
        Sponsorship.objects.create(resolution=resolution, state_code="FRA")


def test_amendment_proposers_are_checked(resolution):
    a = Amendment(resolution=resolution, symbol="A/HRC/58/L.40", proposers=["RUS", "XXX"])
    with pytest.raises(ValidationError):
        a.full_clean()


def test_outreach_log_is_private_notes(campaign, user):
    log = OutreachLog.objects.create(
        campaign=campaign,
        state_code="BRA",
        happened_on=DAY,
        contact="First secretary",
        note="Supportive; capital still deciding.",
        author=user,
    )
    assert log.state.name == "Brazil"
    assert list(campaign.outreach.all()) == [log]


# --- sponsors ---------------------------------------------------------------------


def test_record_sponsors_from_a_pasted_list(resolution):
    report = services.record_sponsors(
        resolution,
        "Brazil, Norway*, Korea, the EU",
        main_sponsor=True,
        core_group=True,
        joined_on=dt.date(2025, 3, 20),
        source="A/HRC/58/L.12",
    )
    assert report.added == ["BRA", "NOR"]
    assert [u["as_written"] for u in report.unresolved] == ["Korea"]
    assert report.others[0]["name"] == "European Union"
    nor = Sponsorship.objects.get(state_code="NOR")
    assert nor.main_sponsor and nor.core_group and nor.marked

    report = services.record_sponsors(resolution, "Chile, Brazil", joined_on=DAY)
    assert report.added == ["CHL"] and report.unchanged == ["BRA"]
    bra = Sponsorship.objects.get(state_code="BRA")
    assert bra.main_sponsor and bra.joined_on == dt.date(2025, 3, 20)  # not demoted


def test_withdraw_and_rejoin(resolution):
    services.record_sponsors(resolution, "Chile")
    services.withdraw_sponsor(resolution, "CHL", on=DAY)
    assert not Sponsorship.objects.get(state_code="CHL").active
    report = services.record_sponsors(resolution, "Chile", joined_on=dt.date(2025, 4, 4))
    assert report.updated == ["CHL"]
    assert Sponsorship.objects.get(state_code="CHL").active
    with pytest.raises(services.AdvocacyError):
        services.withdraw_sponsor(resolution, "FRA", on=DAY)


# --- votes ------------------------------------------------------------------------


def test_record_vote(resolution):
    vote, report = services.record_vote(
        resolution,
        "In favour (3): Brazil, France, Chile\nAgainst (1): China\nAbstaining (1): India",
        held_on=DAY,
        source="A/HRC/58/2",
    )
    assert vote.passed is True
    assert vote.tally() == {"yes": 3, "no": 1, "abstain": 1, "absent": 0}
    assert report.warnings == []
    resolution.refresh_from_db()
    assert resolution.outcome == Outcome.ADOPTED_BY_VOTE
    assert resolution.acted_on == DAY


def test_record_vote_refuses_double_listing_and_empty(resolution):
    with pytest.raises(services.AdvocacyError, match="France is listed under yes and no"):
        services.record_vote(resolution, "In favour: France\nAgainst: France")
    with pytest.raises(services.AdvocacyError):
        services.record_vote(resolution, "In favour: Atlantis")
    assert not VoteCast.objects.exists()


def test_record_vote_on_amendment(resolution):
    amendment = Amendment.objects.create(resolution=resolution, symbol="A/HRC/58/L.40")
    vote, _ = services.record_vote(
        resolution,
        "In favour: China, Cuba\nAgainst: Brazil, France, Chile\nAbstaining: India",
        amendment=amendment,
        held_on=DAY,
    )
    assert vote.passed is False
    amendment.refresh_from_db()
    resolution.refresh_from_db()
    assert amendment.outcome == Outcome.REJECTED
    assert resolution.outcome == Outcome.PENDING

    other = Resolution.objects.create(symbol="A/HRC/58/L.1", title="x", session="58")
    with pytest.raises(services.AdvocacyError):
        services.record_vote(other, "In favour: Chile", amendment=amendment)


# --- statuses ---------------------------------------------------------------------


def test_set_status_keeps_history(campaign, user):
    ask = Ask.objects.create(campaign=campaign, kind=AskKind.COSPONSOR)
    services.set_status(ask, "BRA", Status.ASKED, by=user)
    services.set_status(ask, "BRA", Status.ASKED, by=user)  # no-op
    row = services.set_status(ask, "BRA", Status.COMMITTED, by=user, evidence="meeting 2 April")
    assert row.changed_by == user
    assert [(h.from_status, h.to_status) for h in row.history.all()] == [
        ("", "asked"),
        ("asked", "committed"),
    ]
    with pytest.raises(services.AdvocacyError):
        services.set_status(ask, "BRA", "maybe")
    with pytest.raises(ValidationError):
        services.set_status(ask, "XXX", Status.ASKED)


def test_derive_cosponsor_statuses(campaign, resolution, user):
    ask = Ask.objects.create(campaign=campaign, kind=AskKind.COSPONSOR)
    services.set_status(ask, "CHL", Status.DECLINED, by=user)
    services.set_status(ask, "MEX", Status.COMMITTED, by=user)
    services.set_status(ask, "IND", Status.ASKED, by=user)
    services.record_sponsors(resolution, "Brazil, Chile", joined_on=DAY)
    services.record_sponsors(resolution, "Norway", main_sponsor=True)

    changes = services.derive_statuses(campaign)
    assert {(c["state"], c["to"]) for c in changes} == {
        ("BRA", "done"),
        ("CHL", "done"),
        ("NOR", "done"),
    }
    assert statuses(ask) == {
        "BRA": "done",
        "CHL": "done",
        "NOR": "done",
        "MEX": "committed",
        "IND": "asked",
    }
    nor = AskStatus.objects.get(ask=ask, state_code="NOR")
    assert nor.derived and nor.evidence == "main sponsor of A/HRC/58/L.12"
    assert services.derive_statuses(campaign) == []  # idempotent

    # Once acted on, open asks the record answers become "did not"; a refusal stays.
    resolution.outcome = Outcome.ADOPTED_WITHOUT_VOTE
    resolution.save()
    services.withdraw_sponsor(resolution, "CHL", on=DAY)
    services.set_status(ask, "PER", Status.DECLINED)
    services.derive_statuses(campaign)
    assert statuses(ask) == {
        "BRA": "done",
        "CHL": "not_done",
        "NOR": "done",
        "MEX": "not_done",
        "IND": "not_done",
        "PER": "declined",
    }
    assert "withdrew" in AskStatus.objects.get(ask=ask, state_code="CHL").evidence


def test_derive_vote_statuses(campaign, resolution):
    yes = Ask.objects.create(campaign=campaign, kind=AskKind.VOTE_YES)
    amend = Ask.objects.create(campaign=campaign, kind=AskKind.REJECT_AMENDMENTS)
    other = Ask.objects.create(campaign=campaign, kind=AskKind.JOIN_STATEMENT)
    services.set_status(other, "BRA", Status.COMMITTED)
    l40 = Amendment.objects.create(resolution=resolution, symbol="A/HRC/58/L.40")
    l41 = Amendment.objects.create(resolution=resolution, symbol="A/HRC/58/L.41")
    Amendment.objects.create(resolution=resolution, symbol="A/HRC/58/L.42", hostile=False)
    services.record_vote(
        resolution, "In favour: China\nAgainst: Brazil, France, India", amendment=l40, held_on=DAY
    )
    services.record_vote(
        resolution,
        "In favour: China, India\nAgainst: Brazil\nAbstaining: France",
        amendment=l41,
        held_on=DAY,
    )
    services.record_vote(
        resolution, "In favour: Brazil, France\nAgainst: China\nAbstaining: India", held_on=DAY
    )
    services.derive_statuses(campaign)
    assert statuses(yes) == {"BRA": "done", "FRA": "done", "CHN": "not_done", "IND": "not_done"}
    assert statuses(amend) == {
        "BRA": "done",
        "FRA": "not_done",
        "CHN": "not_done",
        "IND": "not_done",
    }
    fra = AskStatus.objects.get(ask=amend, state_code="FRA")
    assert fra.evidence == "A/HRC/58/L.40: voted against; A/HRC/58/L.41: abstained"
    assert statuses(other) == {"BRA": "committed"}  # not derivable, untouched


def test_adopted_without_vote_makes_vote_asks_not_applicable(campaign, resolution):
    ask = Ask.objects.create(campaign=campaign, kind=AskKind.VOTE_YES)
    services.set_status(ask, "BRA", Status.COMMITTED)
    resolution.outcome = Outcome.ADOPTED_WITHOUT_VOTE
    resolution.save()
    services.derive_statuses(campaign)
    assert statuses(ask) == {"BRA": "n_a"}


def test_no_resolution_no_derivation():
    campaign = Campaign.objects.create(name="Early")
    Ask.objects.create(campaign=campaign, kind=AskKind.COSPONSOR)
    assert services.derive_statuses(campaign) == []


def test_scorecard_universe_and_svg(campaign, resolution):
    cosponsor = Ask.objects.create(campaign=campaign, kind=AskKind.COSPONSOR)
    vote = Ask.objects.create(campaign=campaign, kind=AskKind.VOTE_YES)
    services.record_sponsors(resolution, "Brazil, Chile")
    services.derive_statuses(campaign)
    data = services.scorecard_statuses(cosponsor)
    assert len(data) == 195
    assert data["BRA"]["status"] == "done" and data["FRA"]["status"] == "not_asked"
    # A vote at the Council: the 47 members in the year of the vote.
    resolution.acted_on = DAY
    resolution.save()
    assert len(services.scorecard_statuses(vote)) == 47
    svg = render_scorecard(data, title=str(resolution))
    assert svg.count('class="tile"') == 195
    summary = services.campaign_summary(campaign)
    assert summary[0]["counts"]["done"] == 2
    assert sum(summary[1]["counts"].values()) == 47


def test_council_marks_are_checked(resolution):
    # Tabled 20 March 2025: Brazil and Chile were members, Norway and Peru were not.
    report = services.record_sponsors(resolution, "Brazil, Norway*, Peru, Chile*")
    assert report.warnings == [
        "Peru is not marked * but was not a Council member on 2025-03-20",
        "Chile is marked * but was a Council member on 2025-03-20",
    ]
    # A list without any asterisks is not checked.
    assert services.record_sponsors(resolution, "Peru").warnings == []


def test_previous_positions(resolution):
    older = Resolution.objects.create(symbol="A/HRC/55/L.5", title="HRD", session="55")
    services.record_sponsors(older, "Brazil", core_group=True)
    services.record_sponsors(older, "Peru")
    services.record_vote(older, "In favour: Brazil, Chile\nAgainst: China\nAbstaining: India")
    assert services.previous_positions(resolution) == {}
    resolution.previous = older
    resolution.save()
    assert services.previous_positions(resolution) == {
        "BRA": {"sponsor": True, "core_group": True, "vote": "yes"},
        "PER": {"sponsor": True, "core_group": False, "vote": None},
        "CHL": {"sponsor": False, "core_group": False, "vote": "yes"},
        "CHN": {"sponsor": False, "core_group": False, "vote": "no"},
        "IND": {"sponsor": False, "core_group": False, "vote": "abstain"},
    }
