"""Accessibility, checked in Debian's chromium: axe-core (bundled in axe-playwright-python,
nothing downloaded at run time) over every public page and every coordinator page, in
English, Chinese and Arabic, with no serious or critical violation and no landmark or
heading-order one; the keyboard reaches every control with a visible focus; a failed
sign-on puts its error summary in view with the focus on it.

One browser context per language crawls all the pages (a launch costs more than a page),
so the whole check stays a minute or two on the CI machine."""

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.backends.db import SessionStore

from tests import mail
from tests.conftest import need
from tests.factories import form_data, make_letter, signon
from undersigned.advocacy import services as adv
from undersigned.advocacy.models import AskKind, Resolution
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.letters.tokens import make_withdraw_token
from undersigned.publishing.services import edition_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"en": "en-GB", "zh-hant": "zh-TW", "ar": "ar"}
# WCAG 2.0-2.2 A and AA, and the best practices on landmarks and headings.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ALWAYS = {"heading-order", "landmark-one-main", "page-has-heading-one", "region",
          "landmark-unique", "landmark-no-duplicate-main", "landmark-no-duplicate-banner",
          "landmark-no-duplicate-contentinfo", "bypass"}
REPORT = Path(__file__).resolve().parents[2] / "var" / "axe-report.json"


def _axe_script() -> str:
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:  # pragma: no cover - the test extra installs it
        need(False, "axe-playwright-python is not installed (pip install -e '.[test]')")
    return AXE_SCRIPT


def _texts(letter, **by_lang):
    for lang, (title, body, ask) in by_lang.items():
        services.translation_save(letter=letter, lang=lang, title=title, body_md=body,
                                  recipients="", asks=[ask])


@pytest.fixture
def world(live_server, client):
    """Letters in every state a coordinator meets, a campaign, and the links a signer gets."""
    letter = make_letter(slug="a11y-open", languages=("en", "zh-hant", "ar"))
    _texts(letter,
           **{"zh-hant": ("聯名信：保護人權捍衛者", "我們，下列簽署的組織，呼籲：", "共同提案決議"),
              "ar": ("رسالة مشتركة: حماية المدافعين", "نحن المنظمات الموقعة أدناه ندعو إلى:",
                     "المشاركة في رعاية القرار")})
    for i, name in enumerate(["Amnesty Section Nord", "台灣人權促進會", "مركز حقوق الإنسان",
                              "Frontline Group", "Civic Space Watch"]):
        services.signature_submit(letter=letter, lang="en", verified=True,
                                  data=signon(name=name, publish_name=i != 4))
        if i < 3 or i == 4:
            services.signature_approve(signature=Signature.objects.get(name=name), actor=None)
    edition_publish(letter=letter, close_sign_on=False)  # an interim edition
    published = make_letter(slug="a11y-published", languages=("en", "zh-hant", "ar"))
    _texts(published, **{"zh-hant": ("已發表的聯名信", "正文。", "要求"),
                         "ar": ("رسالة منشورة", "النص.", "مطلب")})
    services.signature_submit(letter=published, lang="en", verified=True,
                              data=signon(name="Published Signatory"))
    sig = Signature.objects.get(name="Published Signatory")
    services.signature_approve(signature=sig, actor=None)
    edition_publish(letter=published)
    # A sign-on by mail: its confirmation and withdrawal links.
    client.post(f"/{letter.slug}/ar/", form_data(name="جمعية الاختبار"))
    message = mail.messages()[-1]
    [confirm] = mail.links(message, "confirm")
    [withdraw] = mail.links(message, "withdraw")
    draft = make_letter(slug="a11y-draft", status="draft", languages=("en", "ar"))
    resolution = Resolution.objects.create(
        symbol="A/HRC/RES/52/4", title="Human rights defenders", body="HRC", session="52",
        tabled_on=dt.date(2023, 3, 30), acted_on=dt.date(2023, 4, 4))
    adv.sponsors_import(resolution, "Albania, Argentina, Chile, Ghana")
    campaign = adv.campaign_create(
        name="Renew the HRD mandate", slug="a11y-hrd", letter=letter, resolution=resolution,
        published=True, asks=[("engage in the negotiations", AskKind.ENGAGE),
                              ("co-sponsor the resolution", AskKind.COSPONSOR)])
    user, _ = coordinator_create(username="a11y", password="a-long-passphrase-a11y")
    waiting = Signature.objects.get(name="Frontline Group")
    return {"letter": letter, "published": published, "draft": draft, "confirm": confirm,
            "withdraw": withdraw, "campaign": campaign, "resolution": resolution,
            "user": user, "sig": waiting,
            "withdraw_published": f"/withdraw/{make_withdraw_token(sig.public_id)}/"}


