"""The public read-only API (django-ninja): letters, their public signatories and editions.

Every response is built from the same public selectors as the pages (``Signature.public``,
``letter_anonymous_count``, editions): nothing here can name an anonymous signatory or show a
contact detail. OpenAPI schema at /api/openapi.json, docs at /api/docs (served locally)."""

from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

from undersigned.letters import selectors
from undersigned.letters.models import Letter, LetterStatus
from undersigned.publishing.models import Edition

api = NinjaAPI(title="undersigned", version="1", urls_namespace="api", docs_url=None)

PUBLIC = [LetterStatus.OPEN, LetterStatus.CLOSED, LetterStatus.PUBLISHED]


class LetterOut(Schema):
    slug: str
    status: str
    source_lang: str
    languages: list[str]
    title: str
    url: str


class SignatoryOut(Schema):
    name: str
    acronym: str
    country: str


class SignatoriesOut(Schema):
    letter: str
    signatories: list[SignatoryOut]
    anonymous_count: int


class EntryOut(Schema):
    number: int
    name: str
    acronym: str
    country: str
    names: dict[str, str]


class EditionOut(Schema):
    letter: str
    number: int
    published: str
    texts: dict
    entries: list[EntryOut]
    anonymous_count: int
    changes: dict


def _letter(slug: str) -> Letter:
    letter = Letter.objects.filter(slug=slug, status__in=PUBLIC).first()
    if letter is None:
        raise HttpError(404, "Not found")
    return letter


@api.get("/letters", response=list[LetterOut])
def letters(request):
    return [LetterOut(slug=x.slug, status=x.status, source_lang=x.source_lang,
                      languages=x.languages, title=selectors.letter_title(x, x.source_lang),
                      url=f"/{x.slug}/") for x in selectors.public_letters()]


@api.get("/letters/{slug}/signatories", response=SignatoriesOut)
def signatories(request, slug: str):
    letter = _letter(slug)
    return SignatoriesOut(
        letter=letter.slug,
        signatories=[SignatoryOut(name=s.name, acronym=s.acronym, country=s.country)
                     for s in selectors.public_signatures(letter)],
        anonymous_count=selectors.letter_anonymous_count(letter))


@api.get("/letters/{slug}/editions/{number}", response=EditionOut)
def edition(request, slug: str, number: int):
    letter = _letter(slug)
    ed = Edition.objects.filter(letter=letter, number=number).first()
    if ed is None:
        raise HttpError(404, "Not found")
    return EditionOut(
        letter=letter.slug, number=ed.number, published=ed.created_at.isoformat(),
        texts=ed.texts, anonymous_count=ed.anonymous_count, changes=ed.changes,
        entries=[EntryOut(number=e.number, name=e.name, acronym=e.acronym, country=e.country,
                          names=e.names) for e in ed.entries.all()])
