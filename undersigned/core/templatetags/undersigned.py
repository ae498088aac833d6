from django import template
from django.utils.safestring import mark_safe

from undersigned.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str) -> str:
    """Markdown to HTML, cleaned by nh3 (safe to mark as such)."""
    return mark_safe(render_markdown(value or ""))  # noqa: S308 - sanitised by nh3