def _public_pages(w, lang):
    slug, pub = w["letter"].slug, w["published"].slug
    return [
        "/", f"/{slug}/{lang}/", f"/{slug}/{lang}/thanks/", f"/{pub}/{lang}/",
        f"/{pub}/editions/", f"/{pub}/edition/1/{lang}/", f"/{slug}/edition/1/{lang}/",
        w["confirm"], w["withdraw"], w["withdraw_published"], "/confirm/not-a-token/",
        f"/campaigns/{w['campaign'].slug}/", "/login/",
    ]


def _coordinator_pages(w, lang):
    slug, pub, draft = w["letter"].slug, w["published"].slug, w["draft"].slug
    c, sig = w["campaign"].pk, w["sig"]
    return [
        "/manage/", "/manage/letters/new/", f"/manage/letters/{slug}/",
        f"/manage/letters/{pub}/", f"/manage/letters/{draft}/",
        f"/manage/letters/{slug}/signatures/", f"/manage/letters/{slug}/signatures/?state=confirmed",
        f"/manage/letters/{pub}/signatures/?state=withdrawal",
        f"/manage/signatures/{sig.public_id}/", f"/manage/letters/{slug}/text/{lang}/",
        f"/manage/letters/{slug}/text/en/", f"/manage/letters/{slug}/names/zh-hant/",
        f"/manage/letters/{slug}/roles/", f"/manage/letters/{slug}/audit/",
        f"/manage/letters/{slug}/publish/", f"/manage/letters/{pub}/publish/",
        "/manage/registry/duplicates/", f"/manage/registry/duplicates/{slug}/",
        "/manage/import/letter/", f"/manage/import/letters/{slug}/signons/",
        "/manage/advocacy/", "/manage/advocacy/resolutions/new/",
        f"/manage/advocacy/resolutions/{w['resolution'].pk}/", "/manage/advocacy/compare/",
        "/manage/advocacy/calendar/", "/manage/advocacy/campaigns/new/",
        f"/manage/advocacy/campaigns/{c}/", f"/manage/advocacy/campaigns/{c}/edit/",
        f"/manage/advocacy/campaigns/{c}/states/ARG/",
        "/account/", "/account/sessions/",
    ]


def _axe(page, script):
    page.evaluate(script)
    return page.evaluate("opts => axe.run(document, opts)",
                         {"runOnly": {"type": "tag", "values": TAGS},
                          "resultTypes": ["violations"]})


def _problems(result, url):
    out = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS:
            out.append({"url": url, "rule": v["id"], "impact": v["impact"],
                        "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]],
                        "html": [n["html"][:200] for n in v["nodes"][:3]]})
    return out


def _login(context, live_server, user):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    context.add_cookies([{"name": "sessionid", "value": session.session_key,
                          "url": live_server.url}])


def test_every_page_in_three_languages_passes_axe(browser, live_server, world):
    script = _axe_script()
    server = urlsplit(live_server.url).netloc
    problems, counts = [], {}
    for lang, locale in LANGUAGES.items():
        context = browser.new_context(locale=locale,
                                      extra_http_headers={"Accept-Language": locale})
        page = context.new_page()
        foreign = []
        page.on("request", lambda r, foreign=foreign: foreign.append(r.url)
                if urlsplit(r.url).scheme in ("http", "https")
                and urlsplit(r.url).netloc != server else None)
        checked = 0
        pages = [(p, False) for p in _public_pages(world, lang)]
        pages += [(p, True) for p in _coordinator_pages(world, lang)]
        logged_in = False
        for path, coordinator in pages:
            if coordinator and not logged_in:
                _login(context, live_server, world["user"])
                logged_in = True
            response = page.goto(live_server.url + path)
            assert response is not None and response.status < 500, (path, response.status)
            page.wait_for_load_state("domcontentloaded")
            if coordinator:  # the interface is in the browser's language, and says so
                assert page.evaluate("document.documentElement.lang") == lang, path
                assert page.evaluate("document.documentElement.dir") == (
                    "rtl" if lang == "ar" else "ltr"), path
            problems += _problems(_axe(page, script), f"{lang} {path}")
            checked += 1
        # The bulk confirmation (a POST's answer): select a row, press "Approve selected".
        page.goto(f"{live_server.url}/manage/letters/{world['letter'].slug}/signatures/"
                  "?state=confirmed")
        page.locator("tbody input[name=ids]").first.check()
        page.click("form#bulk button[value=approve]")
        page.wait_for_load_state("domcontentloaded")
        assert page.locator("form input[name=confirm]").count() == 1
        problems += _problems(_axe(page, script), f"{lang} bulk confirmation")
        # A failed sign-on: the error summary, focused, is checked too.
        context.clear_cookies()
        page.goto(f"{live_server.url}/{world['letter'].slug}/{lang}/")
        page.click("#sign button[type=submit]")
        page.wait_for_load_state("domcontentloaded")
        problems += _problems(_axe(page, script), f"{lang} failed sign-on")
        counts[lang] = {"pages": checked + 2,
                        "serious_or_critical": sum(1 for p in problems
                                                   if p["url"].startswith(lang + " "))}
        assert foreign == [], foreign
        context.close()
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({"counts": counts, "problems": problems}, indent=1,
                                 ensure_ascii=False))
    print("axe:", json.dumps(counts))
    assert problems == [], json.dumps(problems, indent=1, ensure_ascii=False)[:8000]


