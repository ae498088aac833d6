"""The published-letter parser, in stages (see ``letter``): layout, items, frame, entry."""

from .dates import find_date
from .entry import parse_signatory
from .language import detect_language
from .layout import LAYOUTS
from .letter import parse_letter

__all__ = ["LAYOUTS", "detect_language", "find_date", "parse_letter", "parse_signatory"]
