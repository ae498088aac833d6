"""Load the demo letter: open for sign-on, with about 150 organisations already signed."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from undersigned.letters import services
from undersigned.letters.demo.signatories import demo_signatories
from undersigned.letters.demo.text import SLUG, TEXTS
from undersigned.letters.models import Letter, Signature
from undersigned.orgs.registry import demo_duplicate_records

UNMODERATED = 8  # the last few sign-ons are left for the coordinator to review


@transaction.atomic
def demo_load(*, actor=None) -> tuple[Letter, bool]:
    """Create the demo letter unless it exists. Returns (letter, created)."""
    existing = Letter.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing, False
    en = TEXTS["en"]
    letter = services.letter_create(
        slug=SLUG, source_lang="en", languages=list(TEXTS), title=en["title"],
        recipients=en["recipients"], body_md=en["body_md"], asks=en["asks"],
        deadline=timezone.now() + timedelta(days=60), created_by=actor,
    )
    for lang, text in TEXTS.items():
        if lang != "en":
            services.translation_save(letter=letter, lang=lang, actor=actor, **text)
    letter = services.letter_open(letter=letter, actor=actor)
    rows = demo_signatories()
    for n, row in enumerate(rows):
        services.signature_submit(
            letter=letter, lang="en", verified=True, source={"demo": True},
            data=services.SignOn(
                name=row["name"], acronym=row["acronym"], country=row["country"],
                website=row["website"], contact_name=row["contact_name"],
                contact_email=row["contact_email"], publish_name=row["publish_name"],
            ),
        )
        sig = Signature.objects.get(letter=letter, name=row["name"])
        services.signature_name_set(signature=sig, lang="zh-hant", text=row["name_zh"],
                                    actor=actor)
        if n < len(rows) - UNMODERATED:
            services.signature_approve(signature=sig, actor=actor)
    _demo_duplicates(letter, actor=actor)
    return letter, True


def _demo_duplicates(letter: Letter, *, actor=None) -> None:
    """A few organisations that signed twice under two names (across scripts, a bare
    acronym, a typo): the first of each pair approved, the second awaiting review, so the
    letter's review queue has something to show a newcomer."""
    seen: set[str] = set()
    for n, (record, label) in enumerate(demo_duplicate_records()):
        name = record.names[0].text
        services.signature_submit(
            letter=letter, lang="en", verified=True, source={"demo": "duplicates"},
            data=services.SignOn(
                name=name, acronym=record.acronym, country=record.country,
                website=record.website, contact_name=f"Demo Contact {n + 1}",
                contact_email=f"contact{n + 1}@{_domain(record.website) or 'ngo.example'}"))
        if label not in seen:
            seen.add(label)
            services.signature_approve(
                signature=Signature.objects.get(letter=letter, name=name), actor=actor)


def _domain(url: str) -> str:
    host = url.split("//", 1)[-1].split("/", 1)[0]
    return host[4:] if host.startswith("www.") else host