@pytest.fixture
def quiet_page(browser):
    """A page whose 400 answers are expected (the page fixture counts them as errors)."""
    context = browser.new_context(locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_failed_sign_on_shows_its_summary_in_view_with_the_focus(quiet_page, live_server,
                                                                  lang):
    page = quiet_page
    letter = make_letter(languages=("en", "ar"))
    page.goto(f"{live_server.url}/{letter.slug}/{lang}/")
    page.fill("#id_name", "x" * 10)
    page.fill("#id_contact_email", "not-an-address")
    page.click("#sign button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = summary.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]  # in view, not below the letter
    links = summary.locator("a")
    assert links.count() >= 3  # country, contact name, email
    # A link moves the focus to its field.
    summary.locator("a[href='#id_contact_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_contact_email"
    # The browser keeps the server's limit.
    assert page.locator("#id_name").get_attribute("maxlength") == "300"
    page.fill("#id_name", "n" * 400)
    assert len(page.locator("#id_name").input_value()) == 300


def test_the_keyboard_reaches_every_control_with_a_visible_focus(page, live_server, world):
    def walk(url, limit=400):
        # Tab visits every control once (a radio group is one stop: arrows move inside).
        page.goto(live_server.url + url)
        page.wait_for_load_state("domcontentloaded")
        wanted = set(page.evaluate("""() => [...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, summary')]
            .filter(e => !e.disabled && e.offsetParent !== null && e.tabIndex >= 0
                    && !e.closest('[aria-hidden=true]'))
            .map((e, i) => e.dataset.k = e.type === 'radio' ? 'radio:' + e.name
                                                                : String(i))""") or [])
        reached, unseen = set(), []
        for _ in range(limit):
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const e = document.activeElement;
                if (!e || e === document.body) return null;
                const s = getComputedStyle(e);
                return {k: e.dataset.k || null, outline: s.outlineStyle !== 'none'
                        && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none',
                        tag: e.tagName, text: (e.innerText || e.value || '').slice(0, 40)}; }""")
            if info is None or info["k"] is None:
                if reached:
                    break
                continue
            if info["k"] in reached:
                break
            reached.add(info["k"])
            if not (info["outline"] or info["shadow"]):
                unseen.append(info)
        missing = wanted - reached
        assert not missing, (url, len(missing), "controls never reached by Tab")
        assert unseen == [], (url, "focus not visible on", unseen[:5])

    walk(f"/{world['letter'].slug}/en/")
    session = SessionStore()
    user = world["user"]
    session.update({"_auth_user_id": str(user.pk),
                    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                    "_auth_user_hash": user.get_session_auth_hash()})
    session.create()
    page.context.add_cookies([{"name": "sessionid", "value": session.session_key,
                               "url": live_server.url}])
    walk(f"/manage/letters/{world['letter'].slug}/signatures/")
    walk(f"/manage/letters/{world['letter'].slug}/publish/")


def test_status_changes_are_announced(page, live_server, world):
    """Messages after an action, the "Is this you?" suggestions and the live preview are
    live regions, so a screen reader says what changed."""
    # The public edition: each number printed once, languages by their names.
    page.goto(f"{live_server.url}/{world['published'].slug}/edition/1/en/")
    first = page.locator("ol.edition-list li").first
    assert first.inner_text().startswith("1. Published Signatory")
    assert first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    switcher = page.locator("header nav .langs").inner_text()
    assert "العربية" in switcher and "中文" in switcher and "zh-hant" not in switcher
    page.goto(f"{live_server.url}/{world['letter'].slug}/en/")
    assert page.locator("#suggestions").get_attribute("aria-live") == "polite"
    session = SessionStore()
    user = world["user"]
    session.update({"_auth_user_id": str(user.pk),
                    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                    "_auth_user_hash": user.get_session_auth_hash()})
    session.create()
    page.context.add_cookies([{"name": "sessionid", "value": session.session_key,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/manage/letters/{world['letter'].slug}/signatures/"
              "?state=confirmed")
    page.locator("tr", has_text="Frontline Group").locator("button.primary").click()
    page.wait_for_load_state("domcontentloaded")
    status = page.locator("[role=status]").first
    assert "Frontline Group" in status.inner_text()
    assert page.url.endswith("#results") or re.search(r"#sig-", page.url)
    assert "state=confirmed" in page.url
    page.goto(f"{live_server.url}/manage/letters/{world['letter'].slug}/text/ar/")
    assert page.locator("#preview").get_attribute("aria-live") == "polite"
    assert page.locator("#id_body_md").get_attribute("dir") == "rtl"
    assert page.locator("#id_title").get_attribute("dir") == "rtl"
