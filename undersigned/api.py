"""The API (django-ninja): public reads without a token; with a coordinator's token
(``Authorization: Bearer us_...``, made at /manage/integrations/tokens/), sign-ons
submitted from a partner's own form, a letter's sign-ons as the token's owner may see
them, and moderation.

Public responses are built from the same public selectors as the pages (``Signature.public``,
``letter_anonymous_count``, editions): nothing there names an anonymous signatory or shows a
contact. A token never does more than its owner's role on the letter allows, narrowed to
its scopes (and its letter). OpenAPI schema at /api/openapi.json."""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from undersigned.core import ratelimit
from undersigned.integrations import selectors as token_selectors
from undersigned.integrations import services as token_services
from undersigned.integrations.models import MANAGE, READ, SUBMIT
from undersigned.letters import permissions, selectors, services
from undersigned.letters.forms import SignOnForm
from undersigned.letters.models import Letter, LetterRole, LetterStatus
from undersigned.publishing.models import Edition

api = NinjaAPI(title="undersigned", version="1", urls_namespace="api", docs_url=None)

PUBLIC = [LetterStatus.OPEN, LetterStatus.CLOSED, LetterStatus.PUBLISHED]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = token_selectors.token_authenticate(token)
        if found is not None:
            token_services.token_used(found)
        return found


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


class SignOnIn(Schema):
    name: str
    country: str
    contact_name: str
    contact_email: str
    acronym: str = ""
    website: str = ""
    visibility: str = "publish"  # publish, recipients or anonymous
    lang: str = ""
    share_with_partner: bool = False


class Accepted(Schema):
    status: str
    message: str


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class Invalid(Schema):
    """A request the API could not read (a path or body of the wrong shape)."""

    detail: list[dict]


class SignOnOut(Schema):
    id: str
    name: str
    state: str
    listed: str  # publish, recipients or anonymous
    partner: str
    contact_name: str
    contact_email: str
    signed_at: str


def _letter(slug: str) -> Letter:
    letter = Letter.objects.filter(slug=slug, status__in=PUBLIC).first()
    if letter is None:
        raise HttpError(404, "Not found")
    return letter


def _token_letter(request, slug: str, scope: str, perm: str | None) -> Letter:
    """The letter a token may reach with ``scope`` (404 as for no letter otherwise)."""
    token = request.auth
    if scope not in token.scopes:
        raise HttpError(403, f"This token may not {scope}.")
    try:
        letter = (permissions.access_letter(token.user, slug, perm) if perm
                  else Letter.objects.get(slug=slug))
    except (Http404, Letter.DoesNotExist):
        raise HttpError(404, "Not found") from None
    if perm is None and not LetterRole.objects.filter(letter=letter, user=token.user).exists() \
            and not permissions.is_admin(token.user):
        raise HttpError(404, "Not found")
    if token.letter_id is not None and token.letter_id != letter.pk:
        raise HttpError(404, "Not found")
    return letter


@api.get("/letters", response=list[LetterOut])
def letters(request):
    return [LetterOut(slug=x.slug, status=x.status, source_lang=x.source_lang,
                      languages=x.languages, title=selectors.letter_title(x, x.source_lang),
                      url=f"/{x.slug}/") for x in selectors.public_letters()]


@api.get("/letters/{slug}/signatories", response={200: SignatoriesOut, 404: Problem,
                                                           422: Invalid})
def signatories(request, slug: str):
    letter = _letter(slug)
    return SignatoriesOut(
        letter=letter.slug,
        signatories=[SignatoryOut(name=s.name, acronym=s.acronym, country=s.country)
                     for s in selectors.public_signatures(letter)],
        anonymous_count=selectors.letter_anonymous_count(letter))


@api.get("/letters/{slug}/editions/{number}", response={200: EditionOut, 404: Problem,
                                                              422: Invalid})
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


@api.post("/letters/{slug}/signons", auth=TokenAuth(),
          response={202: Accepted, 400: Problem, 401: Problem, 403: Problem, 404: Problem,
                    409: Problem, 422: Invalid, 429: Problem})
