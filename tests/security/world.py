"""A realistic world for the security suites, built the way it happens in production:
sign-ons through the public form, confirmations through the emailed links, moderation and
publication through the coordinator's pages. Only what no page offers (an anonymous
sign-on's name in another script) goes through a service."""

import io
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter, publish_through_page
from undersigned.core.services import coordinator_create
from undersigned.letters import services as letter_services
from undersigned.letters.models import DuplicateSignOn, Letter, Signature

LANGS = ("en", "fr", "zh-hant")
FORMATS = ("pdf", "docx", "html", "markdown", "text", "csv", "xlsx", "json")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
CSRF_HEADER = re.compile(r'"X-CSRFToken": "[^"]*"')


def without_csrf(body: bytes | str) -> str:
    text = body.decode() if isinstance(body, bytes) else body
    return CSRF_HEADER.sub('"X-CSRFToken": "-"', CSRF_INPUT.sub('name="csrfmiddlewaretoken"', text))


@dataclass
class Party:
    """One sign-on: what was typed, and what must stay private."""

    key: str
    name: str
    contact_name: str
    contact_email: str
    acronym: str = ""
    website: str = ""
    anonymous: bool = False
    lang: str = "en"
    state: str = "pending"  # the state it is left in
    zh_name: str = ""  # a registry name in Traditional Chinese

    def form(self) -> dict:
        return form_data(name=self.name, acronym=self.acronym, website=self.website,
                         contact_name=self.contact_name, contact_email=self.contact_email,
                         visibility="anonymous" if self.anonymous else "publish")

    @property
    def secrets(self) -> list[str]:
        """What no page or file visible without login may show."""
        out = [self.contact_email, self.contact_name]
        if self.anonymous:
            out.append(self.contact_email.split("@")[1])
            out += [self.name, self.name.lower(), self.name.upper()]
            out += [s for s in (self.acronym, self.zh_name) if s]
            if self.website:
                out.append(self.website.split("://")[-1])
        return out


PARTIES = [
    Party("named", "Openly Named Coalition", "Alice Secretname", "alice.secret@named-coal.example",
          acronym="ONC", website="https://named-coal.example", state="approved",
          zh_name="公開署名聯盟"),
    Party("hidden", "Hidden Defenders Network", "Bob Hiddenperson", "bob.hidden@hdn-risk.example",
          acronym="HDNX", website="https://hdn-risk.example", anonymous=True, lang="zh-hant",
          state="approved", zh_name="隱匿捍衛者網絡"),
    Party("hidden_fr", "Collectif Discret Qorvane", "Chloé Cachée", "chloe@qorvane-discret.example",
          acronym="CDQV", website="https://qorvane-discret.example", anonymous=True, lang="fr",
          state="approved"),
    Party("anon_pending", "Quiet Pending Zyxgroup", "Dmitri Pendingcontact",
          "dmitri@zyxgroup-pending.example", acronym="QPZX", anonymous=True, state="pending"),
    Party("anon_confirmed", "Confirmed Unseen Vexalia", "Esther Confirmedcontact",
          "esther@vexalia-unseen.example", acronym="CUVX", anonymous=True, state="confirmed"),
    Party("anon_rejected", "Rejected Masked Wortholm", "Farid Rejectedcontact",
          "farid@wortholm-masked.example", anonymous=True, state="rejected"),
    Party("anon_withdrawn", "Withdrawn Shadow Plurnet", "Greta Withdrawncontact",
          "greta@plurnet-shadow.example", acronym="WSPN", anonymous=True, state="withdrawn"),
    Party("named_pending", "Pending Open Trellisor", "Hugo Pendingnamed",
          "hugo@trellisor.example", state="pending"),
    Party("named_rejected", "Rejected Impostor Quonfield", "Ines Rejectednamed",
          "ines@quonfield.example", state="rejected"),
    Party("named_withdrawn", "Later Withdrawn Brackwell", "Jamal Laterwithdrawn",
          "jamal@brackwell.example", state="approved_then_withdrawn"),
    Party("named_fr", "Ligue Publique Orvalle", "Karim Publiccontact", "karim@orvalle.example",
          lang="fr", state="approved"),
]

# A stranger signs for the hidden organisation, typing its name in another case.
STRANGER = Party("stranger", "hidden defenders network", "Eve Strangerperson",
                 "eve@stranger-probe.example", website="https://stranger-probe.example")


@dataclass
class World:
    letter: Letter
    coordinator: object
    coord: Client
    parties: dict[str, Party]
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> confirm/withdraw
    editions: list[int] = field(default_factory=list)

    @property
    def secrets(self) -> list[str]:
        out = [s for p in self.parties.values() for s in p.secrets]
        return out + STRANGER.secrets

    def sig(self, key: str) -> Signature:
        p = self.parties[key]
        return Signature.objects.filter(letter=self.letter, name=p.name).latest("created_at")


