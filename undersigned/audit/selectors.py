from undersigned.audit.models import AuditEntry


def audit_for_letter(letter_id: int):
    return AuditEntry.objects.filter(letter_id=letter_id).select_related("actor")
