"""The letter as it is published: plain data that every renderer reads.

A ``LetterDocument`` is built by whoever publishes an edition (from the database, from an
imported letter, from a test) and handed to ``undersigned.publishing.renderers``. Nothing in
this module touches the database: the renderers are pure functions of this value, so one
edition renders the same bytes in a web request, a management command or a benchmark.

Choices:

* ``Entry.number`` is the number printed in front of the name. Numbering is the
  publisher's decision (``number_entries`` renumbers 1..n after sorting); renderers never
  renumber, so every format of one edition shows the same number for the same organisation.
* ``layout`` says which name to print: ``"original"`` (the name as the organisation gave
  it), ``"translation"`` (the translated name, falling back to the original when there is
  none) or ``"both"`` (original, then translation, the way the coalition's letters are
  printed: ``12. Amnesty International 國際特赦組織``).
* ``country`` and ``acronym`` travel with the entry. The printed line shows the acronym
  (in brackets, unless the name already contains it) but not the country, as the
  coalition's letters do; the data formats (CSV, XLSX, JSON) carry both as columns.
* The closing sentence about organisations that signed but asked not to be named uses
  Django's ``ngettext`` in the document's language. Until the project's catalogues carry
  these strings an internal table (below) supplies them, with plural categories from ICU's
  CLDR rules, so Russian and Arabic get their proper plural forms today.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import icu
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, ngettext

Layout = Literal["both", "translation", "original"]
LAYOUTS: tuple[str, ...] = ("both", "translation", "original")

RTL_LANGS = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One published signatory line."""

    number: int
    name: str
    translation: str | None = None
    acronym: str | None = None
    country: str | None = None


@dataclass(slots=True)
class LetterDocument:
    """Everything a renderer needs to print one language edition of a letter."""

    lang: str
    title: str
    recipients: str = ""
    date: dt.date | str | None = None
    paragraphs: list[str] = field(default_factory=list)  # Markdown, one block each
    asks: list[str] = field(default_factory=list)  # Markdown, inline
    entries: list[Entry] = field(default_factory=list)
    anonymous_count: int = 0
    layout: Layout = "both"
    # The edition's number and digest (SHA-256 of its canonical form), printed at the foot
    # of every file so anyone can check a copy at /verify/.
    edition_number: int | None = None
    digest: str = ""

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, not {self.layout!r}")
        if self.anonymous_count < 0:
            raise ValueError("anonymous_count cannot be negative")

    # --- derived values shared by the renderers --------------------------------------
    @property
    def base_lang(self) -> str:
        return self.lang.split("-")[0].split("_")[0].lower()

    @property
    def direction(self) -> str:
        return "rtl" if self.base_lang in RTL_LANGS else "ltr"

    @property
    def django_lang(self) -> str:
        return django_lang(self.lang)

    def date_text(self) -> str:
        return format_date(self.date, self.lang)

    def anonymous_sentence(self) -> str:
        return anonymous_sentence(self.anonymous_count, self.lang, after_names=bool(self.entries))

    def verification_line(self) -> str:
        if not self.digest:
            return ""
        return (f"{label('edition', self.lang)} {self.edition_number} · sha256:{self.digest}"
                f" · /verify/")

    def signatories_heading(self) -> str:
        return label("signatories", self.lang)

    def recipients_label(self) -> str:
        """"To" in the document's language, or "" when the recipients line already says
        it ("To the Permanent Representatives…", "致聯合國…"): never "To: To the…"."""
        return recipients_label(self.recipients, self.lang)

    def recipients_line(self) -> str:
        """The recipients as printed: "To: the member states", or the line as written
        when it already starts with its own "To"."""
        text = " ".join((self.recipients or "").split())
        prefix = self.recipients_label()
        if not text or not prefix:
            return text
        return f"{prefix}{label_separator(self.lang)}{text}"

    def entry_parts(self, entry: Entry) -> tuple[str, str | None]:
        return entry_parts(entry, self.layout)

    def entry_text(self, entry: Entry) -> str:
        return entry_text(entry, self.layout)


def django_lang(lang: str) -> str:
    """``zh-Hant`` → ``zh-hant``: the spelling of settings.LANGUAGES."""
    return lang.replace("_", "-").lower()


def number_entries(entries: list[Entry], start: int = 1) -> list[Entry]:
    """The same entries numbered start, start+1, ... in their current order."""
    return [
        Entry(start + i, e.name, e.translation, e.acronym, e.country) for i, e in enumerate(entries)
    ]


