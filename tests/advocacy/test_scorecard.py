import xml.etree.ElementTree as ET  # noqa: S405 - parses our own output

import pytest

from undersigned.advocacy.reference import all_states, hrc_members
from undersigned.advocacy.scorecard import ORDER, STYLES, render_scorecard

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def tiles(root):
    return root.findall(".//svg:g[@class='tile']", NS)


def test_every_state_is_a_tile_with_a_title():
    statuses = {s.iso3: ORDER[i % len(ORDER)] for i, s in enumerate(all_states())}
    root = parse(render_scorecard(statuses, title="All states"))
    found = tiles(root)
    assert len(found) == 195
    assert {t.get("data-state") for t in found} == {s.iso3 for s in all_states()}
    for t in found:
        title = t.find("svg:title", NS)
        assert title is not None and ":" in title.text
        texts = [x.text for x in t.findall("svg:text", NS)]
        assert texts[0] == t.get("data-state")  # a text label, not colour alone
        assert texts[1] == STYLES[t.get("data-status")].symbol


def test_root_is_accessible():
    root = parse(render_scorecard({"FRA": "done"}, title="T", id_prefix="x1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "x1-title x1-desc"
    assert root.find("svg:title", NS).text == "T"
    assert root.find("svg:desc", NS).text == "1 states. Done: 1."


def test_groups_in_un_order_and_sorted_by_name():
    statuses = {
        "FRA": "done",
        "USA": "done",
        "KEN": "asked",
        "CHN": "n_a",
        "BRA": "done",
        "RUS": "not_done",
        "VAT": "asked",
        "AUT": "declined",
    }
    root = parse(render_scorecard(statuses, title="T"))
    groups = [g.get("data-group") for g in root.findall(".//svg:g[@class='group']", NS)]
    assert groups == ["AFRICAN", "APG", "EEG", "GRULAC", "WEOG", "NONE"]
    weog = root.find(".//svg:g[@data-group='WEOG']", NS)
    assert [t.get("data-state") for t in tiles(weog)] == ["AUT", "FRA", "USA"]


def test_sorting_follows_language():
    statuses = {"DEU": "done", "ESP": "done", "FRA": "done"}  # Allemagne, Espagne, France
    weog_en = [t.get("data-state") for t in tiles(parse(render_scorecard(statuses, title="T")))]
    weog_es = [
        t.get("data-state") for t in tiles(parse(render_scorecard(statuses, title="T", lang="es")))
    ]
    assert weog_en == ["FRA", "DEU", "ESP"]  # France, Germany, Spain
    assert weog_es == ["DEU", "ESP", "FRA"]  # Alemania, España, Francia


def test_negative_statuses_have_patterns_too():
    svg = render_scorecard({"FRA": "not_done", "DEU": "declined", "ITA": "n_a"}, title="T")
    assert 'fill="url(#scorecard-hatch)"' in svg
    assert 'fill="url(#scorecard-cross)"' in svg
    assert 'fill="url(#scorecard-dots)"' in svg


def test_palette_is_okabe_ito_and_distinct():
    fills = [s.fill for s in STYLES.values()]
    assert len(set(fills)) == len(fills)
    symbols = [s.symbol for s in STYLES.values()]
    assert len(set(symbols)) == len(symbols)


def _luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("key", list(STYLES))
def test_tile_text_contrast(key):
    style = STYLES[key]
    a, b = sorted([_luminance(style.fill), _luminance(style.text)], reverse=True)
    assert (a + 0.05) / (b + 0.05) >= 4.5


def test_evidence_and_names_are_escaped_and_translated():
    svg = render_scorecard(
        {"CIV": {"status": "done", "evidence": "co-sponsor <L.1> & more"}},
        title="A <b>title</b> & more",
        lang="fr",
        labels={"done": "Fait"},
    )
    root = parse(svg)
    tip = tiles(root)[0].find("svg:title", NS).text
    assert tip == "Côte d'Ivoire: Fait — co-sponsor <L.1> & more"
    assert root.find("svg:title", NS).text == "A <b>title</b> & more"
    assert "Fait (1)" in svg


def test_hrc_members_only():
    statuses = {seat.state.iso3: "done" for seat in hrc_members(2025)}
    root = parse(render_scorecard(statuses, title="HRC 2025", columns=4))
    assert len(tiles(root)) == 47


def test_bad_input():
    with pytest.raises(KeyError):
        render_scorecard({"XXX": "done"}, title="T")
    with pytest.raises(ValueError):
        render_scorecard({"FRA": "maybe"}, title="T")
    with pytest.raises(ValueError):
        render_scorecard({"FRA": "done"}, title="T", columns=0)


def test_empty_and_deterministic():
    assert parse(render_scorecard({}, title="Nothing")).find("svg:desc", NS).text == "No states."
    a = render_scorecard({"FRA": "done", "DEU": "asked"}, title="T")
    b = render_scorecard({"DEU": "asked", "FRA": "done"}, title="T")
    assert a == b


def test_id_prefix_is_sanitised():
    svg = render_scorecard({"FRA": "not_done"}, title="T", id_prefix='a"b<c')
    assert 'id="abc-title"' in svg


def test_symbols_labels_and_legend_options():
    svg = render_scorecard(
        {"FRA": "done", "CHN": "not_done"},
        title="Vote",
        labels={"done": "In favour", "not_done": "Against"},
        symbols={"done": "Y", "not_done": "N"},
        legend=["done", "not_done", "declined"],
    )
    root = parse(svg)
    legend = root.find(".//svg:g[@class='legend']", NS)
    assert [g.get("data-status") for g in legend] == ["done", "not_done", "declined"]
    texts = [t.text for t in legend.iter("{http://www.w3.org/2000/svg}text")]
    assert "In favour (1)" in texts and "Against (1)" in texts and "Declined (0)" in texts
    fra = root.find(".//svg:g[@data-state='FRA']", NS)
    assert [t.text for t in fra.findall("svg:text", NS)] == ["FRA", "Y"]
    with pytest.raises(ValueError):
        render_scorecard({"FRA": "done"}, title="T", legend=["nope"])


def test_default_legend_lists_only_statuses_present():
    root = parse(render_scorecard({"FRA": "done", "DEU": "asked"}, title="T"))
    legend = root.find(".//svg:g[@class='legend']", NS)
    assert [g.get("data-status") for g in legend] == ["done", "asked"]


def test_blocks_do_not_overlap():
    statuses = {seat.state.iso3: "done" for seat in hrc_members(2025)}
    root = parse(render_scorecard(statuses, title="HRC", columns=3))
    xs = []
    for g in root.findall(".//svg:g[@class='group']", NS):
        heading = g.find("svg:text", NS)
        xs.append((float(heading.get("x")), len(heading.text)))
    for (x1, chars), (x2, _) in zip(xs, xs[1:], strict=False):
        assert x2 - x1 >= chars * 7.6  # the heading fits before the next block
    assert float(root.get("width")) >= xs[-1][0] + xs[-1][1] * 7.6
