"""Editions anyone can verify.

An edition's digest is the SHA-256 of its canonical form: canonical JSON (keys sorted, no
spaces, UTF-8, NFC) of the letter's address, the edition's number, its text version, its
texts, its numbered list as published (number, name, acronym, country, names in other
languages) and its count of unnamed signatories. It is printed on the edition's page and
at the foot of every file, so a copy quoted anywhere can be checked at ``/verify/``: by its
digest, or by the file itself, whose hash the server recorded when it made it
(``EditionFile``). Nothing private is in the canonical form (the names only the recipients
see are not)."""

import hashlib
import json
import re
import unicodedata
import zipfile
from io import BytesIO

DIGEST = re.compile(rb"sha256:([0-9a-f]{64})")


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def canonical(*, slug: str, number: int, text_version: int, texts: dict, entries: list,
              anonymous_count: int) -> bytes:
    body = {"letter": slug, "edition": number, "text_version": text_version, "texts": texts,
            "entries": [{"number": e["number"], "name": e["name"], "acronym": e["acronym"],
                         "country": e["country"], "names": e["names"]} for e in entries],
            "anonymous_count": anonymous_count}
    return json.dumps(_nfc(body), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def digest_of(**fields) -> str:
    return hashlib.sha256(canonical(**fields)).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digests_named_in(data: bytes) -> list[str]:
    """The edition digests a file names at its foot (in its text, or in the XML of a DOCX
    or XLSX). A PDF's text is compressed: it is found by its hash instead."""
    found = [m.decode() for m in DIGEST.findall(data[:20_000_000])]
    if not found and data[:2] == b"PK":
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                for name in z.namelist()[:200]:
                    if name.endswith(".xml"):
                        with z.open(name) as member:  # at most 5 MB of each: no zip bomb
                            text = member.read(5_000_000)
                        found += [m.decode() for m in DIGEST.findall(text)]
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
    return list(dict.fromkeys(found))
