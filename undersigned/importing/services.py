"""Writing what the readers understood: a published letter with its signatories, or a
sign-on sheet. Each import is one transaction: nothing is ever half-imported, and running
the same import twice adds nothing twice."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from undersigned.audit.services import audit_record
from undersigned.core.crypto import search_hash
from undersigned.core.text import clean_line, normalize_name
from undersigned.importing import selectors
from undersigned.letters import emails, permissions, tokens
from undersigned.letters import services as letter_services
from undersigned.letters.models import (
    DuplicateSignOn,
    Letter,
    LetterStatus,
    Signature,
    SignatureEvent,
    SignatureState,
)
from undersigned.orgs import services as org_services
from undersigned.orgs.models import Organization, OrganizationName
from undersigned.orgs.scripts import detect_script

LANG_TO_DJANGO = {"zh-hant": "zh-hant", "zh-hans": "zh-hans", "zh-tw": "zh-hant",
                  "zh-cn": "zh-hans"}


class ImportRefused(Exception):
    """The import cannot be written (a message for the coordinator)."""


def django_lang(tag: str | None) -> str:
    tag = (tag or "en").replace("_", "-").lower()
    return LANG_TO_DJANGO.get(tag, tag)


@dataclass
class ImportReport:
    letter: Letter
    created_letter: bool = False
    signatures_added: int = 0
    already_there: int = 0
    organizations_created: int = 0
    names_added: int = 0
    repeats: int = 0
    skipped: list[dict] = field(default_factory=list)
    outcomes: list = field(default_factory=list)  # selectors.RowOutcome, one per sheet row

    def as_dict(self) -> dict:
        return {"letter": self.letter.slug, "created_letter": self.created_letter,
                "signatures_added": self.signatures_added, "already_there": self.already_there,
                "repeats": self.repeats, "organizations_created": self.organizations_created,
                "names_added": self.names_added, "skipped": self.skipped,
                "rows": [o.as_dict() for o in self.outcomes]}


def _unique_slug(base: str) -> str:
    base = slugify(base)[:60].strip("-") or "imported-letter"
    if base in letter_services.RESERVED_SLUGS:
        base = f"{base}-letter"
    slug, n = base, 2
    while Letter.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def letter_import(*, parsed: dict, source_name: str, letter: Letter | None = None,
                  slug: str | None = None, actor=None, progress=None) -> ImportReport:
    """Create a letter from a parsed published letter (or add its list to ``letter``) and
    link every signatory to the registry, with its names in each language as aliases."""
    lang = django_lang(parsed.get("language"))
    created = letter is None
    if letter is None:
        title = parsed.get("title") or Path(source_name).stem.replace("_", " ")
        letter = letter_services.letter_create(
            slug=slug or _unique_slug(title), source_lang=lang, languages=[lang], title=title,
            recipients=parsed.get("recipients") or "",
            body_md="\n\n".join(parsed.get("paragraphs", [])), asks=parsed.get("asks", []),
            created_by=actor)
        letter = letter_services.letter_open(letter=letter, actor=actor)
        letter = letter_services.letter_close(letter=letter, actor=actor)
    elif letter.status == LetterStatus.DRAFT:
        raise ImportRefused("Open the letter before adding a signatory list to it.")
    report = ImportReport(letter=letter, created_letter=created)
    entries = parsed.get("signatories", [])
    for done, item in enumerate(entries, 1):
        if done % 100 == 0:
            _progress(progress, done, len(entries))
        names = [n for n in item.get("names") or [] if (n.get("text") or "").strip()]
        if not names:
            report.skipped.append({"number": item.get("number"), "raw": item.get("raw"),
                                   "why": "no name"})
            continue
        primary = names[0]
        org, org_created = org_services.organization_find_or_create(
            name=primary["text"], acronym=item.get("acronym") or "",
            country=item.get("country") or "", lang=django_lang(primary.get("lang")),
            source=f"import:{source_name}")
        report.organizations_created += int(org_created)
        # The registry learns the list's other names (they steer matching for every letter)
        # only when nobody else's letter is affected: ``may_change_everywhere``.
        if permissions.may_change_everywhere(actor, [org.pk]):
            for other in names:
                before = org.names.count()
                org_services.organization_add_name(
                    organization=org, text=other["text"], lang=django_lang(other.get("lang")),
                    script=other.get("script") or "", source=f"import:{source_name}")
                report.names_added += org.names.count() - before
        sig = letter_services.signature_record_published(
            letter=letter, organization=org, name=primary["text"],
            acronym=item.get("acronym") or "", country=item.get("country") or "",
            lang=django_lang(primary.get("lang")), actor=actor,
            names={django_lang(n.get("lang")): n["text"] for n in names[1:] if n.get("lang")},
            source={"file": source_name, "number": item.get("number"), "raw": item.get("raw")})
        if sig is None:
            report.already_there += 1
        else:
            report.signatures_added += 1
    audit_record(action="letter_imported", object_type="letter", object_id=letter.public_id,
                 actor=actor, letter_id=letter.pk, after=report.as_dict())
    return report


def _progress(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def signons_import(*, letter: Letter, rows: list[dict], source_name: str, verified: bool,
                   rejected: list[dict] | None = None, actor=None,
                   progress=None) -> ImportReport:
    """Import the rows of a sign-on sheet, every row accounted for (``report.outcomes``,
    see ``selectors.signons_plan``): an organisation that already signed is left as it is
    (re-importing an updated export adds only the new rows); the same organisation on two
    rows is one signature, the later row kept as a repeat sign-on for the coordinators.
    Unless the sheet was already verified, each new sign-on gets the confirmation email,
    as on the form (repeats get none: coordinators settle them).

    Written in bulk: one query per kind of row (organisations, their names, signatures,
    their events, repeats) per thousand rows, one audit entry for the whole import with its
    counts. ``progress(done, total)`` is called as rows are written (a background task can
    report it). One transaction: a failure writes nothing."""
    if letter.status not in (LetterStatus.OPEN, LetterStatus.CLOSED):
        raise ImportRefused("Sign-ons can be imported into an open or closed letter only.")
    if any(r.get("publish_name") is None for r in rows):
        raise ImportRefused("The sheet has no 'publish our name' column: choose whether its "
                            "organisations are listed by name or only counted.")
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _signons_write(letter=letter, rows=rows, rejected=rejected or [],
                                      source_name=source_name, verified=verified, actor=actor,
                                      progress=progress)
        except IntegrityError:
            # Someone signed for one of these organisations while we wrote: plan again,
            # and that row is now "already there".
            if attempt:
                raise
    raise AssertionError("unreachable")


_BATCH = 1000


def _signons_write(*, letter, rows, rejected, source_name, verified, actor,
                   progress) -> ImportReport:
    plan = selectors.signons_plan(letter=letter, rows=rows, rejected=rejected,
                                  verified=verified)
    by_row = {r["row"]: r for r in rows}
    keys = {r["row"]: normalize_name(r["name"]) for r in rows}
    total = len(plan)
    report = ImportReport(letter=letter)
    lang = letter.source_lang
    source = f"import:{source_name}"[:100]
    now = timezone.now()

    # 1. Organisations the registry does not know yet (one per new name).
    new_orgs: dict[str, Organization] = {}
    for o in plan:
        if o.outcome == selectors.ADDED and o.organization_id is None:
            row = by_row[o.row]
            key = keys[o.row]
            if key not in new_orgs:
                name = clean_line(row["name"])[:300]
                # A sheet's row is nobody's approved sign-on yet: the registry gets its
                # name only (its other fields come with an approved, named sign-on).
                new_orgs[key] = Organization(primary_name=name, normalized_name=key[:300])
    created = Organization.objects.bulk_create(list(new_orgs.values()), batch_size=_BATCH)
    OrganizationName.objects.bulk_create([
        OrganizationName(organization=org, text=org.primary_name, normalized=org.normalized_name,
                         lang=lang, script=detect_script(org.primary_name), is_primary=True,
                         source=source) for org in created], batch_size=_BATCH)
    report.organizations_created = len(created)
    report.names_added = len(created)
    for o in plan:
        if o.outcome == selectors.ADDED and o.organization_id is None:
            o.organization_id = new_orgs[keys[o.row]].pk

    # 2. Signatures, their first event, repeats.
    version = letter.versions.order_by("-number").first()
    state = SignatureState.CONFIRMED if verified else SignatureState.PENDING
    signatures: dict[int, Signature] = {}  # row -> new signature
    for o in plan:
        if o.outcome != selectors.ADDED:
            continue
        row = by_row[o.row]
        email = (row.get("contact_email") or "").strip()
        signatures[o.row] = Signature(
            letter=letter, organization_id=o.organization_id, name=clean_line(row["name"])[:300],
            acronym=clean_line(row.get("acronym") or "")[:50], country=(row.get("country") or "")[:3],
            website=(row.get("website") or "")[:300], contact_name=row.get("contact_name") or "",
            contact_email=email, contact_email_hash=search_hash(email) if email else "",
            publish_name=bool(row.get("publish_name")), lang=lang, letter_version=version,
            source={"file": source_name, "row": o.row, "timestamp": row.get("timestamp")},
            state=state, confirm_nonce="" if verified else tokens.new_nonce(),
            confirmed_at=now if verified else None)
    done = 0
    items = list(signatures.items())
    for i in range(0, len(items), _BATCH):
        chunk = [sig for _, sig in items[i:i + _BATCH]]
        Signature.objects.bulk_create(chunk)
        SignatureEvent.objects.bulk_create([
            SignatureEvent(signature=sig, from_state="", to_state=sig.state, action="imported",
                           actor=actor) for sig in chunk])
        done += len(chunk)
        _progress(progress, done, total)
    repeats = []
    for o in plan:
        if o.outcome == selectors.REPEAT and o.repeat_of in signatures:
            row = by_row[o.row]
            email = (row.get("contact_email") or "").strip()
            repeats.append(DuplicateSignOn(
                signature=signatures[o.repeat_of], name=clean_line(row["name"])[:300],
                contact_name=row.get("contact_name") or "", contact_email=email,
                contact_email_hash=search_hash(email) if email else "",
                publish_name=bool(row.get("publish_name")), lang=lang, confirm_nonce="",
                confirmed_at=now if verified else None))
    DuplicateSignOn.objects.bulk_create(repeats, batch_size=_BATCH)
    SignatureEvent.objects.bulk_create([
        SignatureEvent(signature=dup.signature, from_state=dup.signature.state,
                       to_state=dup.signature.state, action="repeat_sign_on", actor=actor,
                       reason=f"{dup.name} on a later row of the same sheet (repeat sign-on "
                              f"{dup.public_id})") for dup in repeats], batch_size=_BATCH)
    _progress(progress, total, total)

    counts = selectors.outcome_counts(plan)
    report.outcomes = plan
    report.signatures_added = counts[selectors.ADDED]
    report.already_there = counts[selectors.ALREADY]
    report.repeats = counts[selectors.REPEAT]
    report.skipped = [o.as_dict() for o in plan if o.outcome == selectors.SKIPPED]
    audit_record(action="signons_imported", object_type="letter", object_id=letter.public_id,
                 actor=actor, letter_id=letter.pk,
                 after={"file": source_name, "verified": verified, "rows": counts["rows"],
                        "added": counts[selectors.ADDED], "already_there": counts[selectors.ALREADY],
                        "repeats": counts[selectors.REPEAT], "skipped": counts[selectors.SKIPPED],
                        "organizations_created": report.organizations_created})
    if not verified:
        _confirmations_queue(letter, list(signatures.values()), lang)
    return report


def _confirmations_queue(letter, signatures, lang) -> None:
    """Each new sign-on's confirmation, queued in the outbox in the import's transaction:
    sent by a worker once the import has committed, never if it rolls back."""
    for sig in signatures:
        if not sig.contact_email:
            continue
        emails.send_confirmation(
            to=sig.contact_email, contact_name=sig.contact_name, letter=letter, lang=lang,
            org_name=sig.name,
            confirm_token=tokens.make_confirm_token(kind="s", public_id=sig.public_id,
                                                    nonce=sig.confirm_nonce),
            withdraw_token=tokens.make_withdraw_token(sig.public_id))
