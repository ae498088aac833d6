"""Which signatories of one list are probably the same organisation.

``find_possible_duplicates(signatories) -> list[anomaly]`` is the entry point the letter
parser and the sheet reader call. It is a thin adapter over the registry's matching toolkit
(``undersigned.orgs.matching``): each signatory becomes a ``Record`` (all its names with
their languages, its acronym, country, website and email when the row has them) and
``match_records`` finds the pairs, with their probability and reasons. Rows with the same
normalised primary name and country are reported as ``duplicate`` (listed twice); another
name in common as a ``possible_duplicate``; the matcher's pairs as ``possible_duplicate``
with its reasons in words.
"""

from __future__ import annotations

from collections import defaultdict

from undersigned.orgs.matching import Name, Record, match_records, normalize


def _names(sig: dict) -> list[str]:
    return [n["text"] for n in sig.get("names", []) if n.get("text")]


def _label(sig: dict, index: int) -> str:
    names = _names(sig)
    return (f"{sig['number']}" if sig.get("number") is not None else f"#{index + 1}") + (
        f" '{names[0]}'" if names else "")


def _ref(sig: dict, index: int) -> int:
    return sig["number"] if sig.get("number") is not None else index + 1


def signatory_record(sig: dict) -> Record:
    """The matching toolkit's record of a parsed signatory."""
    names = tuple(Name(n["text"], n.get("lang") or None) for n in sig.get("names", [])
                  if n.get("text"))
    return Record(names, acronym=sig.get("acronym") or "", country=sig.get("country") or "",
                  website=sig.get("website") or "", email=sig.get("email") or "")


def find_possible_duplicates(signatories: list[dict]) -> list[dict]:
    """Anomalies ``duplicate`` / ``possible_duplicate`` for a parsed signatory list."""
    out = _exact(signatories)
    reported = {tuple(a["numbers"]) for a in out}
    # a row written exactly as an earlier one is that row's duplicate (reported above):
    # only the first of each is matched, so a list pasted many times stays fast
    first: dict[tuple, int] = {}
    unique: list[int] = []
    for i, sig in enumerate(signatories):
        record = signatory_record(sig)
        key = (tuple((n.text.casefold(), n.lang) for n in record.names), record.acronym,
               record.country, record.website, record.email)
        if key not in first:
            first[key] = i
            unique.append(i)
    records = [signatory_record(signatories[i]) for i in unique]
    for pair in match_records(records):
        a, b = unique[pair["a"]], unique[pair["b"]]
        sa, sb = signatories[a], signatories[b]
        refs = (_ref(sa, a), _ref(sb, b))
        if refs in reported:
            continue
        reported.add(refs)
        reasons = " · ".join(str(r) for r in pair["reasons"]) or "similar names"
        out.append({"kind": "possible_duplicate", "numbers": list(refs),
                    "detail": f"{_label(sa, a)} and {_label(sb, b)} may be the same "
                              f"organisation ({reasons}; probability {pair['probability']:.2f})"})
    out.sort(key=lambda x: x["numbers"])
    return out


def _exact(signatories: list[dict]) -> list[dict]:
    """Same primary name and country: ``duplicate``.  Another name in common (the same
    Chinese name under two English names): ``possible_duplicate``."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, sig in enumerate(signatories):
        names = [normalize(x) for x in _names(sig)]
        for k, name in enumerate(dict.fromkeys(names)):
            if name:
                groups[(name, sig.get("country") or "", k == 0)].append(i)
    primary_of = {}
    for (name, country, is_primary), ids in groups.items():
        if is_primary:
            for i in ids:
                primary_of[i] = (name, country)
    out, seen = [], set()
    ordered = sorted(groups.items(), key=lambda kv: not kv[0][2])  # primary names first
    for (name, country, is_primary), ids in ordered:
        if not is_primary:
            ids = sorted(set(ids) | set(groups.get((name, country, True), [])))
        for k in range(1, len(ids)):
            a, b = ids[0], ids[k]
            refs = (_ref(signatories[a], a), _ref(signatories[b], b))
            if a == b or refs in seen:
                continue
            seen.add(refs)
            if primary_of.get(a) == primary_of.get(b) and a in primary_of:
                anomaly = {"kind": "duplicate", "numbers": list(refs),
                           "detail": f"{_label(signatories[a], a)} and "
                                     f"{_label(signatories[b], b)} are listed twice: same "
                                     f"name '{name}'"}
            else:
                anomaly = {"kind": "possible_duplicate", "numbers": list(refs),
                           "detail": f"{_label(signatories[a], a)} and "
                                     f"{_label(signatories[b], b)} may be the same "
                                     f"organisation: both are also called '{name}'"}
            out.append(anomaly)
    return out
