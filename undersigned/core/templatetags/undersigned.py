from django import template
from django.utils.safestring import mark_safe

from undersigned.core.languages import language_direction, language_name
from undersigned.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str) -> str:
    """Markdown to HTML, cleaned by nh3 (safe to mark as such)."""
    return mark_safe(render_markdown(value or ""))  # noqa: S308 - sanitised by nh3


@register.filter(name="language_name")
def language_name_filter(tag: str) -> str:
    """``zh-hant`` → ``Chinese (Traditional)`` in the interface language."""
    return language_name(tag or "")


@register.filter(name="autonym")
def autonym_filter(tag: str) -> str:
    """``zh-hant`` → ``中文 (繁體)``: the language's name in itself (for switchers)."""
    return language_name(tag or "", tag or "")


@register.filter(name="text_dir")
def text_dir_filter(tag: str) -> str:
    """``ar`` → ``rtl``: the direction of text written in that language."""
    return language_direction(tag or "")
