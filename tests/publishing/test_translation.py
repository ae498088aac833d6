"""Translations: out-of-date texts with their diff, and organisation names per language."""

import pytest
from django.test import Client

from tests.factories import make_letter
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.orgs.models import OrganizationName
from undersigned.orgs.services import organization_add_name
from undersigned.orgs.translation import convert
from undersigned.publishing.selectors import edition_document
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator():
    user, _ = coordinator_create(username="translator", password="long-enough-pass-1")
    client = Client()
    client.force_login(user)
    return client


def test_translation_marked_out_of_date_with_the_diff(coordinator):
    letter = make_letter(languages=("en", "fr"))
    assert services.translation_staleness(letter) == {}
    tr = letter.translations.get(lang="en")
    services.translation_save(letter=letter, lang="en", title=tr.title, body_md="A new sentence.",
                              asks=tr.asks)
    stale = services.translation_staleness(letter)
    assert set(stale) == {"fr"} and "+A new sentence." in stale["fr"]
    page = coordinator.get(f"/manage/letters/{letter.slug}/").content.decode()
    assert "out of date" in page
    edit = coordinator.get(f"/manage/letters/{letter.slug}/text/fr/").content.decode()
    assert "+A new sentence." in edit
    coordinator.post(f"/manage/letters/{letter.slug}/text/fr/", {
        "title": "Lettre", "body_md": "Une nouvelle phrase.", "asks": "agir"})
    assert services.translation_staleness(letter) == {}


def _approved(letter, name, **names):
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name=name, contact_name="C", contact_email=f"{abs(hash(name))}@x.example"))
    sig = Signature.objects.get(letter=letter, name=name)
    services.signature_approve(signature=sig, actor=None)
    for lang, text in names.items():
        organization_add_name(organization=sig.organization, text=text,
                              lang=lang.replace("_", "-"))
    return sig


def test_simplified_names_derived_from_traditional_then_confirmed(coordinator):
    letter = make_letter(languages=("en", "zh-hant", "zh-hans"))
    _approved(letter, "Taiwan Association for Human Rights", zh_hant="臺灣人權促進會")
    own = _approved(letter, "Judicial Reform Foundation", zh_hant="民間司法改革基金會",
                    zh_hans="民间司改会")  # its own Simplified name: kept, never converted
    _approved(letter, "No Chinese Name Org")
    page = coordinator.get(f"/manage/letters/{letter.slug}/names/zh-hans/").content.decode()
    assert "臺灣人權促進會" not in page or "OpenCC" in page
    coordinator.post(f"/manage/letters/{letter.slug}/names/zh-hans/", {"derive": "zh-hant"})
    derived = OrganizationName.objects.get(lang="zh-hans", text="台湾人权促进会")
    assert derived.confirmed is False  # a suggestion until confirmed
    edition, _ = edition_publish(letter=letter)
    doc = edition_document(edition, "zh-hans")
    by_name = {e.name: e.translation for e in doc.entries}
    assert by_name["Taiwan Association for Human Rights"] is None  # not confirmed yet
    assert by_name["Judicial Reform Foundation"] == "民间司改会"
    # The translator confirms what the page shows.
    page = coordinator.get(f"/manage/letters/{letter.slug}/names/zh-hans/")
    form = {f"name-{row['sig'].organization.public_id}":
            (row["current"].text if row["current"] else
             (row["suggestions"][0][0] if row["suggestions"] else ""))
            for row in page.context["rows"]}
    coordinator.post(f"/manage/letters/{letter.slug}/names/zh-hans/", form)
    derived.refresh_from_db()
    assert derived.confirmed
    assert own.organization.names.get(lang="zh-hans").text == "民间司改会"
    edition2, created = edition_publish(letter=letter)
    assert created and edition2.changes["renamed"] == []
    by_name = {e.name: e.translation for e in edition_document(edition2, "zh-hans").entries}
    assert by_name["Taiwan Association for Human Rights"] == "台湾人权促进会"


def test_conversion_table_follows_the_target_region():
    assert convert("台湾", "zh-hans", "zh-hant") == "臺灣"
    assert convert("台湾", "zh-hans", "zh-hk") == "台灣"  # Hong Kong keeps 台
    assert convert("项目", "zh-hans", "zh-tw") == "項目"  # characters only, never 專案
    assert convert("x", "en", "fr") is None
