"""Which writing system a text is in (ISO 15924 codes): the matching toolkit's own functions,
kept here under their old import path."""

from undersigned.orgs.matching.text import char_script, detect_script

__all__ = ["char_script", "detect_script"]
