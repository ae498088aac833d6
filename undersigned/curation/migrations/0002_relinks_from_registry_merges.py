from django.db import migrations


def forwards(apps, schema_editor):
    """Merges made before merges went letter by letter: one SignatureRelink per letter whose
    signatures they moved, so each letter's moderators see (and can undo) their part."""
    OrganizationMerge = apps.get_model("orgs", "OrganizationMerge")
    Signature = apps.get_model("letters", "Signature")
    SignatureRelink = apps.get_model("curation", "SignatureRelink")
    for merge in OrganizationMerge.objects.order_by("pk"):
        by_letter: dict[int, list] = {}
        for sig in Signature.objects.filter(pk__in=merge.moved_signatures or []):
            by_letter.setdefault(sig.letter_id, []).append(sig)
        aside = set(merge.deactivated_signatures or [])
        for letter_id, sigs in by_letter.items():
            target = Signature.objects.filter(letter_id=letter_id, organization_id=merge.target_id,
                                              active=True).exclude(pk__in=[s.pk for s in sigs])
            relink = SignatureRelink.objects.create(
                letter_id=letter_id, source_id=merge.source_id, target_id=merge.target_id,
                moved=[s.pk for s in sigs], set_aside=[s.pk for s in sigs if s.pk in aside],
                source_label=sigs[0].name[:300],
                target_label=(target.values_list("name", flat=True).first() or "")[:300],
                registry_merge_id=merge.pk, actor_id=merge.actor_id,
                undone_at=merge.undone_at, undone_by_id=merge.undone_by_id)
            SignatureRelink.objects.filter(pk=relink.pk).update(at=merge.at)


class Migration(migrations.Migration):

    dependencies = [
        ("curation", "0001_initial"),
        ("orgs", "0004_registry_generation"),
        ("letters", "0006_signature_names_repeat_email_hash"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
