"""The registry is shared by every letter; a coordinator of one letter must neither see nor
change another letter's signatories through it. Each attack is tried by the moderator,
translator, viewer and editor of one letter ("ours") against the organisations of another
("theirs": anonymous, pending, rejected and public), through the pages, as an attacker
would: no hidden name in any response, no change to the other letter, an audit entry on
every letter a change is allowed to touch."""

import pytest
from django.test import Client

from tests.factories import form_data, make_letter
from tests.security.test_leaks import crawl
from undersigned.audit.models import AuditEntry
from undersigned.core.services import coordinator_create
from undersigned.curation import services as curation
from undersigned.curation.models import LetterPairDecision, SignatureRelink
from undersigned.letters import services
from undersigned.letters.models import LetterRole, Signature
from undersigned.orgs.models import DuplicateDecision, Organization
from undersigned.publishing.selectors import edition_document
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ("moderator", "translator", "viewer", "editor")

# Their letter's organisations, by how they stand there, with what must stay hidden.
THEIRS = {
    "anonymous": dict(name="Hidden Kestrel Defenders Network", acronym="HKDN",
                      website="https://kestrel-hidden.example", zh="隱秘紅隼捍衛者網絡",
                      anonymous=True, state="approved"),
    "pending": dict(name="Pending Quillfern Rights Alliance", acronym="PQRA",
                    website="https://quillfern.example", state="pending"),
    "rejected": dict(name="Rejected Marrowind Civic Group", acronym="RMCG",
                     website="https://marrowind.example", state="rejected"),
    "public": dict(name="Public Tamsinvale Voices Coalition", acronym="PTVC",
                   website="https://tamsinvale.example", zh="公開坦辛谷之聲聯盟",
                   state="approved"),
}
HIDDEN = ("anonymous", "pending", "rejected")
# An organisation that signed both letters: theirs anonymously, ours by name.
BOTH = "Dual Orrinvale Human Rights Watch"


def _sign(letter, name, *, acronym="", website="", anonymous=False, state="approved",
          zh=""):
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name=name, acronym=acronym, website=website, contact_name="Private Person",
        contact_email=f"private{abs(hash(name)) % 10**8}@{name.split()[1].lower()}.example",
        publish_name=not anonymous))
    sig = Signature.objects.get(letter=letter, name=name, active=True)
    if state == "pending":
        Signature.objects.filter(pk=sig.pk).update(state="pending")
    elif state == "approved":
        services.signature_approve(signature=sig, actor=None)
    elif state == "rejected":
        services.signature_reject(signature=sig, actor=None, reason="not real")
    if zh:
        services.signature_name_set(signature=sig, lang="zh-hant", text=zh)
    sig.refresh_from_db()
    return sig


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    owner, _ = coordinator_create(username="their-owner", password="x" * 20, admin=False)
    theirs = make_letter(title="Their letter", created_by=owner)
    sigs = {key: _sign(theirs, **{k: v for k, v in spec.items()})
            for key, spec in THEIRS.items()}
    sigs["both"] = _sign(theirs, BOTH, acronym="DOHRW", anonymous=True)
    ours = make_letter(title="Our letter")
    # Anyone can sign a public letter: names like theirs, to fish for them in the queue.
    public = Client()
    for spec in THEIRS.values():
        fishing = spec["name"].replace("Network", "Netwrk").replace("Alliance", "Aliance") \
            .replace("Group", "Grup").replace("Coalition", "Coalitio")
        assert public.post(f"/{ours.slug}/en/", form_data(name=fishing)).status_code == 302
    ours_both = _sign(ours, BOTH)
    for sig in Signature.objects.filter(letter=ours, state="pending"):
        Signature.objects.filter(pk=sig.pk).update(state="confirmed")
        services.signature_approve(signature=sig, actor=None)
    return {"owner": owner, "theirs": theirs, "ours": ours, "sigs": sigs,
            "ours_both": ours_both}


def _attacker(world, role):
    user, _ = coordinator_create(username=f"attacker-{role}", password="y" * 20, admin=False)
    LetterRole.objects.create(letter=world["ours"], user=user, role=role)
    return user, _client(user)


def _secrets(world) -> list[str]:
    out = []
    for key in HIDDEN:
        spec = THEIRS[key]
        out += [spec["name"], spec["acronym"], spec["website"].split("//")[1]]
        out += [spec["zh"]] if spec.get("zh") else []
    return out + ["DOHRW"]


def _snapshot(letter):
    """Everything of a letter that a change through another letter must leave alone."""
    return sorted(Signature.objects.filter(letter=letter).values_list(
        "pk", "organization_id", "name", "names", "state", "active", "acronym"))


