from django.db import migrations, models


class Migration(migrations.Migration):
    """A registry merge keeps names only; the signatures it moved are now recorded letter by
    letter (curation.SignatureRelink, filled from these fields by curation 0002)."""

    dependencies = [
        ("orgs", "0004_registry_generation"),
        ("curation", "0002_relinks_from_registry_merges"),
    ]

    operations = [
        migrations.RemoveField(model_name="organizationmerge", name="deactivated_signatures"),
        migrations.RemoveField(model_name="organizationmerge", name="moved_signatures"),
        migrations.AddField(
            model_name="organizationmerge",
            name="filled_fields",
            field=models.JSONField(default=list),
        ),
    ]
