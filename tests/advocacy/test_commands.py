import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_states_text():
    out = run("states")
    lines = out.strip().splitlines()
    assert lines[-1] == "195 states"
    assert any(line.startswith("FR  FRA  WEOG") and "France" in line for line in lines)
    assert any("USA" in line and "WEOG (observer)" in line for line in lines)
    assert any("Holy See" in line and "[observer State]" in line for line in lines)


def test_states_json():
    data = json.loads(run("states", "--json"))
    assert len(data) == 195
    kor = next(d for d in data if d["iso3"] == "KOR")
    assert kor["iso2"] == "KR"
    assert kor["group"] == "APG"
    assert kor["group_name"] == "Asia-Pacific States"
    assert kor["names"]["fr"] == "République de Corée"
    assert set(kor["names"]) == {"en", "fr", "es", "ru", "zh-Hans", "zh-Hant", "ar"}


def test_states_filter_and_language():
    data = json.loads(run("states", "--json", "--group", "EEG"))
    assert len(data) == 23
    out = run("states", "--group", "GRULAC", "--lang", "es")
    assert "Bolivia (Estado Plurinacional de)" in out
    with pytest.raises(CommandError):
        run("states", "--lang", "xx")


def test_hrc_members_text():
    out = run("hrc_members", "2024")
    assert "Human Rights Council, 2024 (47 members)" in out
    assert "African States (13)" in out
    assert "Western European and other States (7)" in out
    assert "United States of America" in out and "2022-2024" in out
    assert "Source:" in out


def test_hrc_members_json():
    data = json.loads(run("hrc_members", "2026", "--json"))
    assert data["year"] == 2026
    assert len(data["members"]) == 47
    assert data["source"]
    gbr = next(m for m in data["members"] if m["iso3"] == "GBR")
    assert gbr["term"] == "2026-2028"


def test_hrc_members_on_a_day():
    data = json.loads(run("hrc_members", "2022", "--json", "--on", "2022-03-01"))
    assert "RUS" in {m["iso3"] for m in data["members"]}
    with pytest.raises(CommandError):
        run("hrc_members", "2022", "--on", "2023-01-01")
    with pytest.raises(CommandError):
        run("hrc_members", "2022", "--on", "yesterday")


def test_hrc_members_year_out_of_range():
    with pytest.raises(CommandError):
        run("hrc_members", "1999")


def test_resolve_states_file_json(tmp_path):
    f = tmp_path / "list.txt"
    f.write_text("Albania,* Andorra, Korea and the EU\nNeverland", encoding="utf-8")
    data = json.loads(run("resolve_states", str(f), "--json"))
    assert [s["iso3"] for s in data["states"]] == ["ALB", "AND"]
    assert data["states"][0]["marked"] is True
    assert data["others"][0]["name"] == "European Union"
    assert [u["as_written"] for u in data["unresolved"]] == ["Korea", "Neverland"]


def test_resolve_states_stdin_text():
    out = run("resolve_states", "-", stdin=io.StringIO("Viet Nam; Türkiye\nKorea"))
    assert "VNM  Viet Nam" in out
    assert "TUR  Türkiye" in out
    assert "Unresolved (1):" in out
    assert "did you mean: Republic of Korea, Democratic People's Republic of Korea?" in out


def test_resolve_states_strict_fails_on_unresolved():
    with pytest.raises(CommandError, match="1 name"):
        run("resolve_states", "-", "--strict", stdin=io.StringIO("France, Atlantis"))
    run("resolve_states", "-", "--strict", stdin=io.StringIO("France"))


def test_resolve_states_vote(tmp_path):
    f = tmp_path / "vote.txt"
    f.write_text("In favour (2): Chile, Peru\nAgainst: Cuba\nAbstaining: India", encoding="utf-8")
    out = run("resolve_states", str(f), "--vote")
    assert "In favour (2):" in out and "Against (1):" in out and "Abstaining (1):" in out
    data = json.loads(run("resolve_states", str(f), "--vote", "--json"))
    assert [s["iso3"] for s in data["yes"]] == ["CHL", "PER"]


def test_resolve_states_missing_file(tmp_path):
    with pytest.raises(CommandError):
        run("resolve_states", str(tmp_path / "nope.txt"))


def test_scorecard_from_a_list(tmp_path):
    out = tmp_path / "card.svg"
    err = io.StringIO()
    call_command(
        "scorecard",
        "-",
        "--title",
        "Co-sponsors",
        "-o",
        str(out),
        stdin=io.StringIO("France, Chile, Atlantis"),
        stderr=err,
    )
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count('class="tile"') == 195
    assert 'data-state="FRA" data-status="done"' in svg
    assert 'data-state="DEU" data-status="not_done"' in svg
    assert "Listed (2)" in svg and "Not listed (193)" in svg
    assert "unresolved: Atlantis" in err.getvalue()


def test_scorecard_from_a_vote_for_council_members():
    err = io.StringIO()
    svg = run(
        "scorecard",
        "-",
        "--vote",
        "--hrc",
        "2025",
        stdin=io.StringIO("In favour: France, Chile\nAgainst: China\nAbstaining: Japan, India"),
        stderr=err,
    )
    assert svg.count('class="tile"') == 47
    assert 'data-state="CHN" data-status="not_done"' in svg
    assert 'data-state="JPN" data-status="declined"' in svg
    assert "In favour (2)" in svg and "Abstained (1)" in svg
    assert "IND is left out" in err.getvalue()  # not on the Council in 2025


def test_scorecard_bad_year():
    with pytest.raises(CommandError):
        run("scorecard", "-", "--hrc", "2019", stdin=io.StringIO("France"))
