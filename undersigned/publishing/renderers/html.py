"""A standalone, printable HTML page of the letter.

One file, no external resources of any kind: the stylesheet is inline, fonts are the
reader's own (a list of common local families, Noto first), and a Content-Security-Policy
meta tag (``default-src 'none'``) forbids the page from loading anything, so it can be
saved, mailed or archived and opened offline. A print stylesheet sets A4 margins, never
splits a name across pages or columns, and prints the list in two columns.

The whole page carries ``lang`` and ``dir`` (``rtl`` for Arabic); every name is wrapped in
``<bdi>`` so Latin names in an Arabic list (and Arabic names in a Latin one) keep their own
direction. Names are escaped with ``html.escape``; the paragraphs are Markdown rendered and
sanitised by the same code as the web pages.
"""

from __future__ import annotations

from html import escape

from undersigned.publishing.document import LetterDocument
from undersigned.publishing.markup import to_html, to_inline_html

from ._common import one_line

STYLE = """
:root { color-scheme: light; }
body { font-family: "Noto Sans", "Noto Sans CJK TC", "Noto Sans CJK SC", "Noto Naskh Arabic",
  "Segoe UI", system-ui, sans-serif; line-height: 1.5; max-width: 46rem; margin: 2rem auto;
  padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; }
.meta { color: #333; }
ol.signatories { padding-inline-start: 3.5em; }
ol.signatories li { break-inside: avoid; }
.closing { margin-top: 1em; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  ol.signatories { columns: 2; column-gap: 2em; font-size: 9.5pt; }
  h2 { break-after: avoid; }
}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def render(doc: LetterDocument) -> str:
    e = escape
    parts: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{e(doc.lang)}" dir="{doc.direction}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(one_line(doc.title))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(one_line(doc.title))}</h1>",
    ]
    if doc.recipients:
        parts.append(f'<p class="meta">{e(doc.recipients_line())}</p>')
    if doc.date:
        parts.append(f'<p class="meta"><time>{e(doc.date_text())}</time></p>')
    parts.extend(to_html(p) for p in doc.paragraphs if p.strip())
    if doc.asks:
        parts.append('<ul class="asks">')
        parts.extend(f"<li>{to_inline_html(ask)}</li>" for ask in doc.asks)
        parts.append("</ul>")
    parts.append(f"<h2>{e(doc.signatories_heading())}</h2>")
    if doc.entries:
        parts.append('<ol class="signatories">')
        for entry in doc.entries:
            primary, secondary = doc.entry_parts(entry)
            item = f"<bdi>{e(one_line(primary))}</bdi>"
            if secondary:
                item += f' <bdi class="tr">{e(one_line(secondary))}</bdi>'
            parts.append(f'<li value="{int(entry.number)}">{item}</li>')
        parts.append("</ol>")
    closing = doc.anonymous_sentence()
    if closing:
        parts.append(f'<p class="closing">{e(closing)}</p>')
    if doc.verification_line():
        parts.append(f'<p class="verification"><small>{e(doc.verification_line())}</small></p>')
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
