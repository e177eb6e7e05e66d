#!/usr/bin/env python3
"""Build recto's regression corpus of real articles (issue 11).

Each article in tools/corpus/sources.json has a raw HTML page kept at
tests/data/corpus/<name>/source.html (see `fetch.py` for where each came from).
This script turns every page into two files next to it:

* article.txt  -- the page flattened to plain text the way people copy or scrape
  web pages: menus and footers around the text, headings as bare lines, list items
  as bullets, listings kept verbatim, note numbers glued or bracketed (or the
  note's text pasted right after the number), the notes list pasted after the text.
* expected.json -- what a faithful reader must find in article.txt, derived from
  the HTML's structure: the title, the section headings (level + text), the
  notes (number -> text), the body blocks (paragraphs, list items, table rows,
  code listings, verbatim apart from the note markers) and the page-furniture
  lines (menus, share bars, footers).

Both come from ONE walk over the DOM, so each expected block is exactly the text
that walk wrote into article.txt: the expectations check the reader, not the
flattener. Hand-checked corrections (title, article root, parts hidden by the
page's CSS) live in sources.json, never in code.

Needs python3 (3.11+) and beautifulsoup4 (`pip install beautifulsoup4`); the
outputs are committed, so the Rust tests need neither.

Usage: python3 tools/corpus/build.py [NAME...]
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

ROOT = Path(__file__).resolve().parents[2]
SOURCES = Path(__file__).resolve().parent / "sources.json"
OUT = ROOT / "tests" / "data" / "corpus"

# Never rendered by a browser, so never copied.
INVISIBLE = {
    "script", "style", "noscript", "template", "svg", "iframe", "head", "select",
    "option", "input", "textarea", "object", "embed", "video", "audio", "canvas",
    "math", "map", "link", "meta",
}
BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "blockquote", "table", "thead", "tbody", "tfoot", "tr", "figure", "figcaption",
    "form", "hr", "address", "center", "fieldset", "details", "summary", "body",
    "html", "caption", "menu", "hgroup", "dialog", "legend", "noframes",
}
HIDDEN_CLASSES = {"hidden", "is-hidden", "hide", "d-none", "u-hidden", "visually-hidden"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Containers that are page furniture by their role in the page, not their words.
FURNITURE_TAGS = {"nav", "header", "footer", "aside", "menu"}
FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menubar", "menu"}
FURNITURE_WORDS = re.compile(
    r"(^|[-_ ])(nav|navbar|navigation|menu|footer|masthead|breadcrumbs?|share|sharing|social|"
    r"sidebar|related|promo|newsletter|subscribe|cookie|toolbar|skip-link|site-header|"
    r"site-footer|social-links|share-tools|sharetools|byline-share|ad|ads|advert|advertisement|"
    r"most-read|most-popular|trending)($|[-_ ])",
    re.I,
)
FURNITURE_ID = re.compile(
    r"^(site|main|global|page|top|bottom|primary|secondary)?[-_]?"
    r"(nav|navbar|navigation|menu|footer|header|masthead|sidebar|breadcrumbs?|share|social)$",
    re.I,
)
WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return WS.sub(" ", text).strip()


@dataclass
class Block:
    """One unit of flattened text: what the walk wrote, and what it is."""

    kind: str  # heading | para | item | listing | row | note | notes-heading
    text: str  # as written into article.txt (note markers included)
    plain: str  # the author's words: note markers and pasted note text left out
    level: int = 0  # heading level (h1 = 1) / list depth
    in_root: bool = False
    furniture: bool = False
    label: str = ""  # note number, for kind == note
    bullet: str = ""
    unscored: bool = False  # e.g. a contents list: neither body nor furniture


@dataclass
class Walk:
    style: dict
    root: Tag | None
    ref_numbers: dict  # id(element) -> note number, for note-reference anchors
    note_entries: dict  # id(element) -> note number, for the notes list's entries
    note_texts: dict  # number -> note text
    blocks: list = field(default_factory=list)
    # the block under construction: list of (text, plain) pieces
    pieces: list = field(default_factory=list)
    owner: str = "p"
    owner_level: int = 0
    bullet: str = ""
    in_root: bool = False
    furniture: bool = False
    unscored: bool = False

    def flush(self) -> None:
        text = "".join(p[0] for p in self.pieces)
        plain = "".join(p[1] for p in self.pieces)
        self.pieces = []
        if not norm(text):
            return
        if self.owner == "pre":
            kind = "listing"
            text = text.strip("\n")
            plain = plain.strip("\n")
        elif self.owner in HEADINGS:
            kind = "heading"
            text, plain = norm(text), norm(plain)
        elif self.owner == "li":
            kind = "item"
            text, plain = norm(text), norm(plain)
        else:
            kind = "para"
            text, plain = norm(text), norm(plain)
        self.blocks.append(
            Block(kind, text, plain, self.owner_level, self.in_root, self.furniture, bullet=self.bullet,
                  unscored=self.unscored)
        )
        self.bullet = ""


def is_furniture(el: Tag) -> bool:
    if el.name in FURNITURE_TAGS:
        return True
    if (el.get("role") or "").lower() in FURNITURE_ROLES:
        return True
    # class names say what a container is; an id is often a heading's slug
    # ("sharing-with-a-single-developer"), so only a bare furniture id counts
    if any(FURNITURE_WORDS.search(c) for c in el.get("class") or []):
        return True
    return bool(FURNITURE_ID.match(el.get("id") or ""))


def hidden(el: Tag) -> bool:
    if el.name in INVISIBLE:
        return True
    if el.has_attr("hidden") or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if HIDDEN_CLASSES & set(el.get("class") or []):  # the page's CSS hides these
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def ref_marker(number: str, style: dict, note_texts: dict) -> str:
    refs = style.get("refs", "bracketed")
    if refs == "glued":
        return number
    if refs == "pasted":
        return number + note_texts.get(number, "")
    return f"[{number}]"


def walk(w: Walk, el: Tag, depth_list: int = 0, ol_counter: list | None = None) -> None:
    for child in el.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if type(child) is not NavigableString:
                continue  # CData, doctype, processing instructions
            s = str(child)
            if w.owner != "pre":
                s = WS.sub(" ", s)
            w.pieces.append((s, s))
            continue
        if not isinstance(child, Tag) or hidden(child):
            continue
        visit(w, child, depth_list, ol_counter)


def visit(w: Walk, el: Tag, depth_list: int, ol_counter: list | None) -> None:
    name = el.name
    if id(el) in w.ref_numbers:
        number = w.ref_numbers[id(el)]
        if w.pieces and w.owner != "pre":  # scraped refs sit right after the word
            last = w.pieces[-1]
            w.pieces[-1] = (last[0].rstrip(), last[1].rstrip())
        marker = ref_marker(number, w.style, w.note_texts)
        previous = next((p for p in reversed(w.pieces) if p[0]), None)
        if previous is not None and len(previous) == 3 and w.style.get("refs") in ("glued", "pasted"):
            marker = "," + marker  # 8 then 9 glued: "8,9", as such pages print them, not "89"
        w.pieces.append((marker, "", "ref"))
        return
    if name == "br":
        w.pieces.append(("\n" if w.owner == "pre" else " ", "\n" if w.owner == "pre" else " "))
        if w.owner != "pre" and w.style.get("br") == "line":
            w.flush()
        return
    saved = (w.in_root, w.furniture, w.unscored)
    if el.has_attr("data-corpus-unscored"):
        w.flush()
        w.unscored = True
    if el is w.root:
        w.flush()
        w.in_root = True
    if name in BLOCK and is_furniture(el) and not (w.in_root and el.name == "header"):
        w.flush()
        w.furniture = True
    if id(el) in w.note_entries:
        w.flush()
        number = w.note_entries[id(el)]
        if number is None:  # the <dd> of a <dt> note, written with it
            w.in_root, w.furniture, w.unscored = saved
            return
        w.blocks.append(
            Block("note", w.note_texts[number], w.note_texts[number], 0, w.in_root, w.furniture, label=number)
        )
        w.in_root, w.furniture, w.unscored = saved
        return
    if name == "tr":
        w.flush()
        cells = []
        for cell in el.find_all(["td", "th"], recursive=False):
            sub = Walk(w.style, None, w.ref_numbers, w.note_entries, w.note_texts)
            sub.owner = "td"
            walk(sub, cell)
            cells.append(("".join(p[0] for p in sub.pieces), "".join(p[1] for p in sub.pieces)))
        text = "\t".join(norm(c[0]) for c in cells)
        plain = "\t".join(norm(c[1]) for c in cells)
        if norm(text):
            w.blocks.append(Block("row", text, plain, 0, w.in_root, w.furniture, unscored=w.unscored))
        w.in_root, w.furniture, w.unscored = saved
        return
    if name in BLOCK:
        w.flush()
        saved_owner = (w.owner, w.owner_level)
        if name in HEADINGS:
            w.owner, w.owner_level = name, int(name[1])
        elif name == "pre":
            w.owner, w.owner_level = "pre", 0
        elif name == "li":
            w.owner, w.owner_level = "li", depth_list
            indent = "  " * max(depth_list - 1, 0)
            if ol_counter is not None:
                ol_counter[0] += 1
                w.bullet = f"{indent}{ol_counter[0]}. "
            else:
                w.bullet = f"{indent}{w.style.get('bullet', '  • ')}"
        elif name in ("p", "dt", "dd", "figcaption", "caption", "summary", "blockquote"):
            w.owner, w.owner_level = "p", 0
        if name in ("ul", "ol", "menu"):
            counter = [int(el.get("start", "1") or 1) - 1] if name == "ol" else None
            walk(w, el, depth_list + 1, counter)
        else:
            walk(w, el, depth_list, ol_counter if name != "li" else None)
        w.flush()
        w.owner, w.owner_level = saved_owner
    else:
        walk(w, el, depth_list, ol_counter)
    if el is w.root or w.furniture != saved[1] or w.unscored != saved[2]:
        w.flush()
    w.in_root, w.furniture, w.unscored = saved


def find_notes(soup: BeautifulSoup, cfg: dict) -> tuple[dict, dict, dict]:
    """Note references (anchors whose text is a number and whose target is a note
    entry) and the notes list's entries, with each note's text."""
    by_id = {t["id"]: t for t in soup.find_all(id=True)}
    refs, entries, texts = {}, {}, {}
    ref_ids = set()
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if "#" not in href or href.endswith("#"):
            continue
        href = href[href.index("#"):]  # absolute links to a note of this very page too
        label = norm(a.get_text()).strip("[]() ")
        if not label.isdigit():
            continue
        target = by_id.get(href[1:])
        if target is None:
            continue
        entry = target
        while entry is not None and entry.name not in ("li", "aside", "div", "dt", "dd", "p", "tr", "section"):
            entry = entry.parent
        if entry is None or not (_looks_like_note(entry) or _links_back(entry, a)):
            continue
        # the reference is the <sup> around the anchor when there is one
        ref_el = a.parent if a.parent is not None and a.parent.name == "sup" else a
        refs[id(ref_el)] = label
        for x in (a, ref_el):
            if x.get("id"):
                ref_ids.add(x["id"])
        if id(entry) not in entries:
            entries[id(entry)] = (label, entry)
    for _, (label, entry) in list(entries.items()):
        if entry.name == "dt":  # docutils: <dt>label</dt><dd>the note</dd>
            dd = entry.find_next_sibling("dd")
            texts[label] = note_text(dd, ref_ids) if dd is not None else ""
            if dd is not None:
                entries[id(dd)] = (None, dd)
        else:
            texts[label] = note_text(entry, ref_ids)
    return refs, {k: v[0] for k, v in entries.items()}, texts


def _links_back(entry: Tag, a: Tag) -> bool:
    ids = {x.get("id") for x in (a, a.parent) if x is not None and x.get("id")}
    return any(link.get("href", "")[1:] in ids for link in entry.find_all("a", href=True))


def _looks_like_note(entry: Tag) -> bool:
    names = " ".join(entry.get("class") or []) + " " + (entry.get("id") or "") + " " + (entry.get("role") or "")
    return bool(re.search(r"note|footnote|cite|reference|fn", names, re.I))


def note_text(entry: Tag, ref_ids: set) -> str:
    entry = BeautifulSoup(str(entry), "html.parser")
    for el in entry.find_all(True):
        if el.decomposed:
            continue
        classes = " ".join(el.get("class") or [])
        href = el.get("href") or ""
        if (
            el.name in INVISIBLE
            or "backlink" in classes
            or (el.get("role") or "") == "doc-backlink"
            or "label" in classes.split()
            or (href.startswith("#") and href[1:] in ref_ids)
        ):
            el.decompose()
    for el in entry.find_all(BLOCK | {"br"}):
        el.insert_after(" ")  # blocks and line breaks part words; inline tags do not
    text = norm(entry.get_text(""))
    text = re.sub(r"^[\^↑]\s*", "", text)
    return re.sub(r"\s+([,.;:])", r"\1", text)


def lowest_common_ancestor(elements: list) -> Tag | None:
    if not elements:
        return None
    paths = []
    for el in elements:
        chain = [el] + list(el.parents)
        paths.append(list(reversed(chain)))
    common = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def find_root(soup: BeautifulSoup, cfg: dict, expected_html: str | None) -> Tag:
    """The article's container: given in sources.json, or the lowest element that
    holds the paragraphs Readability extracted from the page (its expected.html)."""
    if cfg.get("root"):
        root = soup.select_one(cfg["root"])
        if root is None:
            raise SystemExit(f"{cfg['name']}: root selector {cfg['root']!r} matches nothing")
        return root
    if expected_html is None:
        return soup.body or soup
    wanted = {norm(p.get_text()) for p in BeautifulSoup(expected_html, "html.parser").find_all("p")}
    wanted = {w for w in wanted if len(w) > 40}
    hits = [p for p in soup.find_all("p") if norm(p.get_text()) in wanted]
    root = lowest_common_ancestor(hits)
    return root if root is not None else (soup.body or soup)


def build(cfg: dict) -> dict:
    name = cfg["name"]
    folder = OUT / name
    raw = (folder / "source.html").read_bytes()
    soup = BeautifulSoup(raw, "html.parser")
    for sel in cfg.get("hide", []):  # parts the page's CSS hides: a copy never has them
        for el in soup.select(sel):
            el.decompose()
    readability = folder / "readability-expected.html"
    root = find_root(soup, cfg, readability.read_text() if readability.exists() else None)
    for sel in cfg.get("furniture", []):  # hand-marked furniture that has no telltale name
        for el in soup.select(sel):
            el["data-corpus-furniture"] = "1"
            el["role"] = "navigation"
    for sel in cfg.get("unscored", []):  # e.g. a contents list: neither body nor furniture
        for el in soup.select(sel):
            el["data-corpus-unscored"] = "1"
    refs, entries, texts = find_notes(soup, cfg)
    style = cfg.get("style", {})
    w = Walk(style, root, refs, entries, texts)
    body = soup.body or soup
    w.in_root = root is body
    walk(w, body)
    w.flush()
    text = render_text(w.blocks, style)
    flat = norm(text)
    for b in w.blocks:  # the expectations describe this very text, nothing else
        assert norm(b.text) in flat, f"{name}: block not in article.txt: {b.text[:80]!r}"
    (folder / "article.txt").write_text(text)
    expected = expectations(cfg, w.blocks, texts)
    (folder / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
    return expected


def hard_wrap(text: str, style: dict, first: str = "", rest: str | None = None) -> str:
    """A paragraph as a text file, a man page or a Gutenberg book prints it: broken into
    lines of at most style.wrap columns (never inside a word), indented style.indent."""
    width = style.get("wrap")
    indent = " " * style.get("indent", 0)
    if not width:
        return first + text
    rest = " " * len(first) if rest is None else rest
    return textwrap.fill(
        text, width=width, initial_indent=indent + first, subsequent_indent=indent + rest,
        break_long_words=False, break_on_hyphens=False,
    )


def render_text(blocks: list, style: dict) -> str:
    sep = "\n\n" if style.get("paragraphs", "blank") == "blank" else "\n"
    notes_style = style.get("notes", "numbered")
    out = []
    for b in blocks:
        if style.get("wrap") and b.kind in ("para", "item", "note"):
            if b.kind == "note":
                out.append(hard_wrap(b.text, style, f"[{b.label}] " if notes_style == "bracketed" else f"{b.label}. "))
            else:
                out.append(hard_wrap(b.text, style, b.bullet.lstrip() if b.kind == "item" else ""))
            continue
        if b.kind == "note":
            if notes_style == "label-line":
                out.append(f"  • {b.label}\n    {b.text}")
            elif notes_style == "bracketed":
                out.append(f"[{b.label}] {b.text}")
            else:
                out.append(f"{b.label}. {b.text}")
        elif b.kind == "item":
            out.append(b.bullet + b.text)
        else:
            out.append(b.text)
    return sep.join(out).strip("\n") + "\n"


def expectations(cfg: dict, blocks: list, texts: dict) -> dict:
    in_root = [b for b in blocks if b.in_root and not b.furniture and not b.unscored]
    headings = [b for b in in_root if b.kind == "heading"]
    title = cfg.get("title")
    if title is None:  # the first h1 of the article, else of the page's own parts, else any
        h1 = [b for b in blocks if b.kind == "heading" and b.level == 1 and not b.unscored]
        ranked = [b for b in h1 if b.in_root] + [b for b in h1 if not b.furniture] + h1
        title = ranked[0].plain if ranked else ""
    sections = [b for b in headings if b.plain != title]
    ranks = sorted({b.level for b in sections})
    notes = {b.label: b.text for b in blocks if b.kind == "note"}
    body = []
    for b in in_root:
        if b.kind in ("para", "item", "row", "listing") and norm(b.plain):
            body.append({"kind": b.kind, "text": b.plain})
    furniture = []
    # a furniture line that is also the title, a heading or a body block (a contents
    # sidebar repeating the headings) cannot be told apart in the text: not scored
    seen = {norm(b.plain) for b in in_root} | {title}
    for b in blocks:
        if b.furniture and not b.unscored and b.kind != "note" and b.kind != "listing":
            line = norm(b.plain)
            if line and line not in seen:
                seen.add(line)
                furniture.append(line)
    return {
        "name": cfg["name"],
        "style": cfg.get("style", {}),
        "title": title,
        # other lines a careful reader could equally take for the title (hand-checked)
        "title_also": cfg.get("title_also", []),
        "sections": [{"level": ranks.index(b.level) + 1, "title": b.plain} for b in sections],
        "notes": [{"number": k, "text": v} for k, v in sorted(notes.items(), key=lambda kv: int(kv[0]))],
        "body": body,
        "furniture": furniture,
    }


def main() -> None:
    cfgs = json.loads(SOURCES.read_text())["articles"]
    wanted = set(sys.argv[1:])
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for cfg in cfgs:
        if wanted and cfg["name"] not in wanted:
            continue
        e = build(cfg)
        entry = manifest.setdefault(cfg["name"], {})
        entry["checked"] = cfg.get("checked", "")
        entry["style"] = cfg.get("style", {})
        entry["corrections"] = {k: cfg[k] for k in ("root", "title", "title_also", "hide", "furniture", "unscored") if k in cfg}
        print(
            f"{cfg['name']:28} title={e['title'][:40]!r:44} sections={len(e['sections']):3} "
            f"notes={len(e['notes']):3} body={len(e['body']):4} furniture={len(e['furniture']):3}"
        )
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