def last_mail_to(address: str):
    found = [m for m in mail.messages() if address in m["To"]]
    assert found, f"no mail to {address}"
    return found[-1]


def build_world() -> World:
    coordinator, _pw = coordinator_create(username="coord-sec", password="coord-sec-passphrase")
    coord = Client()
    coord.force_login(coordinator)
    letter = make_letter(languages=LANGS, title="Joint letter on civic space")
    world = World(letter=letter, coordinator=coordinator, coord=coord,
                  parties={p.key: p for p in PARTIES})
    public = Client()
    for p in PARTIES:
        r = public.post(f"/{letter.slug}/{p.lang}/", p.form())
        assert r.status_code == 302, (p.key, r.content.decode()[:2000])
        msg = last_mail_to(p.contact_email)
        [confirm] = mail.links(msg, "confirm")
        [withdraw] = mail.links(msg, "withdraw")
        world.tokens[p.key] = {"confirm": confirm, "withdraw": withdraw}
        if p.zh_name:  # its name in Chinese, as this letter prints it (the names page
            # lists named sign-ons only: an anonymous one's is set through the service)
            sig = Signature.objects.get(letter=letter, name=p.name)
            if p.anonymous:
                letter_services.signature_name_set(signature=sig, lang="zh-hant",
                                                   text=p.zh_name)
            else:
                r = coord.post(f"/manage/letters/{letter.slug}/names/zh-hant/",
                               {f"name-{sig.public_id}": p.zh_name})
                assert r.status_code == 302
    for p in PARTIES:
        sig = world.sig(p.key)
        if p.state == "pending":
            continue
        r = Client().post(world.tokens[p.key]["confirm"])
        assert r.status_code == 200, p.key
        if p.state in ("approved", "approved_then_withdrawn"):
            _coord_action(world, sig, "approve")
        elif p.state == "rejected":
            _coord_action(world, sig, "reject", reason="Not a real organisation")
        elif p.state == "withdrawn":
            assert Client().post(world.tokens[p.key]["withdraw"]).status_code == 200

    # The stranger's repeat sign-on for the hidden organisation.
    r = public.post(f"/{letter.slug}/en/", STRANGER.form())
    assert r.status_code == 302
    assert DuplicateSignOn.objects.filter(signature=world.sig("hidden")).count() == 1
    msg = last_mail_to(STRANGER.contact_email)
    world.tokens["stranger"] = {"confirm": mail.links(msg, "confirm")[0],
                                "withdraw": mail.links(msg, "withdraw")[0]}

    # A change of the French text while open: everyone who signed is emailed the diff.
    r = coord.post(f"/manage/letters/{letter.slug}/text/fr/", {
        "title": "Lettre conjointe sur l'espace civique", "recipients": "Aux États membres",
        "body_md": "Nous, soussignés, **demandons** :", "asks": "s'engager\ncoparrainer"})
    assert r.status_code == 302

    # Edition 1, then a withdrawal (requested by the signatory, done by a coordinator), then 2.
    _publish(world)
    assert Client().post(world.tokens["named_withdrawn"]["withdraw"]).status_code == 200
    _coord_action(world, world.sig("named_withdrawn"), "withdraw", reason="asked by email")
    _publish(world)
    assert world.editions == [1, 2]
    return world


def _coord_action(world: World, sig: Signature, action: str, **data):
    r = world.coord.post(f"/manage/signatures/{sig.public_id}/{action}/", data)
    assert r.status_code == 302
    sig.refresh_from_db()
    expected = {"approve": "approved", "reject": "rejected", "withdraw": "withdrawn"}[action]
    assert sig.state == expected, (sig.name, sig.state)


def _publish(world: World):
    r = publish_through_page(world.coord, world.letter.slug)
    assert r.status_code == 302
    world.letter.refresh_from_db()
    world.editions = sorted(world.letter.editions.values_list("number", flat=True))


# --- reading files as text ------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                             capture_output=True, timeout=60)
    return out.stdout.decode("utf-8")


def zip_xml_text(data: bytes) -> str:
    """Every XML part of a docx/xlsx, and the text of its nodes (runs joined)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                xml = zf.read(name).decode("utf-8")
                parts.append(xml)
                parts.append(re.sub(r"<[^>]+>", "", xml))
    text = "\n".join(parts)
    import html

    return text + "\n" + html.unescape(text)


def file_text(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return pdf_text(data)
    if fmt in ("docx", "xlsx"):
        return zip_xml_text(data)
    return data.decode("utf-8-sig")