def assert_hidden(text: str, secrets, where: str):
    for secret in secrets:
        assert secret not in text, f"{secret!r} shows in {where}"


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_shows_nothing_of_another_letter(world, role):
    user, client = _attacker(world, role)
    ours = world["ours"]
    response = client.get(f"/manage/registry/duplicates/{ours.slug}/?threshold=0.3")
    if role != "moderator":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert_hidden(page, _secrets(world), "the review queue")
        for sig in world["sigs"].values():  # not even their registry ids
            if sig.name in [THEIRS[k]["name"] for k in HIDDEN]:
                assert str(sig.organization.public_id) not in page
        # The public organisation is public: it may be proposed, by its public name.
        assert THEIRS["public"]["name"] in page
    assert client.get("/manage/registry/duplicates/?threshold=0.3").status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(THEIRS))
def test_merges_with_another_letters_organisations_change_only_our_letter(world, role, kind):
    user, client = _attacker(world, role)
    theirs, ours = world["theirs"], world["ours"]
    target = world["sigs"][kind].organization
    fishing = Signature.objects.filter(letter=ours).exclude(name=BOTH).order_by("pk")
    mine = fishing[list(THEIRS).index(kind)].organization
    before = _snapshot(theirs)
    their_audit = AuditEntry.objects.filter(letter_id=theirs.pk).count()
    api_before = Client().get(f"/api/letters/{theirs.slug}/signatories").json()

    # Theirs into ours, ours into theirs, and "not the same".
    r2 = client.post("/manage/registry/merge/", {"source": target.public_id,
                                                 "target": mine.public_id}, follow=True)
    r1 = client.post("/manage/registry/merge/", {"source": mine.public_id,
                                                 "target": target.public_id}, follow=True)
    r3 = client.post("/manage/registry/distinct/", {"a": mine.public_id,
                                                    "b": target.public_id}, follow=True)
    for r in (r1, r2, r3):
        assert_hidden(r.content.decode(), _secrets(world), "the answer to a merge")
        if kind in HIDDEN:  # an organisation the user cannot see does not exist for them
            assert r.status_code == 404

    assert _snapshot(theirs) == before  # nothing of their letter moved
    assert AuditEntry.objects.filter(letter_id=theirs.pk).count() == their_audit
    assert Client().get(f"/api/letters/{theirs.slug}/signatories").json() == api_before
    target.refresh_from_db()
    assert target.merged_into is None
    if role == "moderator" and kind == "public":
        # Allowed on our letter: our sign-on now points to their public organisation, the
        # merge is in our audit log, and ours, which signed nothing else, is an alias now.
        assert Signature.objects.get(letter=ours, organization=target)
        assert AuditEntry.objects.filter(letter_id=ours.pk,
                                         action="organizations_merged").exists()
        assert "now listed as the same organisation" in r1.content.decode()
        assert "no sign-on on a letter you moderate" in r2.content.decode()
        mine.refresh_from_db()
        assert mine.merged_into == target
        assert list(DuplicateDecision.objects.values_list("decision", flat=True)) == ["merged"]
    else:
        assert not DuplicateDecision.objects.exists()  # the registry learnt nothing
    if role != "moderator" and kind == "public":  # refused, with a message
        for r in (r1, r2, r3):
            assert r.status_code == 200
        assert not SignatureRelink.objects.exists()
        assert not LetterPairDecision.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_their_merges_cannot_be_undone_from_our_letter(world, role):
    user, client = _attacker(world, role)
    theirs = world["theirs"]
    anonymous, public = world["sigs"]["anonymous"], world["sigs"]["public"]
    owner = world["owner"]
    LetterRole.objects.filter(letter=theirs, user=owner).update(role="owner")
    outcome = curation.organizations_merge(actor=owner, source=anonymous.organization,
                                           target=public.organization)
    [relink] = outcome.relinks
    before = _snapshot(theirs)
    r = client.post(f"/manage/registry/merges/{relink.pk}/undo/")
    assert r.status_code == 404
    assert _snapshot(theirs) == before
    # And the public "Is this you?" never names the anonymous organisation, nor finds the
    # public one through the anonymous name it now also carries in the registry.
    for typed in (THEIRS["anonymous"]["name"], THEIRS["anonymous"]["name"][:-2]):
        html = Client().get(f"/{world['ours'].slug}/en/suggest/", {"name": typed}).content
        assert THEIRS["anonymous"]["name"] not in html.decode()
        assert THEIRS["public"]["name"] not in html.decode()
    assert THEIRS["public"]["name"] in Client().get(
        f"/{world['ours'].slug}/en/suggest/",
        {"name": THEIRS["public"]["name"][:-3]}).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_renames_and_translations_stay_on_our_letter(world, role):
    user, client = _attacker(world, role)
    theirs, ours = world["theirs"], world["ours"]
    LetterRole.objects.filter(letter=ours, user=user).update(role=role)
    org = world["ours_both"].organization
    registry_names = set(org.names.values_list("text", flat=True))
    primary = org.primary_name
    edition, _ = edition_publish(letter=theirs)
    printed = [(e.name, e.translation) for e in edition_document(edition, "zh-hant").entries]
    before = _snapshot(theirs)

    # Our letter's names page, with their signatures' ids slipped in.
    form = {f"name-{world['ours_both'].public_id}": "篡改的名字"}
    form.update({f"name-{sig.public_id}": "篡改的名字" for sig in world["sigs"].values()})
    r = client.post(f"/manage/letters/{ours.slug}/names/zh-hant/", form)
    assert r.status_code == (302 if role in ("translator", "editor") else 404)
    # Renaming their signatures directly, and ours.
    for sig in world["sigs"].values():
        assert client.post(f"/manage/signatures/{sig.public_id}/rename/",
                           {"name": "Renamed By Another Letter"}).status_code == 404
        assert client.get(f"/manage/signatures/{sig.public_id}/").status_code == 404
    r = client.post(f"/manage/signatures/{world['ours_both'].public_id}/rename/",
                    {"name": "Renamed On Our Letter"})
    assert r.status_code == (302 if role == "moderator" else 404)

    assert _snapshot(theirs) == before
    edition2, _created = edition_publish(letter=theirs)
    assert [(e.name, e.translation)
            for e in edition_document(edition2, "zh-hant").entries] == printed
    org.refresh_from_db()
    assert org.primary_name == primary  # the registry keeps its names: ours is not alone
    assert set(org.names.values_list("text", flat=True)) == registry_names
    ours_both = Signature.objects.get(pk=world["ours_both"].pk)
    if role in ("translator", "editor"):
        assert ours_both.names == {"zh-hant": "篡改的名字"}
    if role == "moderator":
        assert ours_both.name == "Renamed On Our Letter"
        assert AuditEntry.objects.filter(letter_id=ours.pk, action="signature_renamed").exists()


