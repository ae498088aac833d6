"""Stage 6, records: an organisation as a sign-on, an imported row or a registry entry sees
it - names in any number of languages and scripts, acronym, country, website, contact
email's domain - and how two records compare (``compare_records``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .domains import Site, email_domain, website
from .features import NameComparison, compare_names, syllable_acronym
from .profile import Profile, analyse
from .reasons import Reason
from .text import _fold


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    lang: str | None = None


@dataclass(slots=True)
class Record:
    """What is known of one organisation. ``names`` are ``Name``s or plain strings;
    ``country`` an ISO 3166 alpha-2 code; ``email`` an address or its domain."""

    names: tuple = ()
    acronym: str = ""
    country: str = ""
    website: str = ""
    email: str = ""

    def __post_init__(self):
        if isinstance(self.names, (str, Name)):
            self.names = (self.names,)
        self.names = tuple(n if isinstance(n, Name) else Name(str(n or "")) for n in self.names)

    @classmethod
    def of(cls, name: str, lang: str | None = None, **attrs) -> Record:
        return cls(names=(Name(name, lang),), **attrs)


@dataclass(slots=True)
class RecordProfile:
    """A record analysed once: its names' profiles and its normalised attributes."""

    profiles: tuple[Profile, ...]
    acronym: str = ""
    country: str = ""
    site: Site = field(default_factory=Site)
    mail: Site = field(default_factory=Site)
    named_country: str = ""  # the one country its names state, when no country is given

    @property
    def name(self) -> str:
        return self.profiles[0].name if self.profiles else ""


def profile_record(record: Record) -> RecordProfile:
    acronym = "".join(_fold(record.acronym or "").split())
    profiles = []
    for n in record.names:
        if n.text and n.text.strip():
            p = analyse(n.text, lang=n.lang, acronym=record.acronym or None)
            if p.views:
                profiles.append(p)
    country = (record.country or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        country = ""
    # the one country its names state, if they state only one ("ACAT Germany" beside
    # 德國基督徒廢除酷刑行動組織): evidence against a record of another country
    named = {q for p in profiles for q in p.quals if len(q) == 2 and q.isalpha()}
    named_country = named.pop() if len(named) == 1 and len(profiles) > 1 else ""
    return RecordProfile(tuple(profiles), acronym, country, website(record.website),
                         email_domain(record.email), named_country)


def profile_of(p: Profile, acronym: str = "", country: str = "", site: Site | None = None,
               mail: Site | None = None) -> RecordProfile:
    return RecordProfile((p,), acronym, country, site or Site(), mail or Site())


def record_signals(ra: RecordProfile, rb: RecordProfile, *, common_acronym=None,
                   common_domain=None) -> tuple[dict, list]:
    """The record-level signals (domains, acronym, country) and their reasons.
    ``common_domain`` (domain -> bool) names domains that many organisations share (a
    host of sites, a shared mail service not in the data file): no evidence either way."""
    sig: dict[str, float] = {}
    why: list[tuple[str, Reason]] = []
    sa, sb = ra.site, rb.site

    def shared(domain: str) -> bool:
        return bool(domain) and common_domain is not None and common_domain(domain)

    if sa and sb and (shared(sa.domain) or shared(sb.domain)):
        sa = sb = None
    ma, mb = ra.mail, rb.mail
    if ma and mb and (shared(ma.domain) or shared(mb.domain)):
        ma = mb = None
    if sa and sb:
        if sa.key == sb.key:
            sig["same_website"] = 1.0
            why.append(("same_website", Reason("same_website", domain=sa.key)))
        elif sa.domain and sa.domain == sb.domain:
            sig["related_websites"] = 1.0  # amnesty.org/fr and amnesty.org: a section
            why.append(("related_websites", Reason("related_websites", a=sa.key, b=sb.key)))
        else:
            sig["different_websites"] = 1.0
            why.append(("different_websites", Reason("different_websites")))
    if ma and mb:
        if ma.domain == mb.domain:
            sig["same_email_domain"] = 1.0
            why.append(("same_email_domain", Reason("same_email_domain", domain=ma.domain)))
        else:
            sig["different_email_domains"] = 1.0
    for s, m in ((sa, mb), (sb, ma)):
        if s and m and s.domain and m.domain and s.domain == m.domain and (
                "same_website" not in sig) and not shared(s.domain):
            sig["website_email"] = 1.0
            why.append(("website_email", Reason("website_email", domain=s.domain)))
            break
    aa, ab = ra.acronym, rb.acronym
    if aa and ab:
        if aa == ab:
            common = len(aa) < 3 or (common_acronym is not None and common_acronym(aa))
            sig["same_acronym_common" if common else "same_acronym"] = 1.0
            if not common:
                why.append(("same_acronym", Reason("same_acronym", acronym=aa.upper())))
        else:
            sig["different_acronym_fields"] = 1.0
            why.append(("different_acronym_fields", Reason("different_acronyms")))
    else:  # one record's acronym stands for the other's name, in its own language
        for acr, other in ((aa, rb), (ab, ra)):
            if len(acr) >= 3 and any(acr in p.derived or acr in p.given or any(
                    v.kind == "w" and syllable_acronym(acr, v.surfaces) for v in p.views)
                    for p in other.profiles):
                sig["acronym_field_of_name"] = 1.0
                why.append(("acronym_field_of_name", Reason("acronym_of", acronym=acr.upper(),
                                                             name=other.name)))
                break
    ca, cb = ra.country or ra.named_country, rb.country or rb.named_country
    if ca and cb and ca != cb and not (ra.country and rb.country):
        sig["different_country"] = 1.0
        why.append(("different_country", Reason("different_country", a=ca, b=cb)))
    elif ra.country and rb.country:
        if ra.country == rb.country:
            sig["same_country"] = 1.0
            why.append(("same_country", Reason("same_country", country=ra.country)))
        else:
            sig["different_country"] = 1.0
            why.append(("different_country", Reason("different_country", a=ra.country,
                                                     b=rb.country)))
    return sig, why


Vectors = Callable[[Profile], "object | None"]


def embedding_signals(pa: Profile, pb: Profile, vectors: Vectors | None) -> dict:
    if vectors is None:
        return {}
    va, vb = vectors(pa), vectors(pb)
    if va is None or vb is None:
        return {}
    cos = float(va @ vb)
    return {"embedding_cross" if pa.script != pb.script else "embedding_same": cos}


def name_pairs(ra: RecordProfile, rb: RecordProfile) -> Iterable[tuple[Profile, Profile]]:
    for pa in ra.profiles:
        for pb in rb.profiles:
            yield pa, pb


def compare_pair(pa: Profile, pb: Profile, *, network=None, common=None,
                 vectors: Vectors | None = None, cross_only: bool = False) -> NameComparison:
    """Names compared, with the embedding's cosine among the signals (``cross_only``: only
    between names in different scripts)."""
    c = compare_names(pa, pb, network=network, common=common)
    if c.veto is None and "same_norm" not in c.signals and (
            not cross_only or pa.script != pb.script):
        emb = embedding_signals(pa, pb, vectors)
        if emb:
            c.signals.update(emb)
            cos = next(iter(emb.values()))
            if "embedding_cross" in emb and cos >= 0.7:
                c.reasons.append(("embedding_cross", Reason("translation")))
            elif cos >= 0.85:
                c.reasons.append(("embedding_same", Reason("translation")))
    return c
