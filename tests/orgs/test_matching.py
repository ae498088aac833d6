"""The organisation-name matcher: normalisation, acronyms, qualifiers, translations,
look-alikes and the index."""

import pytest

from undersigned.orgs.matching import (
    NameIndex,
    analyse,
    cluster,
    default_threshold,
    impersonation_check,
    match_pairs,
    mixed_script_words,
    normalize,
    score_pair,
)

THRESHOLD = default_threshold()


def same(a, b):
    return score_pair(a, b)[0] >= THRESHOLD


# ------------------------------------------------------------------ normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ACAT-France", "ACAT – France"),
        ("ACAT‐France", "acat france"),
        ("Women’s Link", "Women's Link"),
        ("Human Rights & Democracy", "Human Rights and Democracy"),
        ("Côte d'Ivoire", "Cote d’Ivoire"),
        ("The Kvinna till Kvinna Foundation", "Kvinna till Kvinna Foundation"),
        ("IDEALS, Inc.", "IDEALS"),
        ("Brot für die Welt e.V.", "Brot für die Welt"),
        ("台灣財團法人民間司法改革基金會", "台湾民间司法改革基金会"),
        ("國際特赦組織", "国际特赦组织"),
        ("Ｆｒｅｅｄｏｍ　Ｈｏｕｓｅ", "Freedom House"),
        ("Forum\u200b Menschenrechte", "Forum Menschenrechte"),
        ("Fifty Two", "fifty two"),
        ("First Peoples", "1st Peoples"),
        ("Centre ١٢", "centre 12"),
    ],
)
def test_normalize_equates(a, b):
    assert normalize(a) == normalize(b)


def test_normalize_keeps_meaningful_words():
    assert normalize("Centre for Human Rights") == "centre for human rights"
    assert normalize("The Global Interfaith Network") == "global interfaith network"
    assert normalize("Human Rights Association Inc.") == "human rights association"


def test_normalize_connectors_in_several_languages():
    assert normalize("Legales y Sociales") == normalize("Legales et Sociales") == "legales sociales"
    assert analyse("人权和发展").views[0].units == analyse("人权发展").views[0].units


@pytest.mark.parametrize("bad", ["", " ", "\x00\x01", "!!!", "😀🎉", "-", "\u202e\u202d"])
def test_normalize_nothing_left(bad):
    assert normalize(bad) == ""


def test_normalize_long_input_is_cut():
    assert len(normalize("a" * 10_000)) <= 1000


# ------------------------------------------------------------------ specific pairs


def test_amnesty_intl_finds_amnesty_international():
    index = NameIndex.build([(1, "Amnesty International"), (2, "Amnesty International Mongolia"),
                             (3, "Human Rights Watch")])
    found = index.query("Amnesty Intl")
    assert [m.key for m in found] == [1]
    assert found[0].score >= THRESHOLD
    assert found[0].reasons


def test_cyrillic_a_is_an_impersonation():
    fake = "\u0410mnesty International"  # Cyrillic capital A
    assert mixed_script_words(fake) == ["\u0410mnesty"]
    flagged = impersonation_check(fake, ["Human Rights Watch", "Amnesty International"])
    assert [i for i, _ in flagged] == [1]
    assert "mixed scripts" in flagged[0][1]
    assert not same(fake, "Amnesty International")
    index = NameIndex.build([(1, "Amnesty International")])
    assert index.query(fake) == []
    assert [k for k, _ in index.impersonations(fake)] == [1]


@pytest.mark.parametrize("fake", ["Amnesty lnternational", "Freedom \u0397ouse",
                                  "Human Rights W\u0430tch", "\u0421IVICUS"])
def test_other_lookalikes_are_flagged_not_matched(fake):
    known = ["Amnesty International", "Freedom House", "Human Rights Watch", "CIVICUS"]
    assert len(impersonation_check(fake, known)) == 1
    assert not any(same(fake, k) for k in known)


def test_impersonation_check_ignores_plain_variants():
    assert impersonation_check("AMNESTY INTERNATIONAL", ["Amnesty International"]) == []
    assert impersonation_check("Amnesty International", ["Amnesty International"]) == []
    assert impersonation_check("", ["Amnesty International"]) == []


def test_aclu_both_ways():
    assert same("ACLU", "American Civil Liberties Union")
    assert same("American Civil Liberties Union", "ACLU")
    score, reasons = score_pair("ACLU", "American Civil Liberties Union")
    assert any("ACLU" in r for r in reasons)


def test_hrw_finds_human_rights_watch():
    index = NameIndex.build([(1, "Human Rights Watch"), (2, "Human Rights First"),
                             (3, "Human Rights House Foundation")])
    assert [m.key for m in index.query("HRW")] == [1]


def test_traditional_and_simplified_chinese():
    assert score_pair("國際特赦組織", "国际特赦组织")[0] >= 0.95
    assert same("國際特赦組織", "Amnesty International")


def test_acat_sections_are_different_organisations():
    score, reasons = score_pair("ACAT-France", "ACAT Belgium")
    assert score < 0.01
    assert reasons[0].code == "different_country" and reasons[0] == "different countries (FR, BE)"
    assert not same("ACAT Italia", "ACAT-France")
    assert not same("ACAT", "ACAT-France")


