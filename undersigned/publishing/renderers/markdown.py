"""Markdown, for pasting into a website, a wiki or an e-mail.

The letter's paragraphs are already Markdown and are kept as written (they went through
the same editor as the web page). Names are data, not Markdown: every character that
could start emphasis, a link, code or raw HTML is escaped (``\\*``, ``\\[``, ``&lt;``),
using only escapes that both CommonMark and Python-Markdown understand, so the list reads
the same on GitHub and on the project's own pages. The list is an ordered list whose
numbers are the entries' numbers.
"""

from __future__ import annotations

import html
import re

from undersigned.publishing.document import LetterDocument, label_separator

from ._common import one_line

_BACKSLASHED = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    text = _BACKSLASHED.sub(r"\\\1", one_line(text))
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


# Raw HTML in the letter's Markdown is not passed on (autolinks like <https://...> are).
_RAW_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)(?=[A-Za-z/!?])")


# Link targets other than http(s), mailto, fragments and paths (javascript:, data:,
# vbscript:, ...) are made inert, in inline links, images and reference definitions, however
# written: CommonMark decodes entities and backslash escapes in a destination, and browsers
# drop tabs and line breaks inside a scheme, so the target is judged after doing the same.
_INLINE_DEST = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s)]+)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?)(<[^>\n]*>|\S+)",
                        re.MULTILINE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_AUTOLINK = re.compile(r"<(?!https?:|mailto:)([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>",
                       re.IGNORECASE)


def _inert(dest: str) -> bool:
    target = dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest
    target = html.unescape(re.sub(r"\\(.)", r"\1", target))
    target = "".join(ch for ch in target if ch > " " and ch != "\x7f").lower()
    scheme = _SCHEME.match(target)
    return bool(scheme) and scheme.group(1) not in _SAFE_SCHEMES


def _neutralise(match: re.Match) -> str:
    return match.group(1) + ("#blocked" if _inert(match.group(2)) else match.group(2))


def paragraph_markdown(text: str) -> str:
    text = _INLINE_DEST.sub(_neutralise, text.strip())
    text = _REFERENCE.sub(_neutralise, text)
    text = _AUTOLINK.sub(lambda m: "&lt;" + m.group(1) + "&gt;", text)
    return _RAW_HTML.sub("&lt;", text)


def unescape(text: str) -> str:
    """Inverse of ``escape`` (for reading a list back)."""
    text = text.replace("&lt;", "<").replace("&amp;", "&")
    return re.sub(r"\\([\\`*_\[\]])", r"\1", text)


def render(doc: LetterDocument) -> str:
    out: list[str] = [f"# {escape(doc.title)}", ""]
    if doc.recipients:
        prefix = doc.recipients_label()
        out += [(f"**{prefix}{label_separator(doc.lang).rstrip()}** " if prefix else "")
                + escape(doc.recipients), ""]
    if doc.date:
        out += [escape(doc.date_text()), ""]
    for paragraph in doc.paragraphs:
        if paragraph.strip():
            out += [paragraph_markdown(paragraph), ""]
    if doc.asks:
        out += [f"- {paragraph_markdown(one_line(ask))}" for ask in doc.asks]
        out.append("")
    out += [f"## {escape(doc.signatories_heading())}", ""]
    for entry in doc.entries:
        out.append(f"{entry.number}. {escape(doc.entry_text(entry))}")
    closing = doc.anonymous_sentence()
    if closing:
        out += ["", escape(closing)]
    if doc.verification_line():
        out += ["", escape(doc.verification_line())]
    return "\n".join(out).rstrip("\n") + "\n"
