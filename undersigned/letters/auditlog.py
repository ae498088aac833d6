"""How a letter's audit log reads to a coordinator: each entry as a sentence ("Sign-on
approved"), and what changed as "Status: Confirmed → Approved", in the interface language,
never a raw ``{'state': 'approved'}``. The entries themselves (``audit.AuditEntry``) keep
the machine form; this module only reads them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from undersigned.core.languages import language_name
from undersigned.letters.models import LetterStatus, SignatureState

ACTIONS = {
    "letter_created": gettext_lazy("Letter created"),
    "letter_imported": gettext_lazy("Letter imported from a published text"),
    "letter_status": gettext_lazy("Sign-on status changed"),
    "text_changed": gettext_lazy("Text changed"),
    "role_set": gettext_lazy("Role given"),
    "role_removed": gettext_lazy("Role removed"),
    "edition_published": gettext_lazy("Edition published"),
    "edition_rendered": gettext_lazy("Edition prepared for download"),
    "signons_imported": gettext_lazy("Sign-on sheet imported"),
    "contacts_purged": gettext_lazy("Contact details deleted after publication"),
    "signature_submitted": gettext_lazy("Sign-on received"),
    "signature_imported": gettext_lazy("Sign-on imported"),
    "signature_imported_from_published_list": gettext_lazy("Signatory imported from a "
                                                           "published list"),
    "signature_email_confirmed": gettext_lazy("Email confirmed"),
    "signature_approved": gettext_lazy("Sign-on approved"),
    "signature_rejected": gettext_lazy("Sign-on rejected"),
    "signature_withdrawn_by_signatory": gettext_lazy("Withdrawn by the signatory"),
    "signature_withdrawn_by_coordinator": gettext_lazy("Withdrawn by a coordinator"),
    "signature_withdrawal_requested": gettext_lazy("Withdrawal asked for"),
    "signature_superseded": gettext_lazy("Replaced by a newer sign-on"),
    "signature_repeat_sign_on": gettext_lazy("Signed again (a repeat sign-on)"),
    "signature_repeat_sign_on_confirmed": gettext_lazy("Repeat sign-on confirmed"),
    "repeat_sign_on_erased": gettext_lazy("Repeat sign-on erased on request"),
    "signature_erased_on_request": gettext_lazy("Contact details erased on request"),
    "signature_renamed": gettext_lazy("Name corrected"),
    "signature_name_set": gettext_lazy("Name in another language set"),
    "signature_merged": gettext_lazy("Moved to another registry organisation (merge)"),
    "signature_set_aside_by_merge": gettext_lazy("Set aside by a merge (a duplicate)"),
    "signature_merge_undone": gettext_lazy("Merge undone"),
    "organizations_merged": gettext_lazy("Organisations merged"),
    "organizations_merge_undone": gettext_lazy("Merge of organisations undone"),
    "organizations_distinct": gettext_lazy("Organisations marked as not the same"),
    "organization_renamed": gettext_lazy("Organisation renamed in the registry"),
}

FIELDS = {
    "state": gettext_lazy("Status"), "status": gettext_lazy("Status"),
    "name": gettext_lazy("Name"), "reason": gettext_lazy("Reason"),
    "lang": gettext_lazy("Language"), "languages": gettext_lazy("Languages"),
    "role": gettext_lazy("Role"), "slug": gettext_lazy("Address"),
    "deadline": gettext_lazy("Deadline"), "number": gettext_lazy("Edition"),
    "entries": gettext_lazy("Organisations listed"),
    "anonymous": gettext_lazy("Counted without names"),
    "added": gettext_lazy("Added"), "withdrawn": gettext_lazy("Withdrawn"),
    "renamed": gettext_lazy("Renamed"), "title": gettext_lazy("Title"),
    "recipients": gettext_lazy("Recipients"), "body_md": gettext_lazy("Text"),
    "asks": gettext_lazy("Asks"), "why": gettext_lazy("Why"),
    "sign_on_open": gettext_lazy("Sign-on kept open"),
    "left_out_awaiting_approval": gettext_lazy("Left out, awaiting approval"),
    "left_out_awaiting_confirmation": gettext_lazy("Left out, awaiting email confirmation"),
}
_STATES = {**dict(SignatureState.choices), **dict(LetterStatus.choices)}
_TEXT_FIELDS = ("title", "recipients", "body_md", "asks")


@dataclass
class Line:
    """One entry as the log page shows it."""

    at: object
    who: str
    what: str
    changes: list[str]


def _value(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ("state", "status") and value in _STATES:
        return str(_STATES[value])
    if key == "lang":
        return language_name(str(value))
    if key == "languages" and isinstance(value, list):
        return ", ".join(language_name(str(v)) for v in value)
    if key == "why" and value == "deadline":
        return _("the deadline passed")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _label(key: str) -> str:
    return str(FIELDS.get(key, key.replace("_", " ").capitalize()))


def changes(action: str, before, after) -> list[str]:
    """What an entry changed, one readable line per field."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if action == "text_changed":  # the texts are long: say which parts changed
        parts = [_label(k) for k in _TEXT_FIELDS if before.get(k) != after.get(k)]
        return [_("Changed: %(parts)s") % {"parts": ", ".join(parts)}] if parts else []
    out = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if key in before and key in after:
            if old != new:
                out.append(f"{_label(key)}: {_value(key, old)} → {_value(key, new)}")
        elif key in after:
            if new not in (None, "", [], {}):
                out.append(f"{_label(key)}: {_value(key, new)}")
        else:
            out.append(f"{_label(key)}: {_value(key, old)} → –")
    return out


def what(action: str, object_type: str, object_id: str) -> str:
    label = ACTIONS.get(action)
    text = str(label) if label else action.replace("_", " ").capitalize()
    if object_type == "translation" and object_id:
        text += f" ({language_name(object_id)})"
    return text


def audit_lines(entries) -> list[Line]:
    return [Line(at=e.at, who=e.actor_label, what=what(e.action, e.object_type, e.object_id),
                 changes=changes(e.action, e.before, e.after)) for e in entries]
