"""Who may see and do what: one accessor per object type, used by every coordinator page,
service, command and API endpoint. A user without the right gets the same 404 as for an
object that does not exist, so nobody can learn or guess what other letters hold.

Letters
    Administrators (superusers) may do everything; everyone else what their role on the
    letter allows (``PERMISSIONS``).

The registry of organisations (shared by every letter)
    A user sees an organisation only through a signature on a letter they hold a role on,
    or through what is already public: an approved, named, active signature on a letter that
    is open, closed or published. They then see only the names those signatures carry (the
    name as signed, its translations on that letter, the acronym and country given there),
    never the registry's own aliases, primary name or fields. Administrators see everything.
    ``visible_organization_ids`` and ``organization_views`` are that rule; ``access_organization``
    is the accessor. Registry writes act only on the letters a user moderates (see
    ``curation.services``), so a change made through one letter never alters another.
"""

from dataclasses import dataclass, field

from django.http import Http404

from undersigned.letters.models import (
    Letter,
    LetterRole,
    LetterStatus,
    Partner,
    Signature,
    SignatureState,
)
from undersigned.orgs.matching import Name, Record
from undersigned.orgs.models import Organization

VIEW, EDIT_TEXT, TRANSLATE, CHANGE_STATUS, PUBLISH, MODERATE, MANAGE_ROLES = (
    "view", "edit_text", "translate", "change_status", "publish", "moderate", "manage_roles")
# Contact details stay with those who moderate; a partner coordinator follows only the
# sign-ons its referral code brought (``access_partner``).
CONTACTS, PARTNER_VIEW = "contacts", "partner_view"

PERMISSIONS = {
    LetterRole.OWNER: {VIEW, EDIT_TEXT, TRANSLATE, CHANGE_STATUS, PUBLISH, MODERATE,
                       MANAGE_ROLES, CONTACTS, PARTNER_VIEW},
    LetterRole.EDITOR: {VIEW, EDIT_TEXT, TRANSLATE, CHANGE_STATUS, PUBLISH, PARTNER_VIEW},
    LetterRole.MODERATOR: {VIEW, MODERATE, CONTACTS, PARTNER_VIEW},
    LetterRole.TRANSLATOR: {VIEW, TRANSLATE},
    LetterRole.VIEWER: {VIEW},
    LetterRole.PARTNER: {PARTNER_VIEW},
}

# Letters anyone may read (their approved, named signatories are public).
PUBLIC_STATUSES = (LetterStatus.OPEN, LetterStatus.CLOSED, LetterStatus.PUBLISHED)


def is_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and user.is_superuser)


def letter_permissions(user, letter: Letter) -> set[str]:
    if is_admin(user):
        return set(PERMISSIONS[LetterRole.OWNER])
    if user is None or not user.is_authenticated:
        return set()
    role = LetterRole.objects.filter(letter=letter, user=user).values_list("role",
                                                                          flat=True).first()
    return set(PERMISSIONS.get(role, set()))


def letters_for_user(user, perm: str = VIEW):
    """The letters on which ``user`` may ``perm`` (by default: see the letter itself)."""
    if is_admin(user):
        return Letter.objects.all()
    if user is None or not user.is_authenticated:
        return Letter.objects.none()
    roles = [role for role, perms in PERMISSIONS.items() if perm in perms]
    return Letter.objects.filter(roles__user=user, roles__role__in=roles).distinct()


def letter_ids_with(user, perm: str = VIEW) -> set[int] | None:
    """The ids of the letters on which ``user`` may ``perm``; None means every letter (an
    administrator, or no user at all: a command or the system itself)."""
    if user is None or is_admin(user):
        return None
    if not user.is_authenticated:
        return set()
    roles = [role for role, perms in PERMISSIONS.items() if perm in perms]
    return set(LetterRole.objects.filter(user=user, role__in=roles)
               .values_list("letter_id", flat=True))


def access_letter(user, slug: str, perm: str = VIEW) -> Letter:
    """The letter, if ``user`` may ``perm`` it; otherwise a 404, as for no letter at all."""
    letter = Letter.objects.filter(slug=slug).first()
    if letter is None or perm not in letter_permissions(user, letter):
        raise Http404
    return letter


def access_partner(user, slug: str, code: str):
    """A partner of a letter, for the letter's coordinators who follow partners and for the
    partner's own coordinators (404 otherwise)."""
    partner = Partner.objects.select_related("letter").filter(letter__slug=slug,
                                                               code=code).first()
    if partner is None:
        raise Http404
    perms = letter_permissions(user, partner.letter)
    if PARTNER_VIEW not in perms:
        raise Http404
    if MODERATE not in perms and EDIT_TEXT not in perms and not LetterRole.objects.filter(
            letter=partner.letter, user=user, partner=partner).exists():
        raise Http404  # a partner coordinator sees its own partner only
    return partner


def access_signature(user, public_id, perm: str = VIEW) -> Signature:
    sig = (Signature.objects.select_related("letter", "organization")
           .filter(public_id=public_id).first())
    if sig is None or perm not in letter_permissions(user, sig.letter):
        raise Http404
    return sig


# --- the registry ------------------------------------------------------------------------


def public_signatures_everywhere():
    """Signatures anyone can read: approved, active, named, on a public letter."""
    return Signature.public.filter(letter__status__in=PUBLIC_STATUSES)


