import csv
import datetime as dt
import json
from collections import Counter

import pytest

from undersigned.advocacy import reference as ref
from undersigned.advocacy.reference import (
    GROUPS,
    HRC_SEATS,
    all_states,
    get_state,
    hrc_members,
    hrc_seat,
    hrc_seats,
    member_states,
    observer_states,
    states_in_group,
)

# --- states ------------------------------------------------------------------------


def test_193_members_and_2_observers():
    assert len(all_states()) == 195
    assert len(member_states()) == 193
    assert {s.name for s in observer_states()} == {"Holy See", "State of Palestine"}


def test_codes_are_unique_and_well_formed():
    states = all_states()
    assert len({s.iso2 for s in states}) == 195
    assert len({s.iso3 for s in states}) == 195
    for s in states:
        assert len(s.iso2) == 2 and s.iso2.isupper()
        assert len(s.iso3) == 3 and s.iso3.isupper()
        assert len(s.m49) == 3 and s.m49.isdigit()


def test_get_state_by_either_code_any_case():
    assert get_state("fr").iso3 == "FRA"
    assert get_state("DEU").iso2 == "DE"
    assert get_state(" kor ").name == "Republic of Korea"
    with pytest.raises(KeyError):
        get_state("XX")


def test_group_sizes():
    sizes = Counter(s.group for s in member_states())
    assert sizes == {"AFRICAN": 54, "APG": 54, "EEG": 23, "GRULAC": 33, "WEOG": 29}
    # WEOG's 29 includes the United States, an observer of the group.
    assert len(states_in_group("WEOG", include_observers=False)) == 28
    assert sum(sizes.values()) == 193


@pytest.mark.parametrize(
    "code,group",
    [
        ("TUR", "WEOG"),
        ("USA", "WEOG"),
        ("ISR", "WEOG"),
        ("KIR", "APG"),
        ("CYP", "APG"),
        ("KAZ", "APG"),
        ("PSE", "APG"),
        ("VAT", None),
        ("EST", "EEG"),
        ("CUB", "GRULAC"),
        ("SSD", "AFRICAN"),
        ("AUS", "WEOG"),
        ("NZL", "WEOG"),
    ],
)
def test_groups_of_notable_states(code, group):
    assert get_state(code).group == group


def test_exceptions_are_documented():
    assert get_state("USA").group_role == "observer"
    assert "elect" in get_state("USA").group_note
    assert "Asia-Pacific" in get_state("TUR").group_note
    assert "2010" in get_state("KIR").group_note
    assert "temporary" in get_state("ISR").group_note
    assert get_state("VAT").group_note and "no" in get_state("VAT").group_note.lower()
    for code in ("USA", "TUR", "KIR", "ISR", "VAT", "PSE"):
        assert get_state(code).sources["group"]


def test_every_fact_has_a_source():
    for s in all_states():
        assert s.sources["group"]
        assert s.sources["codes"].startswith("ISO 3166-1")
        assert set(s.sources["names"]) == set(ref.LANGUAGES)


