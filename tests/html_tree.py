"""A page's HTML as a small element tree (the standard library's parser), for page tests."""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def text(self, skip_lang: str | None = None) -> str:
        """The element's text; without the parts marked lang=skip_lang when given."""
        if skip_lang and self.attrs.get("lang") == skip_lang:
            return ""
        parts = [c if isinstance(c, str) else c.text(skip_lang) for c in self.children]
        return "".join(parts)

    def iter(self, tag: str | None = None):
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Elements by tag and attribute values; class_ matches one of the classes."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        found = []
        for element in self.iter(tag):
            classes = element.attrs.get("class", "").split()
            if all(
                v in classes if k == "class" else element.attrs.get(k) == v
                for k, v in wanted.items()
            ):
                found.append(element)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.tag == tag and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(page.decode("utf-8") if isinstance(page, bytes) else page)
    builder.close()
    return builder.root
