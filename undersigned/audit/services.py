from undersigned.audit import hooks
from undersigned.audit.models import AuditEntry


def audit_record(*, action: str, object_type: str, object_id="", actor=None, letter_id=None,
                 before=None, after=None) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry.objects.create(
        actor=user, actor_label=user.get_username() if user else "",
        action=action, object_type=object_type, object_id=str(object_id or "")[:200],
        letter_id=letter_id, before=before, after=after,
    )
    hooks.recorded(entry)
    return entry


def audit_record_letters(*, letter_ids, action: str, object_type: str, object_id="",
                         actor=None, before=None, after=None) -> list[AuditEntry]:
    """Append the same change to the log of every letter it touches (one entry each), or
    one entry of no letter when it touches none."""
    ids = sorted({pk for pk in letter_ids if pk is not None}) or [None]
    return [audit_record(action=action, object_type=object_type, object_id=object_id,
                         actor=actor, letter_id=pk, before=before, after=after) for pk in ids]
