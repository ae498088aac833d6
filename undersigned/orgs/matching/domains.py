"""Stage 2b, domains: the registrable domain of a website or of an email address.

The registrable domain (``tahr.org.tw`` for ``https://www.tahr.org.tw/news``) comes from the
Public Suffix List through ``publicsuffixlist``, which ships the list inside its wheel and
never downloads it at run time (tldextract would fetch a fresh copy unless told not to). A
domain that many organisations share says nothing: free-mail providers and publishing
platforms are listed in ``data/shared_domains.tsv`` (with its source). A page on a platform
(``facebook.com/tahr.tw``, ``tahr.wordpress.com``) is kept whole, as the account it is; a
section of an international under the parent's domain (``greenpeace.org/eastasia``,
``fr.amnesty.org``) keeps its path or subdomain, so it is related to the parent's domain but
not the same site; a path that names a language (``/ar``, ``/zh-hant``) is the same site in
another language."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
# first path segments that name a page of a site, not a section of an organisation
_PAGES = frozenset("""news about contact home blog page pages index events event press media
donate join members member who-we-are our-work projects publications reports resources
statements campaigns article articles post posts category tag search site web""".split())
_LANG_PATH = re.compile(r"^(?:[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)?$")  # "", "ar", "zh-hant", "pt_br"


@functools.cache
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # the snapshot bundled in the wheel: no download


@functools.cache
def shared_domains() -> tuple[dict[str, str], dict[str, str]]:
    """(exact domains, wildcard labels) -> kind ("mail" or "platform")."""
    exact: dict[str, str] = {}
    wild: dict[str, str] = {}
    for line in (DATA / "shared_domains.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, kind = line.split("\t")[:2]
        if domain.endswith(".*"):
            wild[domain[:-2]] = kind.strip()
        else:
            exact[domain] = kind.strip()
    return exact, wild


def _host(text: str) -> tuple[str, str]:
    """(host, first path segment) of a URL or bare host, lower-case, IDNA-decoded."""
    text = (text or "").strip().lower()
    if not text:
        return "", ""
    if "@" in text and "/" not in text:
        text = text.rsplit("@", 1)[1]
    if not _SCHEME.match(text):
        text = "http://" + text
    rest = _SCHEME.sub("", text)
    host, _, path = rest.partition("/")
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        if "xn--" in host:
            host = host.encode("ascii").decode("idna")
    except UnicodeError:
        pass
    parts = [p for p in re.split(r"[?#]", path, maxsplit=1)[0].split("/") if p.strip()]
    segment = parts[0].strip().lower() if parts else ""
    if len(parts) > 1 or "." in segment or segment in _PAGES or _LANG_PATH.match(segment):
        segment = ""  # a page (/news/551, /about), a language version (/ar, /zh-hant)
    return host, segment


def _account(url: str) -> str:
    """The first path segment of a page on a platform (``facebook.com/tahr.tw``)."""
    rest = _SCHEME.sub("", (url or "").strip().lower())
    path = rest.partition("/")[2]
    first = re.split(r"[/?#]", path, maxsplit=1)[0].strip()
    return "" if first in _PAGES or first.startswith(("profile.php", "pages")) else first


def registrable(host: str) -> str:
    """``tahr.org.tw`` for ``www.tahr.org.tw``; '' for a bare suffix or no domain."""
    if not host or "." not in host:
        return ""
    try:
        return _psl().privatesuffix(host) or ""
    except Exception:  # a malformed host: no domain
        return ""


def shared_kind(domain: str) -> str:
    """"mail" or "platform" when ``domain`` is one many organisations share, else ''."""
    if not domain:
        return ""
    exact, wild = shared_domains()
    if domain in exact:
        return exact[domain]
    label = domain.split(".", 1)[0]
    if label in wild:
        return wild[label]
    suffix = _psl().publicsuffix(domain) or ""
    stem = domain[: -len(suffix) - 1] if suffix and domain.endswith("." + suffix) else ""
    return wild.get(stem, "")


@dataclass(frozen=True, slots=True)
class Site:
    """Where a record lives on the web: ``domain`` is the registrable domain ('' when it is a
    shared one), ``key`` the part that identifies the organisation (``amnesty.org`` for the
    parent, ``amnesty.org/fr`` or ``fr.amnesty.org`` for a section, ``facebook.com/tahr.tw``
    for a page on a platform), ``shared`` the kind of a shared domain."""

    domain: str = ""
    key: str = ""
    shared: str = ""

    def __bool__(self) -> bool:
        return bool(self.key)


def website(url: str) -> Site:
    """The site of a website address."""
    host, segment = _host(url)
    domain = registrable(host)
    if not domain:
        return Site()
    kind = shared_kind(domain) or shared_kind(host)
    if kind:  # a page or a blog on a platform: the account is the organisation's
        sub = host[: -len(domain)].rstrip(".") if host != domain else ""
        account = _account(url)
        if not (sub or account):
            return Site(shared=kind)
        return Site("", f"{host}/{account}" if not sub else host, kind)
    sub = host[: -len(domain)].rstrip(".") if host != domain else ""
    if sub:
        return Site(domain, host)
    if segment:  # greenpeace.org/eastasia: a section under its parent's domain
        return Site(domain, f"{domain}/{segment}")
    return Site(domain, domain)


def email_domain(address: str) -> Site:
    """The site of an email address (or of a bare domain): nothing for free mail."""
    text = (address or "").strip().lower()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    host, _ = _host(text)
    domain = registrable(host)
    if not domain:
        return Site()
    kind = shared_kind(domain) or shared_kind(host)
    if kind:
        return Site(shared=kind)
    return Site(domain, domain)