def public_organization_ids(among=None) -> set[int]:
    qs = public_signatures_everywhere()
    if among is not None:
        qs = qs.filter(organization_id__in=list(among))
    return set(qs.values_list("organization_id", flat=True))


def visible_organization_ids(user, among) -> set[int]:
    """Which of the organisations ``among`` ``user`` may see (the rule in the module
    docstring). ``user`` None is the system itself and sees everything."""
    among = {int(pk) for pk in among}
    if not among:
        return set()
    letters = letter_ids_with(user, VIEW)
    if letters is None:
        return among
    seen = public_organization_ids(among)
    if letters:
        seen |= set(Signature.objects.filter(organization_id__in=among - seen,
                                             letter_id__in=letters)
                    .values_list("organization_id", flat=True))
    return seen


@dataclass
class OrganizationView:
    """What one user may see of one organisation: the names, acronyms and countries of
    the signatures they can see (their letters' and the public ones), and those letters."""

    organization: Organization
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, lang), best first
    acronym: str = ""
    country: str = ""
    website: str = ""
    email_domain: str = ""  # of a contact, where the user sees contacts
    letters: list[str] = field(default_factory=list)  # slugs of the letters seen through

    @property
    def public_id(self):
        return self.organization.public_id

    @property
    def pk(self) -> int:
        return self.organization.pk

    @property
    def label(self) -> str:
        return self.names[0][0] if self.names else ""

    def texts(self) -> list[str]:
        return list(dict.fromkeys(text for text, _lang in self.names))

    def record(self) -> Record:
        """What the matcher may compare of it: only what this user sees."""
        return Record(names=tuple(Name(text, lang or None) for text, lang in self.names),
                      acronym=self.acronym, country=self.country, website=self.website,
                      email=self.email_domain)

    def add_name(self, text: str, lang: str) -> None:
        if text and (text, lang) not in self.names:
            self.names.append((text, lang))


def _view_from_signature(view: OrganizationView, sig: Signature, *,
                         contacts: bool = False) -> None:
    view.add_name(sig.name, "")  # the name as signed: its language is not known
    for lang, text in (sig.names or {}).items():
        view.add_name(text, lang)
    view.acronym = view.acronym or sig.acronym
    view.country = view.country or sig.country
    # The website given with a sign-on the user's letter holds, or with a public one (the
    # organisation's own public site); a contact's email domain only where contacts show.
    view.website = view.website or sig.website
    if contacts and not view.email_domain and "@" in (sig.contact_email or ""):
        view.email_domain = sig.contact_email.rsplit("@", 1)[1].lower()
    if sig.letter.slug not in view.letters:
        view.letters.append(sig.letter.slug)


def organization_views(user, organizations, *, letter: Letter | None = None
                       ) -> dict[int, OrganizationView]:
    """{pk: OrganizationView} for the organisations ``user`` may see among
    ``organizations`` (others are left out). Names seen through ``letter`` come first, then
    the user's other letters, then public signatures. Administrators also see the registry's
    own names and fields, after the signatures' names."""
    orgs = {o.pk: o for o in organizations}
    visible = visible_organization_ids(user, orgs)
    views = {pk: OrganizationView(organization=orgs[pk]) for pk in visible}
    if not views:
        return {}
    letters = letter_ids_with(user, VIEW)
    own = Signature.objects.filter(organization_id__in=views).select_related("letter")
    if letters is not None:
        own = own.filter(letter_id__in=letters)
    first = letter.pk if letter is not None else None
    rows = sorted(own, key=lambda s: (s.letter_id != first, s.state != SignatureState.APPROVED,
                                      -s.pk))
    contacts = letter_ids_with(user, CONTACTS)
    for sig in rows:
        _view_from_signature(views[sig.organization_id], sig,
                             contacts=contacts is None or sig.letter_id in contacts)
    for sig in (public_signatures_everywhere().filter(organization_id__in=views)
                .select_related("letter").order_by("-pk")):
        _view_from_signature(views[sig.organization_id], sig)
    if letters is None:  # an administrator: the registry itself, after the signatures
        for pk, view in views.items():
            org = orgs[pk]
            view.add_name(org.primary_name, "")
            for text, lang in org.names.values_list("text", "lang"):
                view.add_name(text, lang)
            view.acronym = view.acronym or org.acronym
            view.country = view.country or org.country
            view.website = view.website or org.website
    return views


def access_organization(user, public_id) -> Organization:
    """The registry organisation, if ``user`` may see it (404 otherwise)."""
    org = Organization.objects.filter(public_id=public_id).first()
    if org is None or not visible_organization_ids(user, [org.pk]):
        raise Http404
    return org


def letters_of_organizations(org_ids) -> set[int]:
    """Every letter on which one of these organisations has a signature, in any state."""
    return set(Signature.objects.filter(organization_id__in=list(org_ids))
               .values_list("letter_id", flat=True))


def may_change_everywhere(user, org_ids) -> bool:
    """True when ``user`` moderates every letter these organisations signed (or is an
    administrator, or the system): only then may a change reach the registry's shared
    names, which steer matching for every letter."""
    moderated = letter_ids_with(user, MODERATE)
    return moderated is None or letters_of_organizations(org_ids) <= moderated
