"""Builders for test data, through the services (so tests exercise the real paths)."""

import itertools

from undersigned.letters import services
from undersigned.letters.models import Letter

_seq = itertools.count(1)


def make_letter(*, status: str = "open", languages=("en", "fr", "zh-hant"), **kwargs) -> Letter:
    n = next(_seq)
    letter = services.letter_create(
        slug=kwargs.pop("slug", f"letter-{n}"), source_lang="en", languages=list(languages),
        title=kwargs.pop("title", f"Joint letter {n}"), recipients="To all UN member states",
        body_md=kwargs.pop("body_md", "We, the undersigned, **ask**:"),
        asks=kwargs.pop("asks", ["engage in the negotiations", "co-sponsor the resolution"]),
        **kwargs,
    )
    for lang in languages:
        if lang != "en":
            services.translation_save(letter=letter, lang=lang, title=f"[{lang}] letter {n}",
                                      body_md=f"[{lang}] text", asks=[f"[{lang}] ask"])
    if status in ("open", "closed", "published"):
        letter = services.letter_open(letter=letter)
    if status == "closed":
        letter = services.letter_close(letter=letter)
    if status == "published":
        letter = services.letter_publish(letter=letter)
    letter.refresh_from_db()
    return letter


def signon(**overrides) -> services.SignOn:
    n = next(_seq)
    data = {
        "name": f"Organisation Number {n}", "contact_name": f"Person {n}",
        "contact_email": f"person{n}@org{n}.example", "acronym": "", "country": "FR",
        "website": f"https://org{n}.example", "publish_name": True,
    }
    data.update(overrides)
    return services.SignOn(**data)


def form_data(**overrides) -> dict:
    n = next(_seq)
    data = {
        "name": f"Association {n} for Civic Space", "acronym": "", "country": "KE",
        "website": f"org{n}.example", "contact_name": f"Contact {n}",
        "contact_email": f"contact{n}@org{n}.example", "visibility": "publish", "homepage": "",
    }
    data.update(overrides)
    return data
