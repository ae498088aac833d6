from django.db import migrations, models


def forwards(apps, schema_editor):
    """Repeat sign-ons get the keyed hash of their email (so a person's erasure finds them),
    and each signature keeps the names in other languages its letter printed until now (they
    were read from the registry, shared by every letter; from now on each letter has its own)."""
    from undersigned.core.crypto import search_hash

    DuplicateSignOn = apps.get_model("letters", "DuplicateSignOn")
    for dup in DuplicateSignOn.objects.exclude(contact_email="").iterator():
        DuplicateSignOn.objects.filter(pk=dup.pk).update(
            contact_email_hash=search_hash(dup.contact_email))
    Signature = apps.get_model("letters", "Signature")
    OrganizationName = apps.get_model("orgs", "OrganizationName")
    for sig in Signature.objects.filter(active=True, publish_name=True).select_related(
            "letter").iterator():
        langs = [lang for lang in sig.letter.languages if lang != sig.letter.source_lang]
        names = {}
        for lang, text in (OrganizationName.objects.filter(
                organization_id=sig.organization_id, lang__in=langs, confirmed=True)
                .order_by("-is_primary", "pk").values_list("lang", "text")):
            names.setdefault(lang, text)
        if names:
            Signature.objects.filter(pk=sig.pk).update(names=names)


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0005_letter_roles"),
        ("orgs", "0004_registry_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="duplicatesignon",
            name="contact_email_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AddField(
            model_name="signature",
            name="names",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
