"""The public scorecard in Debian's chromium: accessibility basics. Every form control has
a label, every image and SVG an accessible name, the keyboard reaches the downloads with a
visible focus, and the legend's text meets WCAG AA contrast (computed from the colours the
browser actually paints)."""

import datetime as dt
import re

import pytest

from tests.factories import make_letter
from undersigned.advocacy import services
from undersigned.advocacy.models import AskKind, Resolution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.x relative luminance and contrast ratio, evaluated in the page on computed colours.
CONTRAST_JS = """
(el) => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const fg = rgb(getComputedStyle(el).color).slice(0, 3);
  const bg = background(el);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), fg, bg, text: el.textContent.trim()};
}
"""


@pytest.fixture
def campaign():
    letter = make_letter(asks=["engage in the negotiations", "co-sponsor the resolution",
                               "vote against hostile amendments"])
    resolution = Resolution.objects.create(
        symbol="A/HRC/RES/52/4", title="Human rights defenders", body="HRC", session="52",
        tabled_on=dt.date(2023, 3, 30), acted_on=dt.date(2023, 4, 4))
    services.sponsors_import(resolution, "Albania, Andorra*, Argentina, Chile, Ghana")
    amendment, _ = services.amendment_create(resolution, symbol="A/HRC/52/L.41",
                                             proposers_text="China")
    services.vote_import(resolution, "In favour: China; Against: Argentina, France; "
                         "Abstaining: India", amendment=amendment)
    services.vote_import(resolution, "In favour: Argentina, Chile, France; Against: China")
    return services.campaign_create(
        name="Renew the HRD mandate", slug="hrd", letter=letter, resolution=resolution,
        published=True, asks=[("engage in the negotiations", AskKind.ENGAGE),
                              ("co-sponsor the resolution", AskKind.COSPONSOR),
                              ("vote against hostile amendments", AskKind.REJECT_AMENDMENTS)])


def test_scorecard_accessibility_basics(page, live_server, campaign):
    page.goto(f"{live_server.url}/campaigns/hrd/")
    assert page.locator("h1").count() == 1
    assert page.locator("tr[data-state=ARG] td").nth(1).get_attribute("data-status") == "done"

    # Every form control has a label (a <label>, aria-label or aria-labelledby).
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'input:not([type=hidden]), select, textarea')].filter(el =>
        !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
        && !el.getAttribute('aria-labelledby')).map(el => el.outerHTML)""")
    assert unlabelled == []
    assert page.locator("select#group").count() == 1
    buttons = page.evaluate("""() => [...document.querySelectorAll('button')]
        .filter(b => !b.textContent.trim() && !b.getAttribute('aria-label')).length""")
    assert buttons == 0

    # Images and inline SVG have accessible names; the SVG files carry a <title> too.
    images = page.evaluate("""() => [...document.querySelectorAll('img')]
        .map(i => ({alt: i.getAttribute('alt') || '', src: i.getAttribute('src'),
                    ok: i.complete && i.naturalWidth > 0}))""")
    assert len(images) == 3
    for image in images:
        assert len(image["alt"].strip()) > 20 and image["ok"], image
        svg = page.request.get(live_server.url + image["src"])
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert "<title" in svg.text() and 'role="img"' in svg.text()
    assert re.search(r" 5; .* 190\.$", images[1]["alt"]), images[1]  # totals: five sponsors
    inline = page.evaluate("""() => [...document.querySelectorAll('svg')].filter(s =>
        s.getAttribute('aria-hidden') !== 'true' && !s.getAttribute('aria-label')
        && !s.getAttribute('aria-labelledby') && !s.querySelector('title')).length""")
    assert inline == 0

    # The keyboard reaches the downloads, and the focus is visible there.
    wanted = {"scorecard.csv": None, "scorecard.json": None}
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const el = document.activeElement;
            const s = getComputedStyle(el);
            return {href: el.getAttribute('href') || '', outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
        for key in wanted:
            if focused["href"].endswith(key):
                wanted[key] = focused
        if all(wanted.values()):
            break
    assert all(wanted.values()), wanted
    for focused in wanted.values():
        assert (focused["outline"] != "none" and focused["width"] >= 2) or \
            focused["shadow"] != "none", focused

    # Legend text against what is behind it: WCAG AA (4.5:1 for normal text).
    legend = page.locator("ul.legend .legend-label, ul.legend .swatch")
    assert legend.count() >= 18
    for n in range(legend.count()):
        result = legend.nth(n).evaluate(CONTRAST_JS)
        assert result["ratio"] >= 4.5, result
    # The cells of the table use the same pairs.
    for n in range(page.locator("td.st").count())[:40]:
        result = page.locator("td.st").nth(n).evaluate(CONTRAST_JS)
        assert result["ratio"] >= 4.5, result


def test_scorecard_works_without_javascript(browser, live_server, campaign):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/campaigns/hrd/")
        page.select_option("select#group", "GRULAC")
        page.click("form.inline-fields button[type=submit]")
        page.wait_for_load_state()
        assert "group=GRULAC" in page.url
        groups = page.locator("table.scorecard-table").evaluate_all(
            "ts => ts.map(t => t.dataset.group)")
        assert groups == ["GRULAC"]
    finally:
        context.close()
