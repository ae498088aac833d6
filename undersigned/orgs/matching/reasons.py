"""Why two records are (or are not) one organisation: structured codes with a translatable
sentence. A ``Reason`` is a ``str`` (its English sentence, so it joins and prints as it
did), with ``code`` and ``params`` for pages that want their own wording, and ``text`` in
the active language. Its parameters only ever hold the two compared records' own names,
domains, acronyms and countries: never a third organisation's name."""

from __future__ import annotations


def gettext_noop(message: str) -> str:  # marks a message for the catalogues
    return message


TEMPLATES: dict[str, str] = {
    "same_name": gettext_noop("the same name"),
    "same_words": gettext_noop("the same words"),
    "similar_words": gettext_noop("similar words"),
    "typo": gettext_noop("a spelling difference"),
    "translated_words": gettext_noop("the same words in another language"),
    "translation": gettext_noop("the names are translations"),
    "transliteration": gettext_noop("the same name in another script"),
    "short_name": gettext_noop("%(short)s is a short name of the other"),
    "acronym_of": gettext_noop("%(acronym)s is the acronym of %(name)s"),
    "acronym_spelled": gettext_noop("acronym %(acronym)s spelled out in the other name"),
    "same_acronym": gettext_noop("same acronym %(acronym)s"),
    "different_acronyms": gettext_noop("different acronyms"),
    "same_website": gettext_noop("same website %(domain)s"),
    "same_email_domain": gettext_noop("same email domain %(domain)s"),
    "website_email": gettext_noop("the website %(domain)s is the other's email domain"),
    "related_websites": gettext_noop("two sections of one website (%(a)s, %(b)s)"),
    "different_websites": gettext_noop("different websites"),
    "same_country": gettext_noop("same country %(country)s"),
    "known_forms": gettext_noop("two forms of one well-known organisation's name"),
    "different_country": gettext_noop("different countries (%(a)s, %(b)s)"),
    "section_of_network": gettext_noop("a section (%(where)s) and the network itself"),
    "chapter": gettext_noop("the same words, one with a place: a chapter or a namesake"),
    "place_in_name": gettext_noop("only one has a place in its name (%(where)s)"),
    "places_differ": gettext_noop("the places differ in part"),
    "own_words": gettext_noop("each name has a word of its own"),
    "lookalike": gettext_noop("look-alike characters: possible impersonation"),
    "mixed_scripts": gettext_noop("mixed scripts in one word: possible impersonation"),
    "decided_distinct": gettext_noop("a coordinator said these are not the same"),
    "nothing": gettext_noop("nothing to compare"),
}
# reasons that speak against a match (pages may show them apart)
AGAINST = frozenset({"different_acronyms", "related_websites", "different_websites",
                     "different_country", "section_of_network", "chapter", "place_in_name",
                     "places_differ", "own_words", "lookalike", "mixed_scripts",
                     "decided_distinct"})


class Reason(str):
    """One reason: ``str(reason)`` is the English sentence; ``code``, ``params``, ``text``."""

    __slots__ = ("code", "params")

    def __new__(cls, code: str, **params):
        template = TEMPLATES[code]
        self = super().__new__(cls, template % params if params else template)
        self.code = code
        self.params = params
        return self

    def __reduce__(self):
        return (_rebuild, (self.code, self.params))

    @property
    def against(self) -> bool:
        return self.code in AGAINST

    @property
    def text(self) -> str:
        """The sentence in the active language (Django's, when it is set up)."""
        template = TEMPLATES[self.code]
        try:
            from django.conf import settings
            from django.utils.translation import gettext

            if settings.configured:
                template = gettext(template)
        except ImportError:  # pragma: no cover - the toolkit used without Django
            pass
        return template % self.params if self.params else template

    def as_dict(self) -> dict:
        return {"code": self.code, "text": str(self), **({"params": self.params}
                                                         if self.params else {})}


def _rebuild(code, params):
    return Reason(code, **params)
