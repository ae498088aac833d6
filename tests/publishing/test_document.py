"""LetterDocument: layouts, the closing sentence in seven languages, dates."""

import datetime as dt

import pytest

from undersigned.publishing.document import (
    Entry,
    LetterDocument,
    anonymous_sentence,
    entry_parts,
    format_date,
    label,
    number_entries,
)

LANGS = ["en", "fr", "es", "zh-Hant", "zh-Hans", "ar", "ru"]


def test_layouts():
    e = Entry(7, "Amnesty International", "國際特赦組織", None, None)
    assert entry_parts(e, "both") == ("Amnesty International", "國際特赦組織")
    assert entry_parts(e, "translation") == ("國際特赦組織", None)
    assert entry_parts(e, "original") == ("Amnesty International", None)
    bare = Entry(8, "AlertaVenezuela")
    assert entry_parts(bare, "translation") == ("AlertaVenezuela", None)
    assert entry_parts(bare, "both") == ("AlertaVenezuela", None)


def test_acronym_added_once():
    assert entry_parts(Entry(1, "Zo Indigenous Forum", acronym="ZIF"), "original")[0] == (
        "Zo Indigenous Forum (ZIF)")
    assert entry_parts(Entry(1, "Center for Law (CIEL)", acronym="CIEL"), "original")[0] == (
        "Center for Law (CIEL)")


def test_bad_layout_refused():
    with pytest.raises(ValueError):
        LetterDocument(lang="en", title="x", layout="sideways")


@pytest.mark.parametrize("lang", LANGS)
def test_anonymous_sentence_in_every_language(lang):
    sentence = anonymous_sentence(3, lang)
    assert "3" in sentence
    if lang != "en":
        assert "asked not to be named" not in sentence
    assert anonymous_sentence(0, lang) == ""
    assert anonymous_sentence(3, lang, after_names=False) != sentence


def test_plural_forms():
    assert anonymous_sentence(1, "en") == "and 1 organisation that asked not to be named"
    assert anonymous_sentence(3, "en") == "and 3 organisations that asked not to be named"
    assert "организация," in anonymous_sentence(1, "ru")
    assert "организации," in anonymous_sentence(3, "ru")
    assert "организаций," in anonymous_sentence(5, "ru")
    assert "منظمتان" in anonymous_sentence(2, "ar")
    assert "منظمات" in anonymous_sentence(7, "ar")
    assert anonymous_sentence(3, "zh-Hant") == "以及 3 個要求不具名的組織"
    assert anonymous_sentence(3, "zh-Hans") == "以及 3 个要求不具名的组织"


def test_labels_and_dates():
    assert label("signatories", "fr") == "Signataires"
    assert label("signatories", "en") == "Signatories"
    day = dt.date(2023, 2, 27)
    assert format_date(day, "en") == "27 February 2023"
    assert format_date(day, "zh-Hant") == "2023年2月27日"
    assert "février" in format_date(day, "fr")
    assert format_date("late February", "en") == "late February"


def test_number_entries_and_direction():
    entries = number_entries([Entry(9, "B"), Entry(4, "A")], start=1)
    assert [(e.number, e.name) for e in entries] == [(1, "B"), (2, "A")]
    assert LetterDocument(lang="ar", title="x").direction == "rtl"
    assert LetterDocument(lang="zh-Hant", title="x").direction == "ltr"
