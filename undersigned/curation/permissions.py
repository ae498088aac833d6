"""The accessor for what the curation pages reach: a merge made on one letter."""

from django.http import Http404

from undersigned.curation.models import SignatureRelink
from undersigned.letters import permissions


def access_relink(user, pk) -> SignatureRelink:
    """A merge on one letter, for its moderators (404 otherwise, as for no merge at all)."""
    relink = SignatureRelink.objects.select_related("letter").filter(pk=pk).first()
    if relink is None or permissions.MODERATE not in permissions.letter_permissions(
            user, relink.letter):
        raise Http404
    return relink
