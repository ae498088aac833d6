"""Accuracy of the letter parser on hand-labelled real letters (``make bench``,
``bench/bench_import_accuracy.py``; the tests check the letters tuned on).

A label file (``NAME.tsv`` beside the letter) has one line per entry::

    number<TAB>names (printed order, " | " between)<TAB>acronym<TAB>country<TAB>qualifier

An entry is **exact** when every field equals the label: the number (when the label has
one), every name in order, the acronym, the country and the qualifier.  Parsed entries are
matched to labels by number when both are numbered, otherwise in order (a sequence
alignment on the first name), so a missed or an extra entry costs one entry, not the rest
of the list.  ``accuracy = exact / max(labelled, parsed)``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("number", "names", "acronym", "country", "qualifier")


def load_labels(path: Path) -> list[dict]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + [""] * 5)[:5]
        number, names, acronym, country, qualifier = (p.strip() for p in parts)
        out.append({"number": int(number) if number else None,
                    "names": [n.strip() for n in names.split(" | ") if n.strip()],
                    "acronym": acronym or None, "country": country or None,
                    "qualifier": qualifier or None})
    return out


def entry_of(signatory: dict) -> dict:
    return {"number": signatory.get("number"),
            "names": [n["text"] for n in signatory.get("names") or []],
            "acronym": signatory.get("acronym"), "country": signatory.get("country"),
            "qualifier": signatory.get("qualifier")}


def _differences(got: dict, want: dict) -> list[str]:
    out = []
    for name in FIELDS:
        if name == "number" and want["number"] is None:
            continue
        if got.get(name) != want.get(name):
            out.append(f"{name}: {got.get(name)!r} != {want.get(name)!r}")
    return out


@dataclass
class Score:
    letter: str
    labelled: int
    parsed: int
    exact: int
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.exact / max(self.labelled, self.parsed, 1)


def score(name: str, parsed: dict, labels: list[dict]) -> Score:
    got = [entry_of(s) for s in parsed.get("signatories", [])]
    result = Score(letter=name, labelled=len(labels), parsed=len(got), exact=0)
    pairs: list[tuple[dict | None, dict | None]] = []
    if labels and all(lab["number"] is not None for lab in labels) and got and all(
            g["number"] is not None for g in got):
        by_number: dict[int, list[dict]] = {}
        for g in got:
            by_number.setdefault(g["number"], []).append(g)
        for lab in labels:
            found = by_number.get(lab["number"])
            pairs.append((found.pop(0) if found else None, lab))
        pairs += [(g, None) for rest in by_number.values() for g in rest]
    else:
        keys_got = [(g["names"] or [""])[0].casefold() for g in got]
        keys_lab = [(lab["names"] or [""])[0].casefold() for lab in labels]
        matcher = difflib.SequenceMatcher(a=keys_got, b=keys_lab, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal":
                pairs += list(zip(got[a0:a1], labels[b0:b1], strict=True))
            else:
                span = max(a1 - a0, b1 - b0)
                for k in range(span):
                    g = got[a0 + k] if a0 + k < a1 else None
                    lab = labels[b0 + k] if b0 + k < b1 else None
                    pairs.append((g, lab))
    for g, lab in pairs:
        if g is not None and lab is not None and not _differences(g, lab):
            result.exact += 1
        elif lab is None:
            result.errors.append(f"extra entry {g['names']}")
        elif g is None:
            result.errors.append(f"missed {lab['names']}")
        else:
            result.errors.append(f"{lab['number'] or ''} {lab['names'][:1]}: "
                                 + "; ".join(_differences(g, lab)))
    return result
