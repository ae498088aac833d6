"""Sorting signatories the way a careful editor does (ICU/CLDR collation)."""

import pytest

from undersigned.publishing.collation import collator_locale, sort_entries, sort_text
from undersigned.publishing.document import Entry


def test_diacritics_sort_with_their_base_letter_in_english_and_french():
    names = ["Oxfam", "Brot für die Welt", "Łódź Women's Centre", "Maldivian Democracy Network",
             "Ärzte ohne Grenzen", "Œuvre d'Orient", "Amnesty International", "Lawyers without Borders",
             "Odhikar", "Azadi"]
    expected = ["Amnesty International", "Ärzte ohne Grenzen", "Azadi", "Brot für die Welt",
                "Lawyers without Borders", "Łódź Women's Centre", "Maldivian Democracy Network",
                "Odhikar", "Œuvre d'Orient", "Oxfam"]
    assert sort_entries(names, "en") == expected
    assert sort_entries(names, "fr") == expected


def test_language_rules_differ_where_readers_expect():
    # Spanish: Ñ is its own letter after N; Swedish: Ä after Z.
    assert sort_entries(["Oso", "Ñandú", "Nube"], "es") == ["Nube", "Ñandú", "Oso"]
    assert sort_entries(["Ärla", "Zeta", "Alfa"], "sv") == ["Alfa", "Zeta", "Ärla"]
    # Russian: Cyrillic before Latin.
    assert sort_entries(["Amnesty", "Мемориал", "Агора"], "ru") == ["Агора", "Мемориал", "Amnesty"]


def test_case_and_accents_are_secondary():
    assert sort_entries(["action by Christians", "ACAT", "Acción Solidaria", "Accion Solidaria"],
                        "en") == ["ACAT", "Accion Solidaria", "Acción Solidaria",
                                  "action by Christians"]


def test_articles_and_leading_punctuation_ignored():
    names = ["The Kvinna till Kvinna Foundation", "Kenya Human Rights Commission",
             "«Memorial» Human Rights Centre", "#MeToo Coalition", "La Strada International",
             "Les Amis de la Terre", "El Foro", "L'Association des Femmes", "Lawyers Collective",
             "Zambia Network", "\"Nadia\" Centre"]
    ordered = sort_entries(names, "en")
    assert ordered == [
        "Les Amis de la Terre",
        "L'Association des Femmes",
        "El Foro",
        "Kenya Human Rights Commission",
        "The Kvinna till Kvinna Foundation",
        "Lawyers Collective",
        "«Memorial» Human Rights Centre",
        "#MeToo Coalition",
        "\"Nadia\" Centre",
        "La Strada International",
        "Zambia Network",
    ]


def test_place_names_keep_their_article():
    assert sort_text("El Salvador Human Rights Institute") == "El Salvador Human Rights Institute"
    assert sort_text("The Hague Peace Forum") == "The Hague Peace Forum"
    assert sort_text("The «Memorial» Society") == "Memorial» Society"
    assert sort_text("Theatre for Change") == "Theatre for Change"
    assert sort_text("Lebanese Centre") == "Lebanese Centre"


def test_numbers_by_value():
    assert sort_entries(["10 Downing Group", "2 Rivers", "1 Earth"], "en") == [
        "1 Earth", "2 Rivers", "10 Downing Group"]


def test_override_sort_key():
    names = ["Ärzte ohne Grenzen", "Amnesty International", "Human Rights Watch"]
    assert sort_entries(names, "en", sort_keys={"Ärzte ohne Grenzen": "Doctors Without Borders"}) == [
        "Amnesty International", "Ärzte ohne Grenzen", "Human Rights Watch"]


CHINESE = ["國際特赦組織", "人權觀察", "一個組織", "自由之家", "世界正義工程", "兒童權利連結組織"]


def test_chinese_by_stroke_count():
    # 一 (1 stroke), 人 (2), 世 (5), 自 (6), 兒 (8), 國 (11).
    assert sort_entries(CHINESE, "zh-Hant") == [
        "一個組織", "人權觀察", "世界正義工程", "自由之家", "兒童權利連結組織", "國際特赦組織"]
    assert collator_locale("zh-Hant") == "zh@collation=stroke"


def test_chinese_by_pinyin():
    # ér, guó, rén, shì, yī, zì
    expected = ["兒童權利連結組織", "國際特赦組織", "人權觀察", "世界正義工程", "一個組織", "自由之家"]
    assert sort_entries(CHINESE, "zh-Hant", zh_order="pinyin") == expected
    assert sort_entries(CHINESE, "zh-Hans") == expected  # Simplified defaults to pinyin
    with pytest.raises(ValueError):
        sort_entries(CHINESE, "zh-Hant", zh_order="radical")


def test_entries_and_custom_key():
    entries = [Entry(1, "Freedom House", "自由之家"), Entry(2, "Amnesty International", "國際特赦組織")]
    assert [e.name for e in sort_entries(entries, "en")] == ["Amnesty International", "Freedom House"]
    by_chinese = sort_entries(entries, "zh-Hant", key=lambda e: e.translation or e.name)
    assert [e.translation for e in by_chinese] == ["自由之家", "國際特赦組織"]


def test_stable_for_equal_keys():
    twins = [Entry(1, "ACAT"), Entry(2, "Acat"), Entry(3, "ACAT")]
    assert [e.number for e in sort_entries(twins, "en")] == [2, 1, 3]


def test_sort_and_number_follows_the_layout():
    from undersigned.publishing.collation import sort_and_number

    entries = [Entry(9, "Freedom House", "自由之家"), Entry(3, "Amnesty International", "國際特赦組織"),
               Entry(5, "World Justice Project", None)]
    both = sort_and_number(entries, "zh-Hant", layout="both")
    assert [(e.number, e.name) for e in both] == [
        (1, "Amnesty International"), (2, "Freedom House"), (3, "World Justice Project")]
    translated = sort_and_number(entries, "zh-Hant", layout="translation")
    # CLDR's Chinese order puts Han first (自, 6 strokes, before 國, 11), then Latin
    assert [e.name for e in translated] == [
        "Freedom House", "Amnesty International", "World Justice Project"]
    assert [e.number for e in translated] == [1, 2, 3]
