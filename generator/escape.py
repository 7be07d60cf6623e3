"""Make untrusted text (titles, abstracts, organisations) inert in every place it lands.

Seed text is scraped from the web.  A title can hold HTML, Markdown, Jinja, attr_list or
MkDocs syntax, and HTML-escaping alone is not enough: Markdown still reads ``*``, ``[x](…)``
or ``{: …}``, and MkDocs copies a page title unescaped into ``<title>``.  So text bound for a
page is turned into character references for every character that HTML *or* Markdown could
read as syntax; the browser shows the same characters, no parser acts on them.  Other
contexts (URLs, front matter, BibTeX, CSV) have their own functions here, so the rules live in
one place.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Characters HTML, Markdown, attr_list, tables, Jinja, LaTeX and admonitions give meaning to.
PAGE_SPECIALS = frozenset("&<>\"'`*_{}[]()#+-!|\\~$=^:%@.")
# str.translate does the replacement in C: rendering 20,000 pages calls this a million times.
PAGE_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in PAGE_SPECIALS}
# For bodies that are HTML only (never parsed as Markdown): HTML's specials, and braces so no
# template engine downstream reads seed text.
HTML_TABLE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;",
              ord("{"): "&#123;", ord("}"): "&#125;"}
# Braces become LaTeX's brace commands, not ``\{``: BibTeX counts every brace, escaped or not,
# so one stray brace in a title would swallow the rest of the file.
BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                   "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
BIBTEX_TABLE = {ord(ch): replacement for ch, replacement in BIBTEX_SPECIALS.items()}
# What XML 1.0 does not allow in a document at all (control characters are spaces by then).
XML_FORBIDDEN_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Control characters and every line or paragraph separator; all become plain spaces.
CONTROL_RE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """Collapse every kind of line break and run of white space to one space."""
    return " ".join(CONTROL_RE.sub(" ", text).split())


def page_text(text: object) -> Markup:
    """Text for a Markdown page, inline or inside raw HTML: shown literally, never parsed."""
    return Markup(page_text_raw(one_line(str(text))))


def title_text(text: object) -> str:
    """A page title for front matter, where MkDocs and Material copy it into ``<title>``, the
    heading and the search index as raw HTML (never as Markdown): HTML-escaped, with braces as
    references so no template engine reads them.  Markdown characters stay plain, so search
    still splits "Pre-training: a study" into words."""
    return html_text_raw(one_line(str(text)))


def html_text(text: object) -> Markup:
    """Text for a page body that goes out as HTML without passing through Markdown."""
    return Markup(html_text_raw(one_line(str(text))))


def html_text_raw(text: str) -> str:
    """Like ``html_text`` for a fragment of a longer text: spaces kept, line breaks flattened."""
    return CONTROL_RE.sub(" ", text).translate(HTML_TABLE)


def page_text_raw(text: str) -> str:
    """Like ``page_text`` for a fragment of a longer text: spaces kept, line breaks flattened."""
    return CONTROL_RE.sub(" ", text).translate(PAGE_TABLE)


def safe_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) link with a host, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in url.strip()):
        return None
    return url.strip()


def url_attribute(url: str) -> Markup:
    """An already-vetted URL, percent-encoded where needed and escaped for an attribute."""
    encoded = quote(url, safe=":/?#[]@!$&'()*+,;=%~.-_")
    return Markup(encoded.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;"))


def search_query(text: str) -> Markup:
    """Text as a URL query value; percent-encoding leaves nothing to escape."""
    return Markup(quote(one_line(text), safe=""))


def front_matter_string(text: str) -> str:
    """A YAML double-quoted scalar holding only printable ASCII.

    Everything else is a YAML escape: ``\\uXXXX``, or ``\\UXXXXXXXX`` above U+FFFF (JSON's
    surrogate pairs are not valid YAML, and MkDocs would drop the whole front matter).
    """
    return '"' + "".join(_yaml_char(ch) for ch in text) + '"'


def _yaml_char(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    if " " <= ch <= "~":
        return ch
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def bibtex_text(text: str) -> str:
    """Text for a BibTeX field value in braces: specials escaped, braces balanced."""
    flat = unicodedata.normalize("NFC", one_line(text))
    return flat.translate(BIBTEX_TABLE)


def xml_text(text: str) -> str:
    """Text for an XML element or a double-quoted attribute (the Atom feeds): one line, the
    characters XML 1.0 forbids dropped, markup characters as entities."""
    flat = one_line(XML_FORBIDDEN_RE.sub("", text))
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def csv_cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a leading = + - @ makes Excel evaluate the cell."""
    flat = one_line(text)
    return "'" + flat if flat[:1] in ("=", "+", "-", "@", "\t", "\r") else flat
