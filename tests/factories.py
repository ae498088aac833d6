"""Builders for test data, through the services (so tests exercise the real paths)."""

import itertools
import re

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


def publish_through_page(client, slug: str, *, sign_on: str = "close",
                         withdraw_requested: bool = True):
    """Publish as a coordinator does: read the confirmation page, then press "Publish" with
    what it showed (its plan fingerprint) and the choices made there."""
    page = client.get(f"/manage/letters/{slug}/publish/")
    if page.status_code != 200:
        return page
    plan = re.search(r'name="plan" value="([0-9a-f]+)"', page.content.decode()).group(1)
    return client.post(f"/manage/letters/{slug}/publish/", {
        "plan": plan, "sign_on": sign_on,
        "withdraw_requested": "1" if withdraw_requested else ""})
