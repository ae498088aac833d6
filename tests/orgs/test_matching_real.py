"""The matcher on real lists: signatory lists of joint letters, a network's member list and a
directory of NGOs with their Latin-script and Arabic names (tests/orgs/data/real/, each file
says where it comes from). They were labelled by reading them, not by the matcher; they were
seen while the matcher was tuned, so ``make bench`` reports them apart from a held-out set."""

from pathlib import Path

import pytest

from undersigned.orgs.matching import evaluate, pooled, read_labelled

REAL = Path(__file__).parent / "data" / "real"
LISTS = sorted(p.name for p in REAL.glob("*.tsv") if not p.name.startswith("aihr"))


def _report(result):
    lines = [f"P={result['precision']:.3f} R={result['recall']:.3f} F1={result['f1']:.3f}"]
    lines += [f"FP {a!r} ~ {b!r} ({s})" for a, b, s in result["false_positives"][:20]]
    lines += [f"FN {a!r} ~ {b!r}" for a, b in result["false_negatives"][:20]]
    return "\n".join(lines)


@pytest.mark.parametrize("name", LISTS)
def test_real_list(name):
    """Letters and member lists: hundreds of distinct organisations (national chapters,
    namesakes, the same words with another country) and a few real duplicates."""
    rows = read_labelled(REAL / name)
    assert len(rows) >= 40
    result = evaluate(rows)
    assert result["precision"] >= 0.95, _report(result)
    if result["true_pairs"] >= 10:
        assert result["f1"] >= 0.95, _report(result)


def test_real_lists_pooled():
    """Pairs pooled over the lists, each list matched on its own (the lists share
    organisations but were labelled one by one)."""
    result = pooled(evaluate(read_labelled(REAL / name)) for name in LISTS)
    assert result["precision"] >= 0.95 and result["f1"] >= 0.9, result


def test_latin_and_arabic_directory():
    """Loose translations between French and Arabic: recall is low, and what is paired must
    mostly be right (the directory itself lists some organisations twice)."""
    rows = read_labelled(REAL / "aihr-latin-arabic.tsv")
    assert len(rows) >= 500
    result = evaluate(rows)
    assert result["precision"] >= 0.7, _report(result)
    assert result["recall"] >= 0.4, _report(result)


@pytest.mark.parametrize(("name", "precision", "recall"),
                         [("owinfs-three-letters.tsv", 0.95, 0.8),
                          ("aihr-latin-arabic.tsv", 0.8, 0.35),
                          ("tcc-community-open-letter.tsv", 0.85, 0.65),
                          ("ministers-consultation-response.tsv", 0.95, 0.8),
                          # venture funds: short generic names ("AnD Ventures", "IL Ventures")
                          ("vc-statement-israel-2023.tsv", 0.5, 0.9)])
def test_held_out_real_lists(name, precision, recall):
    """Lists kept out of tuning (tests/orgs/data/real/heldout/): the figures stay near those
    of the lists seen while tuning."""
    result = evaluate(read_labelled(REAL / "heldout" / name))
    assert result["precision"] >= precision, _report(result)
    assert result["recall"] >= recall, _report(result)
