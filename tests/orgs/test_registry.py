"""The matcher at work in the registry: suggestions while signing, look-alikes flagged,
the review queue, merges and their undo."""

import pytest
from django.test import Client

from tests.factories import form_data, make_letter
from undersigned.core.services import coordinator_create
from undersigned.curation import services as curation
from undersigned.curation.models import SignatureRelink
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.orgs import registry, selectors
from undersigned.orgs.models import DuplicateDecision, Organization

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_index():
    registry.reset()
    yield
    registry.reset()


def _signed(letter, name, *, approve=True, anonymous=False, **kw):
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name=name, contact_name="X", contact_email=f"x{abs(hash(name))}@ngo.example",
        publish_name=not anonymous, **kw))
    sig = Signature.objects.get(letter=letter, name=name)
    if approve:
        services.signature_approve(signature=sig, actor=None)
    return sig


@pytest.fixture
def coordinator():
    user, _ = coordinator_create(username="coord", password="long-enough-pass-1")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_is_this_you_offers_public_organisations_only():
    earlier = make_letter()
    _signed(earlier, "Amnesty International", acronym="AI")
    _signed(earlier, "Secret Defenders Collective", anonymous=True)
    letter = make_letter()
    client = Client()
    html = client.get(f"/{letter.slug}/en/suggest/", {"name": "Amnesty Intl"}).content.decode()
    assert "Is this you?" in html and "Amnesty International" in html
    hidden = client.get(f"/{letter.slug}/en/suggest/",
                        {"name": "Secret Defenders Collectiv"}).content.decode()
    assert "Secret Defenders" not in hidden
    # Bad input gives an empty answer, never an error.
    for name in ("", "x", "!!!", "😀😀", "\u202e" * 5, "a" * 10_000, "مرکز حقوق بشر"):
        assert client.get(f"/{letter.slug}/en/suggest/", {"name": name}).status_code == 200


def test_similar_name_already_signed_on_this_letter_is_mentioned():
    letter = make_letter()
    _signed(letter, "American Civil Liberties Union", acronym="ACLU")
    _signed(letter, "Hidden Human Rights Network", anonymous=True)
    client = Client()
    html = client.get(f"/{letter.slug}/en/suggest/", {"name": "ACLU"}).content.decode()
    assert "already signed this letter" in html and "American Civil Liberties Union" in html
    html = client.get(f"/{letter.slug}/en/suggest/",
                      {"name": "Hidden Human Rights Netwrk"}).content.decode()
    assert "Hidden Human Rights" not in html


def test_typo_goes_to_the_review_queue_unless_auto_linking_is_on(settings):
    earlier = make_letter()
    ai = _signed(earlier, "Amnesty International").organization
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Amnesty Internationl"))
    typo = Signature.objects.get(letter=letter).organization
    assert typo != ai  # no human said so: a separate organisation ...
    assert any({c.a.pk, c.b.pk} == {ai.pk, typo.pk}
               for c in selectors.duplicate_candidates())  # ... proposed for review
    settings.MATCH_AUTO_LINK = 0.95
    other = make_letter()
    Client().post(f"/{other.slug}/en/", form_data(name="Amnesty Internatonal"))
    assert Signature.objects.get(letter=other).organization in (ai, typo)
    # A national section is another organisation, even when linking automatically.
    Client().post(f"/{other.slug}/en/", form_data(name="Amnesty International Mongolia"))
    mongolia = Signature.objects.get(letter=other, name="Amnesty International Mongolia")
    assert mongolia.organization != ai


def test_lookalike_name_is_flagged_not_matched(coordinator):
    earlier = make_letter()
    ai = _signed(earlier, "Amnesty International").organization
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="\u0410mnesty International"))
    fake = Signature.objects.get(letter=letter)
    assert fake.organization != ai
    assert [org for org, _ in selectors.organization_impersonations(fake.name)] == [ai]
    page = coordinator.get(f"/manage/letters/{letter.slug}/signatures/").content.decode()
    assert "possible impersonation" in page


def test_review_queue_merge_undo_and_not_the_same(coordinator):
    first = make_letter()
    second = make_letter()
    a = _signed(first, "ACAT-France")
    b = _signed(second, "Action by Christians for the Abolition of Torture (ACAT) – France")
    c = _signed(second, "ACAT Belgium")
    page = coordinator.get("/manage/registry/duplicates/").content.decode()
    assert "ACAT-France" in page and "Action by Christians for the Abolition" in page
    assert page.count("<tr>") >= 2
    candidates = selectors.duplicate_candidates()
    pairs = {frozenset((x.a.pk, x.b.pk)) for x in candidates}
    assert frozenset((a.organization_id, b.organization_id)) in pairs
    assert frozenset((a.organization_id, c.organization_id)) not in pairs  # other sections
    [cand] = [x for x in candidates if {x.a.pk, x.b.pk} == {a.organization_id, b.organization_id}]
    assert cand.reasons

    source, target = b.organization, a.organization
    r = coordinator.post("/manage/registry/merge/", {"source": source.public_id,
                                                     "target": target.public_id})
    assert r.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target  # no sign-on left on it: an alias of the target now
    b.refresh_from_db()
    assert b.organization == target and b.active
    assert "Action by Christians for the Abolition of Torture (ACAT) – France" in set(
        target.names.values_list("text", flat=True))
    assert selectors.duplicate_candidates() == [] or all(
        {x.a.pk, x.b.pk} != {source.pk, target.pk} for x in selectors.duplicate_candidates())
    # The next letter matches the merged alias at once.
    third = make_letter()
    Client().post(f"/{third.slug}/en/", form_data(
        name="Action by Christians for the Abolition of Torture (ACAT) – France"))
    assert Signature.objects.get(letter=third).organization == target
    assert [e.action for e in b.events.all()][-1] == "merged"  # its history says so

    relink = SignatureRelink.objects.get()
    assert relink.letter == second and relink.moved == [b.pk]
    coordinator.post(f"/manage/registry/merges/{relink.pk}/undo/")
    source.refresh_from_db()
    b.refresh_from_db()
    assert source.merged_into is None and b.organization == source
    assert "Action by Christians for the Abolition of Torture (ACAT) – France" not in set(
        target.names.values_list("text", flat=True))
    assert [e.action for e in b.events.all()][-2:] == ["merged", "merge_undone"]

    coordinator.post("/manage/registry/distinct/", {"a": source.public_id,
                                                    "b": target.public_id})
    assert DuplicateDecision.objects.get().decision == DuplicateDecision.DISTINCT
    assert all({x.a.pk, x.b.pk} != {source.pk, target.pk}
               for x in selectors.duplicate_candidates())


def test_merge_when_both_signed_one_letter_sets_one_aside_and_undo_restores():
    letter = make_letter()
    a = _signed(letter, "Centre for Civic Freedom")
    b = _signed(letter, "Center for Civic Freedom")
    outcome = curation.organizations_merge(actor=None, source=b.organization,
                                           target=a.organization)
    b.refresh_from_db()
    assert not b.active and Signature.objects.filter(letter=letter, active=True).count() == 1
    assert b.events.last().action == "set_aside_by_merge"
    [relink] = outcome.relinks
    curation.relink_undo(actor=None, relink=relink)
    b.refresh_from_db()
    assert b.active and b.organization.merged_into is None
    assert Organization.objects.filter(merged_into__isnull=False).count() == 0