def test_acat_same_section_in_other_words():
    assert same("ACAT-France", "Action by Christians for the Abolition of Torture – France")
    assert same("ACAT-France", "ACAT France")
    assert same("ACAT-France", "ACAT Francia")
    score, reasons = score_pair("ACAT-France", "Action by Christians for the Abolition of Torture – France")
    assert reasons[0].code in ("acronym_of", "known_forms")
    assert same("ACAT-France", "法國基督徒廢除酷刑行動組織")  # one network's forms, one country


def test_amnesty_sections_are_different_organisations():
    assert score_pair("Amnesty International", "Amnesty International Mongolia")[0] < 0.01
    assert not same("國際特赦組織", "國際特赦組織蒙古分會")
    assert same("Amnesty International Mongolia", "國際特赦組織蒙古分會")


def test_icj_and_icj_australia():
    assert not same("International Commission of Jurists", "International Commission of Jurists Australia")
    assert same("ICJ Australia", "International Commission of Jurists Australia")


def test_cealdes_english_and_spanish():
    score, reasons = score_pair("Center to Alternatives to Development",
                                "Centro de Alternativas al Desarrollo (CEALDES) - Colombia")
    assert score >= THRESHOLD
    assert any(r.code == "translated_words" for r in reasons)
    assert same("Center to Alternatives to Development", "Centro de Alternativas al Desarrollo (CEALDES)")


def test_typos():
    assert same("Human Rigths Watch", "Human Rights Watch")
    assert same("Burkina Faso Coaltion of Human Right Defenders", "Burkina Faso Coalition of Human Rights Defenders")
    score, reasons = score_pair("Scholars at Rsik", "Scholars at Risk")
    assert score >= THRESHOLD and any(r.code == "typo" for r in reasons)


def test_different_organisations_with_similar_names():
    assert not same("Human Rights Council of Australia", "Refugee Council of Australia")
    assert not same("Asian Legal Resource Centre", "African Legal Resource Centre")
    assert not same("Togolese Coalition of Human Rights Defenders", "Ivorian Human Rights Defenders Coalition")
    assert not same("Center for International Environmental Law (CIEL)", "Center for Justice and International Law (CEJIL)")
    assert not same("Human Rights Association", "Addameer Prisoner Support and Human Rights Association")
    assert not same("International Federation of ACATs (FIACAT)", "ACAT-France")


def test_cross_language_with_lexicon():
    assert same("Center for International Environmental Law", "國際環境法中心")
    assert same("Centro de Estudios Legales y Sociales (CELS)", "Center for Legal and Social Studies")
    assert same("International Commission of Jurists", "Comisión Internacional de Juristas")


def test_reasons_are_short_strings():
    for a, b in [("ACAT-France", "ACAT France"), ("HRW", "Human Rights Watch"),
                 ("Amnesty Intl", "Amnesty International")]:
        _, reasons = score_pair(a, b)
        assert reasons and all(isinstance(r, str) and len(r) < 120 for r in reasons)


def test_analyse_acronyms():
    p = analyse("American Civil Liberties Union (ACLU)")
    assert "aclu" in p.given
    assert "clu" in p.derived or "aclu" in p.derived_q
    assert analyse("Human Rights Watch").derived >= {"hrw"}
    assert analyse("Equipo de Estudios Comunitarios y Acción Psicosocial - ECAP").given == {"ecap"}
    assert analyse("X", acronym="ABC").given == {"abc"}


# ------------------------------------------------------------------ index


def test_index_also_known_and_mark_distinct():
    index = NameIndex()
    index.add("cels", "Centro de Estudios Legales y Sociales", lang="es", acronym="CELS")
    index.add("hrw", "Human Rights Watch")
    assert [m.key for m in index.query("CELS")] == ["cels"]
    assert index.query("Kvinna till Kvinna") == []
    index.add("kvinna", "Kvinna till Kvinna Foundation")
    index.also_known("kvinna", "Stiftelsen Kvinna till Kvinna")
    assert [m.key for m in index.query("Stiftelsen Kvinna till Kvinna")][:1] == ["kvinna"]
    index.add("kvinna2", "Kvinna till Kvinna Foundation ")
    assert "kvinna2" in [m.key for m in index.query_key("kvinna")]
    index.mark_distinct("kvinna", "kvinna2")
    assert "kvinna2" not in [m.key for m in index.query_key("kvinna")]


def test_index_one_match_per_key_best_first():
    index = NameIndex.build([
        (1, "Amnesty International"), (1, "國際特赦組織"), (1, "Amnistía Internacional"),
        (2, "Amnesty International Mongolia"),
    ])
    found = index.query("Amnistie internationale")
    assert [m.key for m in found] == [1]
    assert 0 < found[0].score <= 1


def test_index_learns_networks():
    rows = [(1, "Youth Initiative for Human Rights Serbia"), (2, "Youth Initiative for Human Rights Kosovo")]
    index = NameIndex.build(rows)
    # seen with two countries: the bare name is the network, not either member
    assert index.query("Youth Initiative for Human Rights") == []


