"""Letter text (Markdown) in the shapes the renderers need.

The letter's paragraphs are Markdown written by coalition staff. Every renderer goes
through the same sanitiser as the web pages (``undersigned.core.markdown.render_markdown``:
Python-Markdown, then nh3 keeps a short list of harmless tags), and then:

* HTML uses that sanitised HTML as is;
* PDF (typst) and DOCX walk a small tree parsed from it (``to_nodes``): strings for text,
  ``{"t": tag, "c": [...], "href": ...}`` for elements. The tree is data, passed to typst
  as JSON, so nothing a user types can ever become typst markup or code;
* plain text and CSV use ``to_plain``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from undersigned.core.markdown import render_markdown

Node = str | dict

_VOID = {"br", "hr"}
_BLOCKS = {"p", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "pre", "hr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict = {"t": "root", "c": []}
        self.stack: list[dict] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node: dict = {"t": tag, "c": []}
        if tag == "a":
            node["href"] = dict(attrs).get("href") or ""
        self.stack[-1]["c"].append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["t"] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1]["c"]
        parent = self.stack[-1]["t"]
        if parent in {"root", "ul", "ol", "blockquote"} and not data.strip():
            return  # whitespace between blocks
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


@lru_cache(maxsize=512)
def to_html(markdown_text: str) -> str:
    """Sanitised HTML for a block of Markdown."""
    return render_markdown(markdown_text)


def to_inline_html(markdown_text: str) -> str:
    """Sanitised HTML without the wrapping ``<p>`` (for list items such as the asks)."""
    html = to_html(markdown_text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def to_nodes(markdown_text: str) -> list[Node]:
    """The block nodes of a piece of Markdown (see module docstring)."""
    builder = _TreeBuilder()
    builder.feed(to_html(markdown_text))
    builder.close()
    return _tidy(builder.root["c"])


def to_inline_nodes(markdown_text: str) -> list[Node]:
    nodes = to_nodes(markdown_text)
    if len(nodes) == 1 and isinstance(nodes[0], dict) and nodes[0]["t"] == "p":
        return nodes[0]["c"]
    return nodes


def _tidy(nodes: list[Node], pre: bool = False) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            # Markdown keeps source line breaks inside a paragraph; they are spaces
            # (except in preformatted blocks).
            if not pre:
                node = node.replace("\n", " ")
            if node:
                out.append(node)
        else:
            node["c"] = _tidy(node["c"], pre or node["t"] == "pre")
            out.append(node)
    return out


def plain(nodes: list[Node]) -> str:
    """Text of inline nodes, links followed by their address when it differs."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node["t"] == "br":
            parts.append("\n")
        else:
            inner = plain(node["c"])
            parts.append(inner)
            href = node.get("href") or ""
            if href.startswith("mailto:"):
                href = href[len("mailto:"):]
            if node["t"] == "a" and href and href != inner:
                parts.append(f" <{href}>")
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parts))


def to_plain(markdown_text: str) -> str:
    """A block of Markdown as plain text: paragraphs separated by blank lines, list items
    with a bullet."""
    blocks: list[str] = []
    for node in to_nodes(markdown_text):
        blocks.append(_plain_block(node))
    return "\n\n".join(b for b in blocks if b.strip())


def _plain_block(node: Node, depth: int = 0) -> str:
    if isinstance(node, str):
        return node.strip()
    tag = node["t"]
    if tag in {"ul", "ol"}:
        lines = []
        for i, item in enumerate((c for c in node["c"] if isinstance(c, dict)), start=1):
            mark = f"{i}." if tag == "ol" else "•"
            lines.append("  " * depth + f"{mark} " + _plain_li(item, depth))
        return "\n".join(lines)
    if tag == "blockquote":
        inner = "\n\n".join(_plain_block(c, depth) for c in node["c"])
        return "\n".join("> " + line for line in inner.splitlines())
    if tag == "hr":
        return "* * *"
    if tag == "pre":
        return plain(node["c"]).strip("\n")
    return plain(node["c"]).strip()


def _plain_li(item: dict, depth: int) -> str:
    inline: list[Node] = []
    nested: list[str] = []
    for child in item["c"]:
        if isinstance(child, dict) and child["t"] in {"ul", "ol"}:
            nested.append(_plain_block(child, depth + 1))
        elif isinstance(child, dict) and child["t"] == "p":
            inline.extend(child["c"])
        else:
            inline.append(child)
    text = plain(inline).strip()
    return "\n".join([text, *nested]) if nested else text


def inline_plain(markdown_text: str) -> str:
    return plain(to_inline_nodes(markdown_text)).strip()
