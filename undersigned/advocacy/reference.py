"""Reference data: UN Member and observer States, regional groups, HRC membership.

Everything is read from the files in ``data/`` (see ``data/build_states.py`` for how
``states.json`` is made and where each fact comes from). Nothing here touches the
network, Babel or the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

LANGUAGES = ("en", "fr", "es", "ru", "zh-Hans", "zh-Hant", "ar")
UN_LANGUAGES = ("en", "fr", "es", "ru", "zh-Hans", "ar")

# The five UN regional groups, in the order the UN lists them.
GROUPS: dict[str, str] = {
    "AFRICAN": "African States",
    "APG": "Asia-Pacific States",
    "EEG": "Eastern European States",
    "GRULAC": "Latin American and Caribbean States",
    "WEOG": "Western European and other States",
}

# Seats on the Human Rights Council per regional group (GA resolution 60/251, para 7).
HRC_SEATS: dict[str, int] = {"AFRICAN": 13, "APG": 13, "EEG": 6, "GRULAC": 8, "WEOG": 7}
HRC_SOURCE = (
    "UN General Assembly election results and OHCHR 'Membership of the Human Rights "
    "Council' (ohchr.org/en/hr-bodies/hrc/membership)"
)


@dataclass(frozen=True)
class State:
    iso2: str
    iso3: str
    m49: str
    un_status: str  # "member" | "observer"
    group: str | None  # key of GROUPS, or None (Holy See)
    group_role: str | None  # "member" | "observer" (the United States in WEOG)
    group_note: str | None
    names: dict[str, str] = field(compare=False, hash=False)
    aliases: tuple[str, ...] = field(compare=False, hash=False, default=())
    sources: dict = field(compare=False, hash=False, default_factory=dict)

    @property
    def name(self) -> str:
        """The UN English short name."""
        return self.names["en"]

    @property
    def is_member(self) -> bool:
        return self.un_status == "member"

    def name_in(self, lang: str) -> str:
        """Name in ``lang`` (one of LANGUAGES; ``zh`` means zh-Hans), else English."""
        lang = {"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-TW": "zh-Hant"}.get(lang, lang)
        return self.names.get(lang) or self.names["en"]

    def __str__(self) -> str:
        return self.name

    def as_dict(self) -> dict:
        return {
            "iso2": self.iso2,
            "iso3": self.iso3,
            "m49": self.m49,
            "un_status": self.un_status,
            "group": self.group,
            "group_name": GROUPS.get(self.group) if self.group else None,
            "group_role": self.group_role,
            "group_note": self.group_note,
            "names": dict(self.names),
            "sources": self.sources,
        }


@cache
def all_states() -> tuple[State, ...]:
    """The 193 Member States and 2 observer States, in UN (English) order."""
    raw = json.loads((DATA / "states.json").read_text(encoding="utf-8"))
    return tuple(
        State(
            iso2=r["iso2"],
            iso3=r["iso3"],
            m49=r["m49"],
            un_status=r["un_status"],
            group=r["group"],
            group_role=r["group_role"],
            group_note=r["group_note"],
            names=r["names"],
            aliases=tuple(r["aliases"]),
            sources=r["sources"],
        )
        for r in raw
    )


@cache
def _by_code() -> dict[str, State]:
    index: dict[str, State] = {}
    for s in all_states():
        index[s.iso2] = s
        index[s.iso3] = s
    return index


def get_state(code: str) -> State:
    """A state by ISO alpha-2 or alpha-3 code (case-insensitive). KeyError if unknown."""
    return _by_code()[code.strip().upper()]


def member_states() -> list[State]:
    return [s for s in all_states() if s.is_member]


def observer_states() -> list[State]:
    return [s for s in all_states() if not s.is_member]


def states_in_group(group: str, *, include_observers: bool = True) -> list[State]:
    """States of a regional group. ``include_observers=False`` leaves out the United
    States in WEOG (an observer of the group, counted there for elections)."""
    return [
        s
        for s in all_states()
        if s.group == group and (include_observers or s.group_role == "member")
    ]


@cache
def territories() -> tuple[dict, ...]:
    """ISO 3166-1 entities that are not UN Member or observer States."""
    return tuple(json.loads((DATA / "territories.json").read_text(encoding="utf-8")))


# --- Human Rights Council --------------------------------------------------------


@dataclass(frozen=True)
class HrcSeat:
    state: State
    group: str
    term_start: int  # first calendar year of the term
    term_end: int  # last calendar year of the term
    elected: int  # year of the GA election
    began: dt.date | None = None  # set when the seat began mid-year (a vacancy filled)
    ended: dt.date | None = None  # set when the membership ended early
    replaces: str | None = None  # iso3 of the member whose term this one completes
    note: str = ""
    source: str = ""

    @property
    def term(self) -> str:
        return f"{self.term_start}-{self.term_end}"

    def holds_on(self, day: dt.date) -> bool:
        if not (self.term_start <= day.year <= self.term_end):
            return False
        if self.began and day < self.began:
            return False
        return not (self.ended and day >= self.ended)

    def as_dict(self) -> dict:
        return {
            "iso2": self.state.iso2,
            "iso3": self.state.iso3,
            "name": self.state.name,
            "group": self.group,
            "term": self.term,
            "term_start": self.term_start,
            "term_end": self.term_end,
            "elected": self.elected,
            "began": self.began.isoformat() if self.began else None,
            "ended": self.ended.isoformat() if self.ended else None,
            "replaces": self.replaces,
            "note": self.note,
            "source": self.source,
        }


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def hrc_seats() -> tuple[HrcSeat, ...]:
    """Every HRC term in the data file (terms starting 2018 to 2026)."""
    with (DATA / "hrc_members.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return tuple(
        HrcSeat(
            state=get_state(r["iso3"]),
            group=r["group"],
            term_start=int(r["term_start"]),
            term_end=int(r["term_end"]),
            elected=int(r["elected"]),
            began=_date(r["began"]),
            ended=_date(r["ended"]),
            replaces=r["replaces"] or None,
            note=r["note"],
            source=r["source"],
        )
        for r in rows
    )


HRC_YEARS = range(2020, 2027)


def hrc_members(year: int, *, on: dt.date | None = None) -> list[HrcSeat]:
    """The Council's members in ``year``, by group then UN English name.

    By default the membership as at 31 December of that year (so in 2022 Czechia,
    which took the seat the Russian Federation left in April, and not the Russian
    Federation); pass ``on`` for a given day. ValueError for a year not covered."""
    if year not in HRC_YEARS:
        raise ValueError(f"HRC membership is recorded for {HRC_YEARS.start}-{HRC_YEARS.stop - 1}")
    day = on or dt.date(year, 12, 31)
    if day.year != year:
        raise ValueError("'on' must fall in 'year'")
    order = list(GROUPS)
    seats = [s for s in hrc_seats() if s.holds_on(day)]
    return sorted(seats, key=lambda s: (order.index(s.group), s.state.name))


def hrc_seat(state: State, year: int) -> HrcSeat | None:
    """The seat ``state`` holds at any time in ``year``, if any."""
    for seat in hrc_seats():
        if seat.state == state and seat.term_start <= year <= seat.term_end:
            if seat.ended and seat.ended.year < year:
                continue
            if seat.began and seat.began.year > year:
                continue
            return seat
    return None
