"""Translations: out-of-date texts with their diff, and organisation names per language."""

import pytest
from django.test import Client

from tests.factories import make_letter
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import Signature
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
        services.signature_name_set(signature=sig, lang=lang.replace("_", "-"), text=text)
    return sig


def test_simplified_names_suggested_from_traditional_then_confirmed(coordinator):
    letter = make_letter(languages=("en", "zh-hant", "zh-hans"))
    tahr = _approved(letter, "Taiwan Association for Human Rights", zh_hant="臺灣人權促進會")
    own = _approved(letter, "Judicial Reform Foundation", zh_hant="民間司法改革基金會",
                    zh_hans="民间司改会")  # its own Simplified name: kept, never converted
    _approved(letter, "No Chinese Name Org")
    page = coordinator.get(f"/manage/letters/{letter.slug}/names/zh-hans/")
    rows = {row["sig"].name: row for row in page.context["rows"]}
    assert rows["Taiwan Association for Human Rights"]["suggestions"][0][0] == "台湾人权促进会"
    assert "OpenCC" in rows["Taiwan Association for Human Rights"]["suggestions"][0][1]
    assert rows["Judicial Reform Foundation"]["current"] == "民间司改会"
    assert rows["No Chinese Name Org"]["suggestions"] == []
    edition, _ = edition_publish(letter=letter)
    by_name = {e.name: e.translation for e in edition_document(edition, "zh-hans").entries}
    assert by_name["Taiwan Association for Human Rights"] is None  # a suggestion, not a name
    assert by_name["Judicial Reform Foundation"] == "民间司改会"
    # The translator confirms what the page shows.
    form = {f"name-{row['sig'].public_id}": row["current"] or (
        row["suggestions"][0][0] if row["suggestions"] else "")
        for row in page.context["rows"]}
    coordinator.post(f"/manage/letters/{letter.slug}/names/zh-hans/", form)
    tahr.refresh_from_db()
    own.refresh_from_db()
    assert tahr.names["zh-hans"] == "台湾人权促进会" and own.names["zh-hans"] == "民间司改会"
    edition2, created = edition_publish(letter=letter)
    assert created and edition2.changes["renamed"] == []
    assert edition2.changes["translated"] == ["Taiwan Association for Human Rights"]
    by_name = {e.name: e.translation for e in edition_document(edition2, "zh-hans").entries}
    assert by_name["Taiwan Association for Human Rights"] == "台湾人权促进会"


def test_conversion_table_follows_the_target_region():
    assert convert("台湾", "zh-hans", "zh-hant") == "臺灣"
    assert convert("台湾", "zh-hans", "zh-hk") == "台灣"  # Hong Kong keeps 台
    assert convert("项目", "zh-hans", "zh-tw") == "項目"  # characters only, never 專案
    assert convert("x", "en", "fr") is None
