"""Nothing visible without login, and no email to someone else, shows a contact's email or
name, or the name (acronym, website, registry names) of an organisation that asked not to be
named. The anonymous organisations are counted, never named."""

import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter, publish_through_page
from tests.security.world import (
    FORMATS,
    LANGS,
    PARTIES,
    STRANGER,
    build_world,
    file_text,
    last_mail_to,
    without_csrf,
)
from undersigned.letters import services
from undersigned.letters.models import DuplicateSignOn, Signature

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r'(?:href|src|hx-get|action)="([^"#]+)')


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.SIGNON_RATE_PER_IP = 1000
    settings.SIGNON_RATE_PER_EMAIL = 1000


def _as_text(response) -> str:
    ctype = response.get("Content-Type", "")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    for fmt, marker in (("pdf", "pdf"), ("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")):
        if marker in ctype:
            return file_text(fmt, data)
    return data.decode("utf-8-sig", errors="replace")


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Every same-site URL reachable from ``start`` (downloads included), as text."""
    seen, queue, pages = set(), list(start), {}
    while queue:
        url = queue.pop()
        parts = urlsplit(url)
        if parts.netloc or parts.scheme or not url.startswith("/"):
            continue
        if url in seen or url.startswith("/static/"):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            pages[url] = f"redirect to {response['Location']}"
            continue
        text = _as_text(response)
        pages[url] = text
        if "html" in response.get("Content-Type", ""):
            queue += [u.replace("&amp;", "&") for u in LINK.findall(text)]
    return pages


def assert_no_secret(text: str, secrets, where: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret!r} appears in {where}"


def test_nothing_public_shows_a_contact_or_an_anonymous_signatory():
    world = build_world()
    slug = world.letter.slug
    client = Client()
    start = ["/", f"/{slug}/", f"/{slug}/editions/"]
    start += [f"/{slug}/{lang}/" for lang in LANGS]
    start += [f"/{slug}/{lang}/thanks/" for lang in LANGS]
    for n in world.editions:
        for lang in LANGS:
            start.append(f"/{slug}/edition/{n}/{lang}/")
            start += [f"/{slug}/edition/{n}/{lang}/?layout={layout}"
                      for layout in ("both", "translation", "original")]
            start += [f"/{slug}/edition/{n}/{lang}/{fmt}/" for fmt in FORMATS]
            start += [f"/{slug}/edition/{n}/{lang}/{fmt}/?layout=original" for fmt in FORMATS]
    pages = crawl(client, start)

    downloads = [u for u in pages if re.search(r"/edition/\d+/[^/]+/[a-z]+/", u)]
    assert len(downloads) >= len(world.editions) * len(LANGS) * len(FORMATS)
    everything = "\n".join(pages.values())
    for url, text in pages.items():
        assert_no_secret(text, world.secrets, url)

    # The named signatories are listed, the anonymous ones counted (2 approved).
    assert "Openly Named Coalition" in everything
    assert "公開署名聯盟" in pages[f"/{slug}/edition/2/zh-hant/"]  # its zh-hant name on this letter
    assert "And 2 organisations that asked not to be named." in pages[f"/{slug}/en/"]
    for n in world.editions:
        edition_json = json.loads(pages[f"/{slug}/edition/{n}/en/json/"])
        assert edition_json["anonymous_count"] == 2
        assert "2" in edition_json["closing"]
        rows = list(csv.reader(io.StringIO(pages[f"/{slug}/edition/{n}/en/csv/"])))
        assert any("2" in cell for cell in rows[-1]), rows[-1]
        assert "2" in pages[f"/{slug}/edition/{n}/en/pdf/"]
    # The withdrawal between the editions is shown as such (a name that was public).
    assert "Later Withdrawn Brackwell" in pages[f"/{slug}/edition/1/en/"]
    assert "Later Withdrawn Brackwell" not in pages[f"/{slug}/edition/2/en/json/"]


def test_error_and_token_pages_show_nothing_of_anyone_else():
    world = build_world()
    slug = world.letter.slug
    bodies = {}
    client = Client()
    for path in ("/no-such-letter/", f"/{slug}/de/", f"/{slug}/edition/99/en/",
                 f"/{slug}/edition/1/en/exe/", f"/{slug}/edition/1/de/", "/confirm/garbage/",
                 "/withdraw/garbage/", f"/{slug}/zz/suggest/?name=Hidden"):
        r = client.get(path)
        assert r.status_code in (400, 404), (path, r.status_code)
        bodies[path] = r.content.decode()
    r = Client(HTTP_HOST="evil.example").get(f"/{slug}/en/")
    assert r.status_code == 400
    bodies["bad host"] = r.content.decode()
    r = Client(enforce_csrf_checks=True).post(f"/{slug}/en/", form_data())
    assert r.status_code == 403
    bodies["csrf"] = r.content.decode()
    # A sign-on posted after publication re-renders the page (409) with its public list.
    r = client.post(f"/{slug}/en/", form_data(name="Late Comer Org"))
    assert r.status_code == 409
    bodies["late"] = r.content.decode()
    r = client.post(f"/{slug}/en/", form_data(name="<b>", contact_email="x"))
    assert r.status_code in (400, 409)
    bodies["invalid"] = r.content.decode()
    for where, body in bodies.items():
        assert_no_secret(body, world.secrets, where)

    # Every emailed link, opened by someone else (a forwarded mail, a scanner): the page
    # names only the organisation the link is for, never a contact, never another one.
    everyone = PARTIES + [STRANGER]
    contacts = [s for p in everyone for s in (p.contact_email, p.contact_name)]
    for p in everyone:
        others = [s for q in everyone if q.anonymous and q.key != p.key for s in q.secrets]
        if p is STRANGER:  # the stranger typed the hidden organisation's name in lower case
            others = [s for s in others if s != STRANGER.name]
        for kind in ("confirm", "withdraw"):
            r = Client().get(world.tokens[p.key][kind])
            assert r.status_code in (200, 410), (p.key, kind, r.status_code)
            assert_no_secret(r.content.decode(), contacts + others, f"{p.key}'s {kind} page")


def test_emails_to_others_reveal_nothing():
    build_world()
    msgs = mail.messages()
    everyone = PARTIES + [STRANGER]
    by_address = {p.contact_email: p for p in everyone}
    assert len(msgs) > len(everyone)  # confirmations, and the text-change notices
    subjects = {m["Subject"] for m in msgs}
    assert any("changed" in s for s in subjects), subjects
    for msg in msgs:
        [to] = [a for a in by_address if a in msg["To"]]
        own = by_address[to]
        typed = {own.name, own.contact_name, own.contact_email, own.acronym, own.website}
        forbidden = [s for p in everyone if p is not own for s in p.secrets if s not in typed]
        text = f"{msg['Subject']}\n{msg['To']}\n{msg['Cc'] or ''}\n{mail.body(msg)}"
        assert_no_secret(text, forbidden, f"mail to {to}: {msg['Subject']}")
        assert msg["Cc"] is None and msg["Bcc"] is None
    # The stranger's mail names what the stranger typed, not the registered name.
    stranger_mail = last_mail_to(STRANGER.contact_email)
    assert STRANGER.name in mail.body(stranger_mail)
    assert "Hidden Defenders Network" not in mail.body(stranger_mail)


@pytest.mark.parametrize("hidden_state", ["approved", "pending", "confirmed"])
def test_a_signon_for_an_anonymous_org_looks_like_one_for_a_new_org(hidden_state):
    letter = make_letter()
    hidden = form_data(name="Secret Shelter Kollektiv", acronym="SSKV",
                       contact_email="keeper@shelter-kollektiv.example", visibility="anonymous")
    assert Client().post(f"/{letter.slug}/en/", hidden).status_code == 302
    sig = Signature.objects.get()
    if hidden_state in ("approved", "confirmed"):
        Client().post(mail.links(mail.messages()[0], "confirm")[0])
    if hidden_state == "approved":
        Signature.objects.filter(pk=sig.pk).update(state="approved")
    n_before = len(mail.messages())

    def submit(name, n):
        client = Client()
        client.get(f"/{letter.slug}/en/")
        data = form_data(name=name, contact_name=f"Prober {n}",
                         contact_email=f"prober{n}@probe.example", website="probe.example")
        response = client.post(f"/{letter.slug}/en/", data)
        followed = client.get(response["Location"])
        return response, followed

    fresh, fresh_page = submit("Completely New Initiative", 1)
    probe, probe_page = submit("Secret Shelter Kollektiv", 2)
    assert DuplicateSignOn.objects.count() == 1  # the probe was recognised as a repeat ...
    # ... and nothing in the answer says so.
    assert (fresh.status_code, fresh["Location"], fresh.content) == (
        probe.status_code, probe["Location"], probe.content)
    assert sorted(k for k in fresh.headers if k != "Set-Cookie") == sorted(
        k for k in probe.headers if k != "Set-Cookie")
    assert without_csrf(fresh_page.content) == without_csrf(probe_page.content)

    fresh_mail, probe_mail = mail.messages()[n_before:]
    assert fresh_mail["Subject"] == probe_mail["Subject"]

    def shape(msg, name, n):
        text = mail.body(msg)
        text = mail.without_tokens(text)
        return text.replace(name, "ORG").replace(f"Prober {n}", "PERSON")

    assert shape(fresh_mail, "Completely New Initiative", 1) == shape(
        probe_mail, "Secret Shelter Kollektiv", 2)
    assert "keeper@" not in mail.body(probe_mail) and "SSKV" not in mail.body(probe_mail)
    assert sorted(k for k in fresh_mail.keys() if k not in ("To", "Message-ID", "Date")) == \
        sorted(k for k in probe_mail.keys() if k not in ("To", "Message-ID", "Date"))


def test_suggestions_never_name_an_anonymous_signatory():
    world = build_world()
    slug = world.letter.slug
    hidden = [p for p in PARTIES if p.anonymous]
    probes = set()
    for p in hidden:
        name = p.name
        probes |= {name, name.lower(), name.upper(), name[:3], name[:6], name[:10],
                   name.rsplit(" ", 1)[0], name.split(" ", 1)[1],
                   name[:5] + name[6:],  # a letter dropped
                   name[:4] + name[5] + name[4] + name[6:],  # two swapped
                   name.replace("e", "3", 1), name + " (Kenya)", f"The {name}"}
        probes |= {s for s in (p.acronym, p.zh_name, p.zh_name[:3], p.website) if s}
        if p.zh_name:  # the same name in Simplified characters
            import opencc

            simplified = opencc.OpenCC("t2s").convert(p.zh_name)
            probes |= {simplified, simplified[:4], p.zh_name[1:]}
    client = Client()
    for lang in LANGS:
        for probe in sorted(probes):
            r = client.get(f"/{slug}/{lang}/suggest/", {"name": probe})
            assert r.status_code == 200
            body = r.content.decode()
            assert_no_secret(body, world.secrets, f"suggest {lang} {probe!r}")
    # The endpoint does work: a named signatory is suggested, and noted as signed here.
    body = client.get(f"/{slug}/en/suggest/", {"name": "Openly Named Coalition"}).content.decode()
    assert "Openly Named Coalition" in body
    body = client.get(f"/{slug}/zh-hant/suggest/", {"name": "公開署名聯盟"}).content.decode()
    assert "Openly Named Coalition" in body or "公開署名聯盟" in body


def _hidden_inputs(html: str, marker: str) -> list[tuple[str, str]]:
    """The hidden inputs of the form that contains ``marker``."""
    from html import unescape

    form = next(f for f in re.findall(r"<form.*?</form>", html, re.S) if marker in f)
    return [(unescape(n), unescape(v)) for n, v in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)]


def test_a_sheet_import_keeps_its_anonymous_rows_anonymous(tmp_path):
    """Sign-ons collected elsewhere (a form export) and imported by a coordinator: the rows
    that said "do not publish" are counted, never named, whatever the spelling."""
    world_letter = make_letter(languages=LANGS)
    from undersigned.core.services import coordinator_create

    user, _pw = coordinator_create(username="importer", password="importer-passphrase")
    coord = Client()
    coord.force_login(user)
    rows = [("Imported Public Alliance", "Yes", "pub@imported.example", "Pat Publiccontact"),
            ("Imported Hidden Sisterhood", "No", "hid@sisterhood-hidden.example",
             "Hana Hiddencontact"),
            ("Imported Anonyme Vexillum", "Non, anonyme", "anon@vexillum.example",
             "Anouk Anonymecontact"),
            ("Imported Unclear Trollheim", "maybe later", "unclear@trollheim.example",
             "Uma Unclearcontact"),
            ("匿名人權小組", "否", "zh@hidden-zh.example", "陳秘密")]
    sheet = "Timestamp,Organisation name,Country,Contact name,Email,May we publish your name?\n"
    sheet += "".join(f"2026-01-0{i + 1} 10:00,{name},KE,{person},{email},{answer}\n"
                     for i, (name, answer, email, person) in enumerate(rows))
    path = tmp_path / "signons.csv"
    path.write_text(sheet, encoding="utf-8")
    url = f"/manage/import/letters/{world_letter.slug}/signons/"
    with path.open("rb") as fh:
        r = coord.post(url, {"file": fh})
    assert r.status_code == 200, r.content.decode()[:3000]
    fields = _hidden_inputs(r.content.decode(), 'name="confirm"')
    r = coord.post(url, _multi([*fields, ("verified", "1")]))
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Signature.objects.filter(letter=world_letter).count() == len(rows)
    for sig in Signature.objects.filter(letter=world_letter):
        assert coord.post(f"/manage/signatures/{sig.public_id}/approve/").status_code == 302
    assert publish_through_page(coord, world_letter.slug).status_code == 302

    slug = world_letter.slug
    start = [f"/{slug}/{lang}/" for lang in LANGS] + ["/", f"/{slug}/editions/"]
    start += [f"/{slug}/edition/1/{lang}/{fmt}/" for lang in LANGS for fmt in FORMATS]
    pages = crawl(Client(), start)
    everything = "\n".join(pages.values())
    assert "Imported Public Alliance" in everything
    secrets = [s for name, answer, email, person in rows for s in (email, person)]
    secrets += [name for name, answer, _e, _p in rows if answer != "Yes"]
    for url, text in pages.items():
        assert_no_secret(text, secrets, url)
    assert "And 4 organisations that asked not to be named." in pages[f"/{slug}/en/"]


def _multi(pairs):
    out: dict[str, list[str]] = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return out


class _Probers:
    """Two strangers: one signs for a new organisation, one for an organisation that signed
    anonymously. Whatever happens next must look the same to both."""

    def __init__(self):
        self.letter = make_letter()
        hidden = form_data(name="Guarded Witness Kollektiv", contact_email="w@guarded-kw.example",
                           visibility="anonymous")
        Client().post(f"/{self.letter.slug}/en/", hidden)
        Client().post(mail.links(last_mail_to(hidden["contact_email"]), "confirm")[0])
        Signature.objects.update(state="approved")
        self.names = {"fresh": "Brand New Probe Union", "repeat": "Guarded Witness Kollektiv"}
        self.links = {}
        for key, name in self.names.items():
            data = form_data(name=name, contact_email=f"{key}@prober.example",
                             contact_name="Probe Person", website="prober.example")
            assert Client().post(f"/{self.letter.slug}/en/", data).status_code == 302
            msg = last_mail_to(data["contact_email"])
            self.links[key] = {"confirm": mail.links(msg, "confirm")[0],
                               "withdraw": mail.links(msg, "withdraw")[0]}
        assert DuplicateSignOn.objects.count() == 1

    def page(self, key, kind, method="post") -> str:
        response = getattr(Client(), method)(self.links[key][kind])
        text = without_csrf(response.content).replace(self.names[key], "ORG")
        return f"{response.status_code}\n{text}"

    def mails(self, key) -> list[str]:
        out = []
        for msg in mail.messages():
            if f"{key}@prober.example" in msg["To"]:
                body = mail.without_tokens(mail.body(msg))
                out.append(f"{msg['Subject']}\n{body.replace(self.names[key], 'ORG')}")
        return out


def test_confirming_a_repeat_signon_looks_like_confirming_a_new_one():
    p = _Probers()
    assert p.page("fresh", "confirm", "get") == p.page("repeat", "confirm", "get")
    assert p.page("fresh", "withdraw", "get") == p.page("repeat", "withdraw", "get")
    assert p.page("fresh", "confirm") == p.page("repeat", "confirm")
    assert p.page("fresh", "confirm") == p.page("repeat", "confirm")  # replayed: both used


def test_a_text_change_does_not_tell_a_repeat_signon_apart():
    p = _Probers()
    Client().post(p.links["fresh"]["confirm"])
    Client().post(p.links["repeat"]["confirm"])
    services.translation_save(letter=p.letter, lang="en", title="Changed title",
                              body_md="A changed text.", asks=["a changed ask"])
    assert p.mails("fresh") == p.mails("repeat")


def test_a_withdrawal_after_publication_does_not_tell_a_repeat_signon_apart():
    from undersigned.publishing.services import edition_publish

    p = _Probers()
    Client().post(p.links["fresh"]["confirm"])
    Client().post(p.links["repeat"]["confirm"])
    edition_publish(letter=p.letter)
    assert p.page("fresh", "withdraw", "get") == p.page("repeat", "withdraw", "get")
    assert p.page("fresh", "withdraw") == p.page("repeat", "withdraw")
