"""Plain text (UTF-8), laid out like the coalition's shared letters.

Title, recipients and date, then the paragraphs (Markdown reduced to text), the asks as
``  • `` bullets, and the list as ``  N. Name 譯名`` one a line, closed by the sentence about
anonymous signatories. Names are forced onto one line so a name can never forge a line.
"""

from __future__ import annotations

from undersigned.publishing.document import LetterDocument
from undersigned.publishing.markup import inline_plain, to_plain

from ._common import one_line


def render(doc: LetterDocument) -> str:
    out: list[str] = [one_line(doc.title), ""]
    if doc.recipients:
        out += [one_line(doc.recipients_line()), ""]
    if doc.date:
        out += [doc.date_text(), ""]
    for paragraph in doc.paragraphs:
        text = to_plain(paragraph)
        if text:
            out += [text, ""]
    if doc.asks:
        out += [f"  • {one_line(inline_plain(ask))}" for ask in doc.asks]
        out.append("")
    out += [doc.signatories_heading(), ""]
    for entry in doc.entries:
        out.append(f"  {entry.number}. {one_line(doc.entry_text(entry))}")
    closing = doc.anonymous_sentence()
    if closing:
        out += ["", closing]
    if doc.verification_line():
        out += ["", doc.verification_line()]
    return "\n".join(out).rstrip("\n") + "\n"
