"""JSON of the published letter: public fields only.

Exactly what the printed letter shows (title, recipients, date, paragraphs in Markdown,
asks, the numbered list with name, translation, acronym and country, the anonymous count
and its sentence). Nothing about contacts, e-mail addresses, states or internal ids is in
a ``LetterDocument`` in the first place, and this renderer lists its fields explicitly so
a field added there later is not published by accident.
"""

from __future__ import annotations

import datetime as dt
import json

from undersigned.publishing.document import LetterDocument

FORMAT_VERSION = 1


def data(doc: LetterDocument) -> dict:
    date = doc.date.isoformat() if isinstance(doc.date, dt.date) else (doc.date or None)
    return {
        "format": "undersigned.letter",
        "version": FORMAT_VERSION,
        "lang": doc.lang,
        "dir": doc.direction,
        "title": doc.title,
        "recipients": doc.recipients,
        "date": date,
        "paragraphs": list(doc.paragraphs),
        "asks": list(doc.asks),
        "layout": doc.layout,
        "signatories": [
            {
                "number": e.number,
                "name": e.name,
                "translation": e.translation or None,
                "acronym": e.acronym or None,
                "country": e.country or None,
                "printed": doc.entry_text(e),
            }
            for e in doc.entries
        ],
        "anonymous_count": doc.anonymous_count,
        "closing": doc.anonymous_sentence() or None,
        "edition": doc.edition_number,
        "digest": f"sha256:{doc.digest}" if doc.digest else None,
    }


def render(doc: LetterDocument) -> bytes:
    return json.dumps(data(doc), ensure_ascii=False, indent=1).encode("utf-8")
