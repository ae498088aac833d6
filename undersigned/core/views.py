from django.shortcuts import render
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    """A refused form (missing or stale security token) explained in the reader's language."""
    return render(request, "csrf_failure.html", {
        "message": _("This form expired or was sent from another site, so nothing was saved. "
                     "Go back, reload the page and send the form again."),
    }, status=403)
