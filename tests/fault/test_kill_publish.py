"""SIGKILL in the middle of ``undersigned publish``: an edition is one transaction, so
afterwards there is no edition, or a complete one (as many entries as approved named
signatures); publishing again then succeeds.

The letter has FAULT_PUBLISH_SIGNATURES approved signatures (default 20,000; one in forty
anonymous), written with bulk inserts. The publish is killed half-way through its
transaction: on PostgreSQL once the entries' sequence shows half of them inserted; on SQLite
(whose progress cannot be seen from outside) half-way through the time a publish of a copy of
the database took."""

import os
import re
import time

import pytest

from tests.fault.support import cpu_seconds, kill_in_write_phase, run_timed

pytestmark = pytest.mark.fault

SIGNATURES = int(os.environ.get("FAULT_PUBLISH_SIGNATURES", "20000"))
SLUG = "pub"

FILL = """
import random
from django.db import transaction
from django.utils import timezone
from undersigned.core.text import normalize_name
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.orgs.models import Organization, OrganizationName

SYL = ["ka", "vu", "mi", "te", "sa", "ro", "lo", "be", "na", "zi", "do", "pu", "ri", "go",
       "fe", "ha", "ju", "mo", "ne", "xi", "wa", "yo", "qu", "ce", "é", "ø", "ñ"]
rng = random.Random(%(n)d)
letter = services.letter_create(slug=%(slug)r, source_lang="en", languages=["en", "fr"],
                                title="Publish under fire", body_md="We, the undersigned.")
letter = services.letter_open(letter=letter, accept_incomplete=True)
version = letter.versions.order_by("-number").first()
names = []
for i in range(%(n)d):
    words = ["".join(rng.choice(SYL) for _ in range(3)).capitalize() for _ in range(2)]
    names.append(f"{words[0]} {words[1]} Association {i}")
now = timezone.now()
with transaction.atomic():
    orgs = Organization.objects.bulk_create(
        [Organization(primary_name=n, normalized_name=normalize_name(n), country="KE")
         for n in names], batch_size=2000)
    OrganizationName.objects.bulk_create(
        [OrganizationName(organization=o, text=o.primary_name, normalized=o.normalized_name,
                          lang="en", script="Latn", is_primary=True, source="fault")
         for o in orgs], batch_size=2000)
    Signature.objects.bulk_create(
        [Signature(letter=letter, organization=o, name=o.primary_name, country="KE",
                   publish_name=(i %% 40 != 0), state="approved", active=True, lang="en",
                   letter_version=version, confirmed_at=now, source={"fault": i})
         for i, o in enumerate(orgs)], batch_size=2000)
out = {
    "named": Signature.public.filter(letter=letter).count(),
    "anonymous": Signature.objects.filter(letter=letter, state="approved", active=True,
                                          publish_name=False).count(),
}
"""

STATE = """
from undersigned.letters.models import Letter, Signature
from undersigned.publishing.models import Edition, EditionEntry
letter = Letter.objects.get(slug=%(slug)r)
out = {
    "status": letter.status,
    "editions": [
        {"number": e.number, "anonymous": e.anonymous_count,
         "entries": EditionEntry.objects.filter(edition=e).count(),
         "numbers_ok": list(EditionEntry.objects.filter(edition=e).order_by("number")
                            .values_list("number", flat=True))
         == list(range(1, EditionEntry.objects.filter(edition=e).count() + 1)),
         "orgs": EditionEntry.objects.filter(edition=e).values("organization_id").distinct()
         .count()}
        for e in Edition.objects.filter(letter=letter).order_by("number")],
    "orphan_entries": EditionEntry.objects.exclude(edition__in=Edition.objects.all()).count(),
    "named": Signature.public.filter(letter=letter).count(),
}
"""


def test_sigkill_mid_publish_leaves_no_edition_or_a_whole_one(fresh_site, tmp_path):
    started = time.monotonic()
    site = fresh_site("publish")
    t0 = time.monotonic()
    filled = site.django(FILL % {"n": SIGNATURES, "slug": SLUG}, timeout=900)
    fill_seconds = time.monotonic() - t0
    assert filled["named"] + filled["anonymous"] == SIGNATURES

    if site.kind == "postgresql":
        # Sequences are not transactional: kill once half the entries are inserted.
        reference = "entries inserted at the kill: {}"

        def ready(_t_write, _now, _proc):
            return site.rows_written("publishing_editionentry") >= 0.5 * filled["named"]
    else:
        # An open SQLite transaction shows no progress outside: publish a copy of the
        # database, and kill the real publish half-way through the CPU time the copy's
        # transaction took (CPU time does not stretch with the machine's load).
        copy = fresh_site.clone(site, "publish-copy")
        ref = run_timed(copy, "publish", SLUG, log=tmp_path / "copy.log")
        reference = (f"on the copy the transaction opened at {ref.write_at:.1f}s "
                     f"({ref.cpu_write_at:.1f}s CPU), the run took {ref.total:.1f}s "
                     f"({ref.cpu_total:.1f}s CPU)")
        kill_cpu = ref.cpu_write_at + 0.5 * (ref.cpu_total - ref.cpu_write_at)

        def ready(_t_write, _now, proc):
            return cpu_seconds(proc.pid) >= kill_cpu

    proc = site.spawn_cli("publish", SLUG, log=tmp_path / "killed-publish.log")
    timing = kill_in_write_phase(site, proc, ready=ready)
    if site.kind == "postgresql":
        reference = reference.format(site.rows_written("publishing_editionentry"))
    site.wait_no_writer()

    assert site.integrity_check() == "ok"
    after_kill = site.django(STATE % {"slug": SLUG})
    assert after_kill["orphan_entries"] == 0
    if after_kill["editions"]:
        # Committed before the kill: then complete.
        [edition] = after_kill["editions"]
        assert edition["entries"] == edition["orgs"] == filled["named"]
        assert edition["numbers_ok"]
        assert after_kill["status"] == "published"
    else:
        assert after_kill["status"] == "open"

    out = site.cli("publish", SLUG).stdout
    final = site.django(STATE % {"slug": SLUG})
    print(f"\n[fault:{site.kind}] publish of {filled['named']} named + {filled['anonymous']} "
          f"anonymous (bulk fill {fill_seconds:.1f}s): {reference}; SIGKILL at "
          f"{timing['t_kill']:.1f}s ({timing['t_kill'] - timing['t_write']:.1f}s into the "
          f"transaction, {timing['cpu_kill']:.1f}s CPU); after the kill "
          f"{len(after_kill['editions'])} edition(s); "
          f"then: {out.strip()}; whole test {time.monotonic() - started:.0f}s")
    assert re.search(rf"{SLUG}: (published|unchanged: still) edition 1 "
                     rf"\({filled['named']} named, {filled['anonymous']} anonymous\)", out), out
    [edition] = final["editions"]
    assert edition["number"] == 1
    assert edition["entries"] == edition["orgs"] == filled["named"] == final["named"]
    assert edition["anonymous"] == filled["anonymous"]
    assert edition["numbers_ok"]
    assert final["status"] == "published"
    assert site.integrity_check() == "ok"