def test_index_build_from_tuples_and_skips_empty():
    index = NameIndex.build([(1, "Freedom House", "en", None), (2, "", None, None), (3, "!!!"),
                             (4, "自由之家", "zh-Hant", None)])
    assert len(index) == 2
    assert {m.key for m in index.query("Freedom House")} == {1, 4}


def test_index_threshold_and_limit():
    index = NameIndex.build([(i, f"Human Rights Centre {c}") for i, c in enumerate("ABCDEFGHIJ")])
    assert len(index.query("Human Rights Centre", limit=3, threshold=0.0)) <= 3


# ------------------------------------------------------------------ lists


def test_match_pairs_and_cluster():
    names = ["ACAT-France", "", "ACAT Belgium", "Action by Christians for the Abolition of Torture – France",
             "Amnesty International", "Amnesty International Mongolia", "國際特赦組織", "x"]
    pairs = match_pairs(names)
    assert {(p["a"], p["b"]) for p in pairs} == {(0, 3), (4, 6)}
    assert all(set(p) == {"a", "b", "probability", "score", "reasons"} for p in pairs)
    assert cluster(names) == [[0, 3], [4, 6]]


@pytest.mark.parametrize("bad", [
    "", "a", "x" * 10_000, "!!! ???", "😀😀😀", "\u202eevil\u202c", "\x00\x07 name",
    "منظمة العفو الدولية", "עמותת זכויות האדם", "\u0301\u0301", "Ⅻ", "\ud7ff",
])
def test_bad_input_does_not_crash(bad):
    names = [bad, "Amnesty International", bad, "منظمة العفو الدولية"]
    pairs = match_pairs(names)
    for p in pairs:
        assert 0 <= p["score"] <= 1
    normalize(bad)
    impersonation_check(bad, names)
    NameIndex.build([(1, bad)]).query(bad)


# ------------------------------------------------------------------ regressions found by the bench


def test_typo_in_a_lexicon_word_is_still_that_word():
    assert same("Amnessty International", "Amnesty International")
    assert analyse("Internatinal Foundaton Kavuru").views[0].units[:2] == ("=international", "=foundation")


def test_shouting_is_not_a_list_of_acronyms():
    p = analyse("ST. KITTS & NEVIS FEDERATION FOR YOUTH")
    assert p.given == frozenset()
    assert len(p.views) == 1
    assert not same("ST. KITTS & NEVIS FEDERATION FOR YOUTH", "St. Kitts & Nevis Observatory for Workers")
    assert same("ST. KITTS & NEVIS FEDERATION FOR YOUTH", "St Kitts and Nevis Federation for Youth")
    assert analyse("CEALDES").acronym_only == "cealdes"


def test_a_shared_acronym_with_a_typo_is_one_organisation():
    assert same("Momsabin Committee for Press Freedom (MCPF)", "Momsabin Comittee for Press Freedom (MCPF)")


@pytest.mark.xfail(strict=True, reason="the learned model merges namesakes that share a given "
                   "acronym and all their generic words (each keeps a word of its own)")
def test_a_shared_acronym_does_not_make_different_names_match():
    assert not same("Momsabin Committee for Press Freedom (MCPF)", "Mirlotu Committee for Press Freedom (MCPF)")


def test_brand_before_a_tagline():
    assert same("Al-Haq", "Al-Haq, Law in the Service of Man")
    assert same("GALE", "GALE, The Global Alliance for LGBT Education")
    assert same("Addameer", "Addameer Prisoner Support and Human Rights Association")
    assert not same("Oxfam", "Oxfam Novib")


def test_index_qualifier_ranks_the_right_section_first():
    rows = [(i, f"Amnesty International {c}") for i, c in enumerate(
        ["Peru", "Kenya", "Japan", "Mongolia", "Moldova", "Belgium", "Guernsey"])]
    index = NameIndex.build(rows)
    assert [m.key for m in index.query("Amnesty Internationl Guernsey")] == [6]
    assert index.query("Amnesty International") == []


def test_lower_case_cyrillic_lookalike_and_near_skeleton():
    assert [i for i, _ in impersonation_check("\u0430mnesty international", ["Amnesty International"])] == [0]
    # mixed scripts and one more letter changed: still flagged
    assert [i for i, _ in impersonation_check("\u0410mnesty Internationa", ["Amnesty International"])] == [0]


def test_bare_acronym_of_another_organisation_is_not_a_match():
    index = NameIndex.build([(1, "Rolan Council for Peace"), (1, "RCP"),
                             (2, "Rairu Coalition for Peace (RCP)"), (2, "RCP"), (3, "RCP")])
    # 1 is found by its full name or not at all; 3 is only known by the acronym: a candidate
    assert {m.key for m in index.query("Rairu Coalition for Peace")} == {2, 3}
    assert {m.key for m in index.query("Rairu Coaltion for Peace")} == {2, 3}
    assert {m.key for m in index.query("Rolan Council for Peace")} == {1, 3}

