"""The registry's matcher index, one per process, kept in step with the database.

``registry_index()`` returns a ``matching.NameIndex`` over every organisation name (keys are
the pks of the organisations they stand for now, merges followed) and each organisation's
acronym, country and website, with coordinators' "not the same" decisions loaded. The
multilingual embedding compares names across scripts (``MATCH_EMBEDDINGS``, on unless set
to 0). Each call costs one small query: new names are added
incrementally; a merge, an undo or a new decision rebuilds the index."""

import threading

from django.conf import settings
from django.db.models import Max

from undersigned.orgs import matching
from undersigned.orgs.models import (
    DuplicateDecision,
    Organization,
    OrganizationName,
    RegistryGeneration,
)

_lock = threading.Lock()
_state: dict = {"index": None, "names_max": 0, "stamp": None, "db": None}


def match_threshold() -> float:
    """The probability above which pairs are proposed: ``MATCH_THRESHOLD`` when set, else
    the threshold the fitted model chose."""
    value = getattr(settings, "MATCH_THRESHOLD", None)
    return matching.default_threshold() if value in (None, "") else float(value)


def _embeddings() -> bool:
    return str(getattr(settings, "MATCH_EMBEDDINGS", "1")).lower() not in ("0", "false", "no")


def _stamp(db_alias: str) -> int:
    row = RegistryGeneration.objects.filter(pk=1).values_list("generation", flat=True).first()
    return row or 0


def bump_generation() -> None:
    """Called by every write that changes which names mean which organisation."""
    from django.db.models import F

    if not RegistryGeneration.objects.filter(pk=1).update(generation=F("generation") + 1):
        RegistryGeneration.objects.get_or_create(pk=1, defaults={"generation": 1})


def _current_pk(org_id: int, merged: dict[int, int]) -> int:
    seen = set()
    while org_id in merged and org_id not in seen:
        seen.add(org_id)
        org_id = merged[org_id]
    return org_id


def _rows(after_id: int, merged: dict[int, int]):
    qs = (OrganizationName.objects.filter(pk__gt=after_id)
          .values_list("pk", "organization_id", "text", "lang", "organization__acronym")
          .order_by("pk"))
    for pk, org_id, text, lang, acronym in qs.iterator(chunk_size=5000):
        yield pk, _current_pk(org_id, merged), text, lang or None, acronym or None


def registry_index() -> matching.NameIndex:
    from django.db import connection

    names_max = OrganizationName.objects.aggregate(m=Max("pk"))["m"] or 0
    stamp = _stamp(connection.alias)
    db = connection.settings_dict["NAME"]
    with _lock:
        index = _state["index"]
        rebuild = index is None or _state["stamp"] != stamp or _state["db"] != db \
            or names_max < _state["names_max"]
        if not rebuild and names_max == _state["names_max"]:
            return index
        merged = dict(Organization.objects.filter(merged_into__isnull=False)
                      .values_list("pk", "merged_into_id"))
        if rebuild:
            index = matching.NameIndex(threshold=match_threshold(), embed=_embeddings())
            start = 0
            for a, b in DuplicateDecision.objects.filter(
                    decision=DuplicateDecision.DISTINCT).values_list("org_a_id", "org_b_id"):
                index.mark_distinct(_current_pk(a, merged), _current_pk(b, merged))
        else:
            start = _state["names_max"]
        touched = set()
        for _pk, key, text, lang, acronym in _rows(start, merged):
            index.add(key, text, lang, acronym)
            touched.add(key)
        _attributes(index, touched if not rebuild else None)
        _state.update(index=index, names_max=names_max, stamp=stamp, db=db)
        return index


def _attributes(index: matching.NameIndex, keys) -> None:
    """Each organisation's acronym, country and website, on the key it stands for now."""
    qs = Organization.objects.filter(merged_into__isnull=True)
    if keys is not None:
        qs = qs.filter(pk__in=keys)
    for pk, acronym, country, site in qs.values_list("pk", "acronym", "country", "website"
                                                     ).iterator(chunk_size=5000):
        if acronym or country or site:
            index.set_attributes(pk, matching.profile_record(matching.Record(
                (), acronym=acronym or "", country=country or "", website=site or "")))


def demo_duplicate_records() -> list[tuple[matching.Record, str]]:
    """A few realistic duplicate pairs for the demo (``data/demo_duplicates.csv``): (record,
    label) rows, two rows with one label being one organisation entered twice."""
    return matching.read_labelled(matching.DATA / "demo_duplicates.csv")


def reset() -> None:
    with _lock:
        _state.update(index=None, names_max=0, stamp=None, db=None)
