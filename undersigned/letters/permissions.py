"""Who may do what on a letter: one accessor per object type, used by every coordinator
page. A user without the right gets the same 404 as for a letter that does not exist, so
nobody can learn or guess what other letters hold."""

from django.http import Http404

from undersigned.letters.models import Letter, LetterRole, Signature

VIEW, EDIT_TEXT, TRANSLATE, CHANGE_STATUS, PUBLISH, MODERATE, MANAGE_ROLES = (
    "view", "edit_text", "translate", "change_status", "publish", "moderate", "manage_roles")

PERMISSIONS = {
    LetterRole.OWNER: {VIEW, EDIT_TEXT, TRANSLATE, CHANGE_STATUS, PUBLISH, MODERATE,
                       MANAGE_ROLES},
    LetterRole.EDITOR: {VIEW, EDIT_TEXT, TRANSLATE, CHANGE_STATUS, PUBLISH},
    LetterRole.MODERATOR: {VIEW, MODERATE},
    LetterRole.TRANSLATOR: {VIEW, TRANSLATE},
    LetterRole.VIEWER: {VIEW},
}


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def letter_permissions(user, letter: Letter) -> set[str]:
    if is_admin(user):
        return set(PERMISSIONS[LetterRole.OWNER])
    if not user.is_authenticated:
        return set()
    role = LetterRole.objects.filter(letter=letter, user=user).values_list("role",
                                                                          flat=True).first()
    return set(PERMISSIONS.get(role, set()))


def letters_for_user(user):
    if is_admin(user):
        return Letter.objects.all()
    return Letter.objects.filter(roles__user=user).distinct()


def access_letter(user, slug: str, perm: str = VIEW) -> Letter:
    """The letter, if ``user`` may ``perm`` it; otherwise a 404, as for no letter at all."""
    letter = Letter.objects.filter(slug=slug).first()
    if letter is None or perm not in letter_permissions(user, letter):
        raise Http404
    return letter


def access_signature(user, public_id, perm: str = VIEW) -> Signature:
    sig = (Signature.objects.select_related("letter", "organization")
           .filter(public_id=public_id).first())
    if sig is None or perm not in letter_permissions(user, sig.letter):
        raise Http404
    return sig
