"""Reads for imports: what a sign-on sheet import would do with every row (the preview and
the import use the same plan, so they say the same), and the row outcomes as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from undersigned.core.text import normalize_name
from undersigned.letters.models import Letter, Signature
from undersigned.orgs import selectors as org_selectors
from undersigned.orgs.models import Organization, OrganizationName

ADDED, ALREADY, REPEAT, SKIPPED = "added", "already_there", "repeat", "skipped"
OUTCOMES = (ADDED, ALREADY, REPEAT, SKIPPED)
_CHUNK = 500  # names per IN (...) query: well under SQLite's variable limit


@dataclass
class RowOutcome:
    """What happens (or happened) to one row of a sheet."""

    row: int
    name: str
    outcome: str
    reason: str = ""
    repeat_of: int | None = None
    flags: list[str] = field(default_factory=list)
    organization_id: int | None = None  # the registry organisation matched, if any

    def as_dict(self) -> dict:
        out = asdict(self)
        out.pop("organization_id")
        return out


def organizations_for_names(names: list[str]) -> dict[str, int]:
    return organizations_for_keys([normalize_name(n) for n in names], names)


def organizations_for_keys(all_keys: list[str], names: list[str]) -> dict[str, int]:
    """normalised name -> registry organisation pk, for every name an organisation already
    has (aliases included, merges followed), in a few queries whatever the count. With
    ``MATCH_AUTO_LINK`` set, names without an exact match go through
    ``orgs.selectors.organization_match`` one by one (that is the registry's rule)."""
    keys = sorted({k for k in all_keys if k})
    found: dict[str, int] = {}
    for i in range(0, len(keys), _CHUNK):
        rows = (OrganizationName.objects.filter(normalized__in=keys[i:i + _CHUNK])
                .order_by("organization_id").values_list("normalized", "organization_id"))
        for key, org_id in rows:
            found.setdefault(key, org_id)
    if found:
        merged = dict(Organization.objects.filter(merged_into__isnull=False)
                      .values_list("pk", "merged_into_id"))
        for key, org_id in found.items():
            seen = set()
            while org_id in merged and org_id not in seen:
                seen.add(org_id)
                org_id = merged[org_id]
            found[key] = org_id
    if org_selectors.auto_link_threshold() is not None:
        for name, key in zip(names, all_keys, strict=True):
            if key and key not in found:
                org = org_selectors.organization_match(name=name)
                if org is not None:
                    found[key] = org.pk
    return found


def signons_plan(*, letter: Letter, rows: list[dict], rejected: list[dict],
                 verified: bool) -> list[RowOutcome]:
    """One outcome per row of the sheet, in sheet order: ``added``, ``already_there`` (the
    organisation already signed this letter), ``repeat`` (the same organisation as an
    earlier row: one signature, this row kept as a repeat) or ``skipped`` with the reason.
    Writes nothing."""
    keys = [normalize_name(r["name"]) for r in rows]
    matched = organizations_for_keys(keys, [r["name"] for r in rows])
    signed = set(Signature.objects.filter(letter=letter, active=True)
                 .values_list("organization_id", flat=True))
    outcomes: list[RowOutcome] = [
        RowOutcome(row=r["row"], name=r.get("name") or "", outcome=SKIPPED,
                   reason=r.get("reason") or r.get("why") or "") for r in rejected]
    first_of: dict[str, RowOutcome] = {}
    for row, key in zip(rows, keys, strict=True):
        flags = ["no_email"] if not row.get("contact_email") else []
        if row.get("publish_name") is False:
            flags.append("not_named")
        org_id = matched.get(key)
        outcome = RowOutcome(row=row["row"], name=row["name"], outcome=ADDED, flags=flags,
                             organization_id=org_id)
        first = first_of.get(key)
        if not verified and not row.get("contact_email"):
            outcome.outcome = SKIPPED
            outcome.reason = ("no email address to confirm with (mark the sheet as verified "
                              "to import it)")
        elif first is not None and first.outcome in (ADDED, ALREADY, REPEAT):
            outcome.repeat_of = first.row if first.outcome != REPEAT else first.repeat_of
            if first.outcome == ALREADY:
                outcome.outcome = ALREADY
                outcome.reason = f"the organisation of row {first.row} already signed"
            else:
                outcome.outcome = REPEAT
                outcome.reason = f"same organisation as row {outcome.repeat_of}: one signature"
        elif org_id is not None and org_id in signed:
            outcome.outcome = ALREADY
            outcome.reason = "this organisation already signed the letter"
        if outcome.outcome != SKIPPED and first is None:
            first_of[key] = outcome
        outcomes.append(outcome)
    outcomes.sort(key=lambda o: o.row)
    return outcomes


def outcome_counts(outcomes: list[RowOutcome]) -> dict[str, int]:
    counts = {kind: 0 for kind in OUTCOMES}
    for o in outcomes:
        counts[o.outcome] += 1
    counts["rows"] = len(outcomes)
    return counts


def outcomes_csv(outcomes: list[RowOutcome]) -> str:
    """The outcomes as CSV (row, organisation, outcome, reason, repeat of, flags): the
    coordinator's record of what became of each row. Values that a spreadsheet would run
    as a formula are prefixed with a quote."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "organisation", "outcome", "reason", "repeat_of", "flags"])
    for o in outcomes:
        name = o.name
        if name[:1] in "=+-@\t\r":
            name = "'" + name
        writer.writerow([o.row, name, o.outcome, o.reason, o.repeat_of or "",
                         " ".join(o.flags)])
    return buffer.getvalue()