def signon_submit(request, slug: str, data: SignOnIn):
    """A sign-on from a partner's own form: the same checks as the public form (validation,
    rate limits), then the same email confirmation. Counted for the token's partner."""
    letter = _token_letter(request, slug, SUBMIT, None)
    lang = data.lang if data.lang in letter.languages else letter.source_lang
    token = request.auth
    with translation.override(lang):
        form = SignOnForm({**data.dict(), "homepage": "", "via": ""}, lang=lang,
                          partner=token.partner)
        if letter.status != LetterStatus.OPEN:
            return Status(409, Problem(detail="This letter is not open for sign-on."))
        if not form.is_valid():
            return Status(400, Problem(
                detail="Some fields are not right.",
                errors={k: [str(m) for m in v] for k, v in form.errors.items()}))
        signon = form.signon()
        if not (ratelimit.allow("signon-token", token.prefix, limit=settings.SIGNON_RATE_PER_IP,
                                window=settings.SIGNON_RATE_WINDOW)
                and ratelimit.allow("signon-email", signon.contact_email.lower(),
                                    limit=settings.SIGNON_RATE_PER_EMAIL,
                                    window=settings.SIGNON_RATE_WINDOW)):
            return Status(429, Problem(detail="Too many sign-ons in a short time; try again later."))
        try:
            services.signature_submit(letter=letter, lang=lang, data=signon)
        except services.ServiceError as exc:
            return Status(409, Problem(detail=str(exc)))
    return Status(202, Accepted(status="check-email", message="We sent a confirmation link to "
                                "the address given; the sign-on counts once it is confirmed."))


def _listed(sig) -> str:
    return "publish" if sig.publish_name else ("recipients" if sig.name_to_recipients
                                               else "anonymous")


@api.get("/letters/{slug}/signons", auth=TokenAuth(),
         response={200: list[SignOnOut], 401: Problem, 403: Problem, 404: Problem,
                   422: Invalid})
def signon_list(request, slug: str, state: str = ""):
    """The letter's sign-ons as the token's owner sees them on the moderation page:
    contact details only where their role shows them."""
    letter = _token_letter(request, slug, READ, permissions.VIEW)
    can = permissions.letter_permissions(request.auth.user, letter)
    contacts = permissions.CONTACTS in can
    rows = selectors.signatures_for_moderation(letter, state=state, contacts=contacts)[:5000]
    return [SignOnOut(id=str(s.public_id), name=s.name, state=s.state, listed=_listed(s),
                      partner=s.via.name if s.via else "",
                      contact_name=s.contact_name if contacts else "",
                      contact_email=s.contact_email if contacts else "",
                      signed_at=s.created_at.isoformat()) for s in rows]


class Decision(Schema):
    reason: str = ""


@api.post("/signons/{public_id}/{action}", auth=TokenAuth(),
          response={200: Accepted, 400: Problem, 401: Problem, 403: Problem, 404: Problem,
                    422: Invalid})
def signon_decide(request, public_id: str, action: str, data: Decision):
    """Approve or reject a sign-on (``action`` is approve or reject; a rejection needs a
    reason)."""
    token = request.auth
    if MANAGE not in token.scopes:
        return Status(403, Problem(detail="This token may not manage."))
    if action not in ("approve", "reject"):
        return Status(404, Problem(detail="Not found"))
    try:
        sig = permissions.access_signature(token.user, public_id, permissions.MODERATE)
    except (Http404, ValueError):
        return Status(404, Problem(detail="Not found"))
    if token.letter_id is not None and token.letter_id != sig.letter_id:
        return Status(404, Problem(detail="Not found"))
    try:
        if action == "approve":
            services.signature_approve(signature=sig, actor=token.user)
        else:
            services.signature_reject(signature=sig, actor=token.user, reason=data.reason)
    except services.ServiceError as exc:
        return Status(400, Problem(detail=str(exc)))
    sig.refresh_from_db()
    return Status(200, Accepted(status=sig.state, message="Done."))