@pytest.mark.parametrize(
    "code,name",
    [
        ("TUR", "Türkiye"),
        ("BOL", "Bolivia (Plurinational State of)"),
        ("KOR", "Republic of Korea"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("CIV", "Côte d'Ivoire"),
        ("VAT", "Holy See"),
        ("PSE", "State of Palestine"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("RUS", "Russian Federation"),
        ("SYR", "Syrian Arab Republic"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("USA", "United States of America"),
        ("VNM", "Viet Nam"),
        ("LAO", "Lao People's Democratic Republic"),
        ("MDA", "Republic of Moldova"),
        ("TZA", "United Republic of Tanzania"),
        ("FSM", "Micronesia (Federated States of)"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("CZE", "Czechia"),
        ("SWZ", "Eswatini"),
        ("MKD", "North Macedonia"),
        ("CPV", "Cabo Verde"),
        ("TLS", "Timor-Leste"),
        ("BRN", "Brunei Darussalam"),
        ("MMR", "Myanmar"),
        ("COG", "Congo"),
        ("COD", "Democratic Republic of the Congo"),
    ],
)
def test_un_english_short_names(code, name):
    assert get_state(code).name == name


def test_names_in_all_seven_languages():
    for s in all_states():
        assert set(s.names) == set(ref.LANGUAGES)
        assert all(v.strip() for v in s.names.values())


@pytest.mark.parametrize(
    "code,lang,name",
    [
        ("FRA", "fr", "France"),
        ("DEU", "es", "Alemania"),
        ("KOR", "fr", "République de Corée"),
        ("RUS", "es", "Federación de Rusia"),
        ("USA", "ru", "Соединенные Штаты Америки"),
        ("GBR", "zh-Hans", "大不列颠及北爱尔兰联合王国"),
        ("KOR", "zh-Hant", "大韓民國"),
        ("SYR", "ar", "الجمهورية العربية السورية"),
        ("TUR", "fr", "Türkiye"),
        ("PSE", "es", "Estado de Palestina"),
        ("VAT", "fr", "Saint-Siège"),
        ("CHN", "zh", "中国"),
        ("CHN", "xx", "China"),
    ],
)
def test_names_in_languages(code, lang, name):
    assert get_state(code).name_in(lang) == name


def test_un_names_replace_cldr_colloquial_names():
    for s in all_states():
        # CLDR's colloquial names must not leak into the UN names.
        assert s.names["en"] not in {"South Korea", "North Korea", "Russia", "Vietnam", "Syria"}
        assert "Territoires palestiniens" not in s.names.values()


def test_states_json_is_what_the_build_script_writes(tmp_path):
    # The loader reads the generated file, and the file is consistent with the curated CSV.
    rows = list(csv.DictReader((ref.DATA / "un_states.csv").open(encoding="utf-8")))
    data = json.loads((ref.DATA / "states.json").read_text(encoding="utf-8"))
    assert [r["iso3"] for r in rows] == [d["iso3"] for d in data]
    assert all(r["source"] for r in rows)
    for r, d in zip(rows, data, strict=True):
        assert r["name_en"] == d["names"]["en"]
        assert (r["group"] or None) == d["group"]


def test_territories_are_not_states():
    codes = {t["iso2"] for t in ref.territories()}
    assert {"TW", "XK", "CK", "NU", "PR", "HK"} <= codes
    assert not codes & {s.iso2 for s in all_states()}


# --- Human Rights Council ------------------------------------------------------------


@pytest.mark.parametrize("year", range(2020, 2027))
def test_hrc_has_47_members_with_right_group_sizes(year):
    members = hrc_members(year)
    assert len(members) == 47
    assert len({m.state for m in members}) == 47
    assert Counter(m.group for m in members) == HRC_SEATS
    assert sum(HRC_SEATS.values()) == 47


@pytest.mark.parametrize("year", range(2020, 2027))
def test_hrc_terms_cover_the_year_and_groups_match_states(year):
    for m in hrc_members(year):
        assert m.term_start <= year <= m.term_end
        assert m.group == m.state.group
        assert m.state.is_member
        assert m.source


def test_hrc_terms_are_three_years_unless_filling_a_vacancy():
    for seat in hrc_seats():
        if seat.replaces:
            assert seat.began is not None
        else:
            assert seat.term_end - seat.term_start == 2
            assert seat.elected == seat.term_start - 1


def test_no_state_serves_more_than_two_consecutive_terms():
    by_state: dict[str, list] = {}
    for seat in hrc_seats():
        if not seat.replaces:
            by_state.setdefault(seat.state.iso3, []).append(seat.term_start)
    for starts in by_state.values():
        starts.sort()
        for a, b, c in zip(starts, starts[1:], starts[2:], strict=False):
            assert not (b == a + 3 and c == b + 3)


def test_hrc_2022_russia_and_czechia():
    assert "RUS" not in {m.state.iso3 for m in hrc_members(2022)}
    assert "CZE" in {m.state.iso3 for m in hrc_members(2022)}
    march = {m.state.iso3 for m in hrc_members(2022, on=dt.date(2022, 3, 1))}
    assert "RUS" in march and "CZE" not in march
    gap = hrc_members(2022, on=dt.date(2022, 4, 20))
    assert len(gap) == 46


@pytest.mark.parametrize(
    "code,year,term",
    [
        ("CHN", 2026, "2024-2026"),
        ("USA", 2024, "2022-2024"),
        ("GBR", 2021, "2021-2023"),
        ("GBR", 2026, "2026-2028"),
        ("KOR", 2025, "2025-2027"),
        ("KOR", 2022, "2020-2022"),
        ("CZE", 2022, "2022-2023"),
        ("SEN", 2020, "2018-2020"),
        ("SEN", 2021, "2021-2023"),
    ],
)
def test_hrc_seat_terms(code, year, term):
    seat = hrc_seat(get_state(code), year)
    assert seat is not None and seat.term == term


def test_hrc_non_members():
    assert hrc_seat(get_state("USA"), 2025) is None
    assert hrc_seat(get_state("RUS"), 2023) is None
    assert hrc_seat(get_state("VAT"), 2024) is None


def test_hrc_years_outside_the_data_are_refused():
    with pytest.raises(ValueError):
        hrc_members(2019)
    with pytest.raises(ValueError):
        hrc_members(2027)


def test_group_names():
    assert list(GROUPS) == ["AFRICAN", "APG", "EEG", "GRULAC", "WEOG"]


def test_generated_files_are_up_to_date(tmp_path):
    """states.json and territories.json are what build_states.py makes from the CSV."""
    import importlib.util

    import babel
    import pycountry

    built_with = all_states()[0].sources
    if f"Babel {babel.__version__}" not in built_with["names"]["fr"] or (
        f"pycountry {pycountry.__version__}" not in built_with["codes"]
    ):
        pytest.skip("the data files were built with other Babel/pycountry versions")
    spec = importlib.util.spec_from_file_location("build_states", ref.DATA / "build_states.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("states.json", "territories.json"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (ref.DATA / name).read_text(
            encoding="utf-8"
        ), f"{name} is stale: run undersigned/advocacy/data/build_states.py"
