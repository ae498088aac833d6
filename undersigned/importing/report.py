"""How a parsed letter is told to a person in a terminal: the entries and the anomalies
(``import-letter --dry-run`` and ``render`` print the same lines)."""

from __future__ import annotations


def summary_line(parsed: dict) -> str:
    layout = parsed.get("layout") or {}
    extra = ""
    if parsed.get("individuals"):
        extra += f", {len(parsed['individuals'])} individuals set apart"
    if parsed.get("anonymous_count"):
        extra += f", {parsed['anonymous_count']} counted without names"
    return (f"language {parsed['language']}, date {parsed['date']}, layout "
            f"{layout.get('kind', 'none')}, {len(parsed['signatories'])} signatories, "
            f"{len(parsed['asks'])} asks{extra}")


def entry_lines(parsed: dict) -> list[str]:
    out = []
    for s in parsed["signatories"]:
        names = " | ".join(n["text"] for n in s["names"])
        extra = ", ".join(f"{k} {s[k]}" for k in ("acronym", "country", "qualifier") if s[k])
        out.append(f"  {s['number'] or '-':>4}  {names}" + (f"  [{extra}]" if extra else ""))
    for p in parsed.get("individuals") or []:
        out.append(f"  person  {p['name']}" + (f"  [{p['affiliation']}]" if p["affiliation"]
                                               else ""))
    return out


def anomaly_lines(parsed: dict) -> list[str]:
    return [f"  ! {a['kind']} {a['numbers']}: {a['detail']}" for a in parsed["anomalies"]]
