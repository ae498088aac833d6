"""One accessor per object type of the delivery pages. A delivery follows its letter's
roles: seeing it needs a role on the letter, sending one needs the right to publish; a
coordinator without a role on the letter gets the same 404 as for nothing at all. The
recipient directory (mission addresses, shared by the coalition's letters) is read by any
coordinator and changed by those who may edit a letter's text somewhere."""

from django.http import Http404

from undersigned.delivery.models import Delivery, Recipient
from undersigned.letters import permissions as perms
from undersigned.letters.models import LetterRole


def access_delivery(user, public_id, perm: str = perms.VIEW) -> Delivery:
    delivery = (Delivery.objects.select_related("letter", "edition", "campaign")
                .filter(public_id=public_id).first())
    if delivery is None or perm not in perms.letter_permissions(user, delivery.letter):
        raise Http404
    return delivery


def may_edit_directory(user) -> bool:
    if perms.is_admin(user):
        return True
    return user.is_authenticated and LetterRole.objects.filter(
        user=user, role__in=[LetterRole.OWNER, LetterRole.EDITOR]).exists()


def access_recipient(user, code: str, *, edit: bool = False) -> Recipient:
    if not user.is_authenticated or (edit and not may_edit_directory(user)):
        raise Http404
    recipient = Recipient.objects.filter(state_code=(code or "").upper()).first()
    if recipient is None:
        raise Http404
    return recipient