def test_signals_count_and_name_only_what_the_moderator_can_see(world):
    user, client = _attacker(world, "moderator")
    ours = world["ours"]
    page = client.get(f"/manage/letters/{ours.slug}/signatures/").content.decode()
    # BOTH signed their letter too, anonymously: our moderator must not learn it.
    row = page[page.index(BOTH):page.index(BOTH) + 3000]
    assert "no earlier letter signed" in row.split("</tr>")[0]
    detail = client.get(f"/manage/signatures/{world['ours_both'].public_id}/").content.decode()
    assert "signed 0 earlier letters" in detail
    assert_hidden(page + detail, _secrets(world), "the moderation pages")
    # A look-alike of a hidden organisation names nothing hidden.
    Client().post(f"/{ours.slug}/en/", form_data(name="Hidden Kestrel Defenders Netw\u043erk"))
    page = client.get(f"/manage/letters/{ours.slug}/signatures/").content.decode()
    assert_hidden(page, _secrets(world), "the look-alike signal")


def test_an_unapproved_signon_writes_nothing_shared_in_the_registry(world):
    ours = world["ours"]
    public_org = world["sigs"]["public"].organization
    public_org.refresh_from_db()
    fields = (public_org.acronym, public_org.country, public_org.website)
    fresh = Organization.objects.create(primary_name="Blank Fielded Org",
                                        normalized_name="blank fielded org")
    fresh.names.create(text="Blank Fielded Org", normalized="blank fielded org")
    for name in (THEIRS["public"]["name"], "Blank Fielded Org"):
        r = Client().post(f"/{ours.slug}/en/", form_data(
            name=name, acronym="ZQXW", country="FR", website="https://zqxw-probe.example",
            visibility="anonymous"))
        assert r.status_code == 302
    public_org.refresh_from_db()
    fresh.refresh_from_db()
    assert (public_org.acronym, public_org.country, public_org.website) == fields
    assert (fresh.acronym, fresh.country, fresh.website) == ("", "", "")
    html = Client().get(f"/{ours.slug}/en/suggest/", {"name": "Blank Fielded"}).content
    assert b"ZQXW" not in html
    # Once approved and named, a sign-on's details do reach the registry's empty fields.
    sig = Signature.objects.get(letter=ours, name="Blank Fielded Org")
    Signature.objects.filter(pk=sig.pk).update(publish_name=True)
    services.signature_approve(signature=sig, actor=None)
    fresh.refresh_from_db()
    assert fresh.acronym == "ZQXW" and fresh.website == "https://zqxw-probe.example"


def test_coordinator_pages_of_one_letter_show_nothing_of_another(world):
    """The leak crawl, as a coordinator of our letter with every role but owner."""
    user, client = _attacker(world, "moderator")
    ours = world["ours"]
    # Someone also merged their public organisation with our sign-on, as we may.
    fishing = Signature.objects.filter(letter=ours).exclude(name=BOTH).order_by("pk")[3]
    curation.organizations_merge(actor=user, source=fishing.organization,
                                 target=world["sigs"]["public"].organization)
    for role in ROLES:
        LetterRole.objects.filter(user=user).update(role=role)
        pages = crawl(client, ["/manage/", f"/manage/letters/{ours.slug}/",
                               f"/manage/registry/duplicates/{ours.slug}/?threshold=0.3",
                               "/manage/advocacy/", "/account/"])
        assert len(pages) > 5
        for url, text in pages.items():
            assert_hidden(text, _secrets(world), f"{url} as {role}")
            if url.startswith("/manage/"):  # their letter is public; not ours to manage
                assert "Their letter" not in text, (url, role)
