"""Renderers: one module per format, each a pure ``render(doc: LetterDocument)``.

Binary formats return ``bytes``; text formats (``html``, ``markdown``, ``text``) return
``str`` — encode as UTF-8 to serve them. ``FORMATS`` maps a format name to
``(render, content_type, extension)`` for the views and commands that serve editions;
``render_bytes`` gives bytes for any format.
"""

from __future__ import annotations

from collections.abc import Callable

from undersigned.publishing.document import LetterDocument

from . import csv, docx, html, json, markdown, pdf, text, xlsx

Renderer = Callable[[LetterDocument], bytes | str]

FORMATS: dict[str, tuple[Renderer, str, str]] = {
    "pdf": (pdf.render, "application/pdf", ".pdf"),
    "docx": (
        docx.render,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "html": (html.render, "text/html; charset=utf-8", ".html"),
    "markdown": (markdown.render, "text/markdown; charset=utf-8", ".md"),
    "text": (text.render, "text/plain; charset=utf-8", ".txt"),
    "csv": (csv.render, "text/csv; charset=utf-8", ".csv"),
    "xlsx": (
        xlsx.render,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "json": (json.render, "application/json", ".json"),
}


def render_bytes(fmt: str, doc: LetterDocument) -> bytes:
    """Render ``doc`` in ``fmt`` (a key of ``FORMATS``) as bytes."""
    try:
        renderer = FORMATS[fmt][0]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}") from None
    out = renderer(doc)
    return out.encode("utf-8") if isinstance(out, str) else out
