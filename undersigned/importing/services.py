"""Writing what the readers understood: a published letter with its signatories, or a
sign-on sheet. Each import is one transaction: nothing is ever half-imported, and running
the same import twice adds nothing twice."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from undersigned.audit.services import audit_record
from undersigned.letters import permissions
from undersigned.letters import services as letter_services
from undersigned.letters.models import Letter, LetterStatus, Signature
from undersigned.orgs import selectors as org_selectors
from undersigned.orgs import services as org_services

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
    skipped: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"letter": self.letter.slug, "created_letter": self.created_letter,
                "signatures_added": self.signatures_added, "already_there": self.already_there,
                "organizations_created": self.organizations_created,
                "names_added": self.names_added, "skipped": self.skipped}


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
                  slug: str | None = None, actor=None) -> ImportReport:
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
    for item in parsed.get("signatories", []):
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


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@transaction.atomic
def signons_import(*, letter: Letter, rows: list[dict], source_name: str, verified: bool,
                   actor=None) -> ImportReport:
    """Import the rows of a sign-on sheet. Rows whose organisation already signed are left
    as they are (re-importing an updated export adds only the new rows). Unless the sheet
    was already verified, each new sign-on gets the confirmation email, as on the form."""
    if letter.status not in (LetterStatus.OPEN, LetterStatus.CLOSED):
        raise ImportRefused("Sign-ons can be imported into an open or closed letter only.")
    report = ImportReport(letter=letter)
    for row in rows:
        email = (row.get("contact_email") or "").strip()
        if not verified and not _EMAIL.match(email):
            report.skipped.append({"row": row.get("row"), "why": "no email address to confirm "
                                   "with (mark the sheet as verified to import it)"})
            continue
        known = org_selectors.organization_match(
            name=row["name"], acronym=row.get("acronym") or "", country=row.get("country") or "")
        if known is not None and Signature.objects.filter(
                letter=letter, organization=known, active=True).exists():
            report.already_there += 1
            continue
        if known is None:  # a sheet's row is nobody's approved sign-on yet: its name only
            known = org_services.organization_create(
                name=row["name"], lang=letter.source_lang, source=f"import:{source_name}")
        letter_services.signature_submit(
            organization=known,
            letter=letter, lang=letter.source_lang, verified=verified, imported=True,
            source={"file": source_name, "row": row.get("row"),
                    "timestamp": row.get("timestamp")},
            data=letter_services.SignOn(
                name=row["name"], acronym=row.get("acronym") or "",
                country=row.get("country") or "", website=row.get("website") or "",
                contact_name=row.get("contact_name") or "", contact_email=email,
                publish_name=bool(row.get("publish_name", True))))
        report.signatures_added += 1
    audit_record(action="signons_imported", object_type="letter", object_id=letter.public_id,
                 actor=actor, letter_id=letter.pk,
                 after={"file": source_name, "verified": verified, "added": report.signatures_added,
                        "already_there": report.already_there, "skipped": len(report.skipped)})
    return report

