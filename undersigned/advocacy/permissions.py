"""Who may see and change resolutions and campaigns.

Campaigns follow the roles of their letter: reading needs a role on it, changing anything
needs an editor's. Resolutions are shared by the campaigns of every coalition on the
server, and what they record (sponsors, votes, amendments) is what those campaigns'
public scorecards print, so: any coordinator may read one and create one; changing one
is for administrators, for the editors of **every** letter whose campaign follows it, and,
while no campaign follows it, for whoever created it. A refusal says so, without naming
other coalitions' campaigns."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from undersigned.advocacy.models import Campaign, Resolution
from undersigned.letters import permissions as letter_perms


def resolution_letter_ids(resolution: Resolution) -> set[int | None]:
    """The letters of the campaigns that follow ``resolution`` (None for a campaign
    without a letter)."""
    return set(Campaign.objects.filter(resolution=resolution).values_list("letter_id",
                                                                         flat=True))


def may_change_resolution(user, resolution: Resolution) -> bool:
    if user is None or letter_perms.is_admin(user):
        return True
    if not user.is_authenticated:
        return False
    letters = resolution_letter_ids(resolution)
    if not letters:
        return resolution.created_by_id == user.pk
    if None in letters:
        return False  # a campaign without a letter belongs to the administrators
    editable = letter_perms.letter_ids_with(user, letter_perms.EDIT_TEXT)
    return editable is None or letters <= editable


def access_resolution(user, pk, *, change: bool = False) -> Resolution:
    """The resolution (404 if there is none); for ``change``, a refusal with a message
    unless ``user`` may change it."""
    resolution = Resolution.objects.filter(pk=pk).first()
    if resolution is None:
        raise Http404
    if change and not may_change_resolution(user, resolution):
        raise PermissionDenied(_(
            "Only an administrator, the editors of every letter whose campaign follows this "
            "resolution, or (while no campaign follows it) whoever recorded it can change its "
            "record."))
    return resolution


def access_campaign(user, pk, *, change: bool = False) -> Campaign:
    """A campaign follows the roles of its letter: reading needs a role on the letter,
    changing anything needs an editor's (404 otherwise, as for no campaign at all). A
    campaign without a letter is the administrators'."""
    campaign = (Campaign.objects.select_related("resolution", "letter").filter(pk=pk).first())
    if campaign is None:
        raise Http404
    need = letter_perms.EDIT_TEXT if change else letter_perms.VIEW
    if campaign.letter is None:
        if not letter_perms.is_admin(user):
            raise Http404
    elif need not in letter_perms.letter_permissions(user, campaign.letter):
        raise Http404
    return campaign