def _folded(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def entry_parts(entry: Entry, layout: str) -> tuple[str, str | None]:
    """The name to print and, for the ``both`` layout, the translation beside it.

    The acronym is added in brackets unless the name already shows it (many organisations
    write ``Center for International Environmental Law (CIEL)`` as their name)."""
    name = entry.name
    acronym = (entry.acronym or "").strip()
    if acronym and _folded(acronym) not in _folded(name):
        name = f"{name} ({acronym})"
    translated = (entry.translation or "").strip() or None
    if translated and _folded(translated) == _folded(entry.name):
        translated = None
    if layout == "original":
        return name, None
    if layout == "translation":
        return (translated or name), None
    return name, translated


def entry_text(entry: Entry, layout: str) -> str:
    primary, secondary = entry_parts(entry, layout)
    return f"{primary} {secondary}" if secondary else primary


# --- dates ------------------------------------------------------------------------------
def icu_locale(lang: str) -> icu.Locale:
    return icu.Locale(lang.replace("-", "_"))


def format_date(value: dt.date | str | None, lang: str) -> str:
    """A date as the language writes it (``27 February 2023``, ``2023年2月27日``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    # Plain "en" is US English in CLDR; UN correspondence writes "27 February 2023".
    locale = icu.Locale("en_GB") if django_lang(lang) == "en" else icu_locale(lang)
    formatter = icu.DateFormat.createDateInstance(icu.DateFormat.kLong, locale)
    formatter.setTimeZone(icu.TimeZone.getGMT())
    epoch_ms = dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.UTC).timestamp()
    return formatter.format(epoch_ms)


# --- translated strings -----------------------------------------------------------------
# Fallback table for the strings below, used only while the project's gettext catalogues do
# not translate them yet. Keys: language → plural category (CLDR) → text.
_ANON_AFTER: dict[str, dict[str, str]] = {
    "en": {"one": "and %(count)s organisation that asked not to be named",
           "other": "and %(count)s organisations that asked not to be named"},
    "fr": {"one": "et %(count)s organisation qui a demandé à ne pas être nommée",
           "other": "et %(count)s organisations qui ont demandé à ne pas être nommées"},
    "es": {"one": "y %(count)s organización que pidió no ser nombrada",
           "other": "y %(count)s organizaciones que pidieron no ser nombradas"},
    "zh-hant": {"other": "以及 %(count)s 個要求不具名的組織"},
    "zh-hans": {"other": "以及 %(count)s 个要求不具名的组织"},
    "ar": {"zero": "و%(count)s منظمة طلبت عدم ذكر اسمها",
           "one": "ومنظمة واحدة طلبت عدم ذكر اسمها",
           "two": "ومنظمتان طلبتا عدم ذكر اسميهما",
           "few": "و%(count)s منظمات طلبت عدم ذكر أسمائها",
           "many": "و%(count)s منظمة طلبت عدم ذكر أسمائها",
           "other": "و%(count)s منظمة طلبت عدم ذكر أسمائها"},
    "ru": {"one": "и ещё %(count)s организация, попросившая не называть её",
           "few": "и ещё %(count)s организации, попросившие не называть их",
           "many": "и ещё %(count)s организаций, попросивших не называть их",
           "other": "и ещё %(count)s организации, попросившие не называть их"},
}
_ANON_ALONE: dict[str, dict[str, str]] = {
    "en": {"one": "Signed by %(count)s organisation that asked not to be named",
           "other": "Signed by %(count)s organisations that asked not to be named"},
    "fr": {"one": "Signée par %(count)s organisation qui a demandé à ne pas être nommée",
           "other": "Signée par %(count)s organisations qui ont demandé à ne pas être nommées"},
    "es": {"one": "Firmada por %(count)s organización que pidió no ser nombrada",
           "other": "Firmada por %(count)s organizaciones que pidieron no ser nombradas"},
    "zh-hant": {"other": "由 %(count)s 個要求不具名的組織連署"},
    "zh-hans": {"other": "由 %(count)s 个要求不具名的组织联署"},
    "ar": {"zero": "وقّعتها %(count)s منظمة طلبت عدم ذكر اسمها",
           "one": "وقّعتها منظمة واحدة طلبت عدم ذكر اسمها",
           "two": "وقّعتها منظمتان طلبتا عدم ذكر اسميهما",
           "few": "وقّعتها %(count)s منظمات طلبت عدم ذكر أسمائها",
           "many": "وقّعتها %(count)s منظمة طلبت عدم ذكر أسمائها",
           "other": "وقّعتها %(count)s منظمة طلبت عدم ذكر أسمائها"},
    "ru": {"one": "Подписано %(count)s организацией, попросившей не называть её",
           "few": "Подписано %(count)s организациями, попросившими не называть их",
           "many": "Подписано %(count)s организациями, попросившими не называть их",
           "other": "Подписано %(count)s организациями, попросившими не называть их"},
}
_LABELS: dict[str, dict[str, str]] = {
    "signatories": {"en": "Signatories", "fr": "Signataires", "es": "Firmantes",
                    "zh-hant": "連署組織", "zh-hans": "联署组织", "ar": "الموقّعون",
                    "ru": "Подписавшие организации"},
    "to": {"en": "To", "fr": "À", "es": "A", "zh-hant": "致", "zh-hans": "致",
           "ar": "إلى", "ru": "Кому"},
}


# gettext_noop marks the msgids for makemessages; label() looks them up.
_MSGIDS = {"signatories": gettext_noop("Signatories"), "to": gettext_noop("To"),
           "edition": gettext_noop("Edition")}


def _table_lang(lang: str) -> str:
    code = django_lang(lang)
    if code in _ANON_AFTER:
        return code
    if code.startswith("zh"):
        return "zh-hans" if code in {"zh-cn", "zh-sg", "zh-hans"} else "zh-hant"
    base = code.split("-")[0]
    return base if base in _ANON_AFTER else "en"


def plural_category(count: int, lang: str) -> str:
    rules = icu.PluralRules.forLocale(icu_locale(lang))
    return rules.select(count)


def _from_table(table: dict[str, dict[str, str]], count: int, lang: str) -> str:
    forms = table[_table_lang(lang)]
    category = plural_category(count, lang)
    text = forms.get(category) or forms["other"]
    return text % {"count": count}


def label(key: str, lang: str) -> str:
    """A short fixed label in the document's language."""
    msgid = _MSGIDS[key]
    with translation.override(django_lang(lang)):
        found = gettext(msgid)
    if found != msgid or _table_lang(lang) == "en":
        return found
    return _LABELS.get(key, {}).get(_table_lang(lang), msgid)


# Words a recipients line starts with when it already says "to" (any language: a letter's
# text may be in another language than its label).
_TO_WORDS = frozenset({
    "to", "dear", "à", "a", "aux", "au", "al", "los", "las", "señor", "señora", "estimado",
    "estimada", "estimados", "excelentísimo", "إلى", "الى", "السادة", "кому", "в",
    "уважаемые", "уважаемый", "уважаемая", "an", "sehr", "para", "às", "aos",
})
_TO_PREFIXES = ("致", "敬致", "尊敬的", "各位", "宛", "إلى", "الى")


def recipients_label(recipients: str, lang: str) -> str:
    text = (recipients or "").strip()
    if not text:
        return ""
    first = text.split()[0].casefold().rstrip(":：,")
    to = label("to", lang)
    if first in _TO_WORDS or first == to.casefold() or text.startswith(_TO_PREFIXES):
        return ""
    return to


def label_separator(lang: str) -> str:
    """What stands between a label and its text: "To: x", "À : x", "致：x"."""
    base = django_lang(lang).split("-")[0]
    return {"zh": "：", "ja": "：", "fr": "\u00a0: "}.get(base, ": ")


def anonymous_sentence(count: int, lang: str, *, after_names: bool = True) -> str:
    """The sentence that closes the list: ``and 3 organisations that asked not to be
    named``. Empty when nobody asked to stay anonymous."""
    if count <= 0:
        return ""
    with translation.override(django_lang(lang)):
        if after_names:
            found = ngettext(
                "and %(count)s organisation that asked not to be named",
                "and %(count)s organisations that asked not to be named",
                count,
            )
        else:
            found = ngettext(
                "Signed by %(count)s organisation that asked not to be named",
                "Signed by %(count)s organisations that asked not to be named",
                count,
            )
    table = _ANON_AFTER if after_names else _ANON_ALONE
    english = {table["en"]["one"], table["en"]["other"]}
    if found in english and _table_lang(lang) != "en":
        return _from_table(table, count, lang)
    return found % {"count": count}
