"""A server upgraded with merges made before merges went letter by letter: each letter's
part becomes a SignatureRelink its moderators can see and undo, and each signature keeps
the names in other languages its letter printed until then."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orgs", "0004_registry_generation"), ("letters", "0005_letter_roles"),
          ("curation", None)]


def _executor_at(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def test_old_merges_and_registry_names_survive_the_upgrade():
    old = _executor_at(BEFORE).loader.project_state(
        [node for node in BEFORE if node[1]]).apps
    Letter, Signature = old.get_model("letters", "Letter"), old.get_model("letters", "Signature")
    Organization = old.get_model("orgs", "Organization")
    OrganizationName = old.get_model("orgs", "OrganizationName")
    OrganizationMerge = old.get_model("orgs", "OrganizationMerge")
    one = Letter.objects.create(slug="one", languages=["en", "zh-hant"], status="open")
    two = Letter.objects.create(slug="two", languages=["en"], status="open")
    target = Organization.objects.create(primary_name="Kept Org", normalized_name="kept org")
    source = Organization.objects.create(primary_name="Merged Org", normalized_name="merged org",
                                         merged_into=target)
    OrganizationName.objects.create(organization=target, text="保留組織", normalized="保留組織",
                                    lang="zh-hant", confirmed=True)
    kept = Signature.objects.create(letter=one, organization=target, name="Kept Org",
                                    state="approved")
    moved_one = Signature.objects.create(letter=one, organization=target, name="Merged Org",
                                         state="approved", active=False)
    moved_two = Signature.objects.create(letter=two, organization=target, name="Merged Org",
                                         state="approved")
    OrganizationMerge.objects.create(source=source, target=target,
                                     moved_signatures=[moved_one.pk, moved_two.pk],
                                     deactivated_signatures=[moved_one.pk], copied_names=[])

    new = _executor_at([("curation", "0002_relinks_from_registry_merges"),
                        ("orgs", "0005_merge_keeps_registry_names_only")])
    apps = new.loader.project_state([("curation", "0002_relinks_from_registry_merges")]).apps
    relinks = {r.letter_id: r for r in apps.get_model("curation", "SignatureRelink").objects.all()}
    assert set(relinks) == {one.pk, two.pk}
    assert relinks[one.pk].moved == [moved_one.pk] and relinks[one.pk].set_aside == [moved_one.pk]
    assert relinks[one.pk].source_label == "Merged Org"
    assert relinks[one.pk].target_label == "Kept Org"
    assert relinks[two.pk].moved == [moved_two.pk] and relinks[two.pk].set_aside == []
    names = dict(apps.get_model("letters", "Signature").objects.values_list("pk", "names"))
    assert names[kept.pk] == {"zh-hant": "保留組織"}
    assert names[moved_two.pk] == {}  # letter two is not offered in Chinese
    _executor_at(new.loader.graph.leaf_nodes())
