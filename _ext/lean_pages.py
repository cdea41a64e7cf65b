"""Sphinx extension: pages a phone on a slow link can afford, that render without scripts.

After the HTML build, every page is rewritten in three ways (each one checked by the browser
suite, which measures what a page transfers):

* **Math is typeset at build time.** MathJax (``_ext/render_math.mjs``, run with Node from the
  npm package ``mathjax-full``) turns every TeX formula into CHTML markup with its MathML for
  screen readers, and one stylesheet, ``_static/math.css``, holds the CSS of every character
  used. Pages then load no MathJax script (1.2 MB) and show their formulas at once, in print and
  with scripts off. A formula MathJax cannot parse fails the build, naming page and TeX.
* **Icons are inline SVG.** The theme loads Font Awesome's 1.5 MB script to draw a dozen icons.
  Each empty ``<i class="fa-...">`` (or ``<span>``) becomes the ``<svg>`` that script would
  have made, from the script's own icon table, and the script is dropped. The icon font that
  the theme's CSS uses for admonition titles is cut down to the glyphs the stylesheets name
  (``_static/icons/``), and the theme's stylesheet loses Font Awesome's list of every icon's
  glyph (about 90 kB).
* **Figures are palette PNGs.** Matplotlib writes 24-bit PNGs; a plot has few colours, and
  256 of them (no dithering) look the same at a quarter of the bytes.
* **Search loads on the search page only.** The theme puts Sphinx's search index on every page
  for an as-you-type search that is switched off here; the search box submits to the search
  page, which loads its own.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

MATH_CSS = "_static/math.css"
ICON_CSS = "_static/icons/icons.css"
ICON_FONT = "_static/icons/fa-solid-900-subset.woff"
# Relative to MATH_CSS: the woff files of MathJax's TeX fonts, copied from npm (see Makefile).
MATH_FONT_URL = "mathjax/output/chtml/fonts/woff-v2"

_MATH = re.compile(
    # Sphinx's math roles and directives, and notebook outputs of LaTeX ("output text_latex math").
    r'(?P<open><(?P<tag>span|div) class="(?:[\w-]+ )*math notranslate nohighlight"[^>]*>)'
    r'(?P<eqno>\s*<span class="eqno">.*?</span>)?(?P<tex>.*?)(?P<close></(?P=tag)>)',
    re.DOTALL,
)
_MATHJAX_SCRIPTS = re.compile(
    r"\s*<script>window\.MathJax = [^<]*</script>"
    r'|\s*<script defer="defer" src="[^"]*mathjax/[^"]*"></script>'
)
_FONTAWESOME_SCRIPT = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*_static/searchtools\.js"></script>'
    r'\s*<script src="[^"]*_static/language_data\.js"></script>'
    r'\s*<script src="[^"]*searchindex\.js"></script>'
)
_ICON = re.compile(
    r'<(?P<tag>i|span) class="(?P<classes>[^"]*\bfa-[^"]*)"(?P<attrs>[^>]*)></(?P=tag)>'
)
# Class names of Font Awesome that choose a style or a size, not an icon.
_STYLE_CLASSES = {"fa-solid": "fas", "fa-regular": "far", "fa-brands": "fab"}
_MODIFIERS = re.compile(r"fa-(?:lg|xs|sm|xl|2xs|2xl|\dx|fw|spin|pulse|beat|fade|flip|border)")
# Minified: names that are identifiers lose their quotes ("magnifying-glass":[...] but bars:[...]).
_ICON_ENTRY = re.compile(
    r'(?:"(?P<quoted>[a-z0-9-]+)"|\b(?P<bare>[a-z][a-z0-9]*)):\[(?P<w>\d+),(?P<h>\d+),\[[^\]]*\],"[0-9a-f]+","(?P<path>[^"]+)"\]'
)
_PACK_END = re.compile(r'\bd\("(?P<prefix>fa[srb])",\w+\)')
# An icon glyph in CSS: a private-use character, literal or escaped ("\\f0eb").
_CSS_GLYPH = re.compile(r"\\([ef][0-9a-f]{3})\b|([\ue000-\uf8ff])")
# The theme's stylesheet also carries Font Awesome's class list (every icon); of it, only the
# icons the theme itself draws, named by its --pst-icon-* properties, are in use.
_GLYPH_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+:(?:before|after),?)+\{content:"[^"]*"\}')
_THEME_ICON = re.compile(r'--pst-icon-[a-z-]+:\s*"([^"]*)"')

# What Font Awesome's own script adds to the page for its SVG icons, reduced to the rules the
# theme's icons use; and the cut-down icon font for the admonition titles.
_ICON_RULES = """\
/* Font Awesome icons drawn as inline SVG at build time (see _ext/lean_pages.py). */
svg:not(:root).svg-inline--fa { overflow: visible; box-sizing: content-box; }
.svg-inline--fa { display: var(--fa-display, inline-block); height: 1em; overflow: visible;
  vertical-align: -0.125em; }
.svg-inline--fa.fa-lg { vertical-align: -0.2em; }
.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }
.svg-inline--fa.fa-fw { width: var(--fa-fw-width, 1.25em); }
@font-face { font-family: "Font Awesome 6 Free"; font-style: normal; font-weight: 900;
  font-display: block; src: url("fa-solid-900-subset.woff") format("woff"); }
"""


def _relative_root(page: Path, outdir: Path) -> str:
    depth = len(page.relative_to(outdir).parts) - 1
    return "../" * depth


def _tex_of(match: re.Match[str]) -> tuple[str, bool]:
    """The TeX of one math element, without Sphinx's delimiters, and whether it is displayed."""
    tex = html.unescape(match["tex"]).strip()
    for start, end, display in (("\\(", "\\)", False), ("\\[", "\\]", True)):
        if tex.startswith(start) and tex.endswith(end):
            return tex[len(start) : -len(end)].strip(), display
    if match["tag"] == "div":  # amsmath environments come without delimiters
        return tex, True
    raise ExtensionError(f"math without delimiters: {match.group(0)[:120]!r}")


def render_math(
    formulas: list[tuple[str, bool]], *, node: str, script: Path
) -> tuple[list[str], str]:
    """CHTML markup of every formula, and the stylesheet they need, by MathJax under Node."""
    request = {
        "formulas": [{"tex": t, "display": d} for t, d in formulas],
        "font_url": MATH_FONT_URL,
    }
    done = subprocess.run(
        [node, str(script)], input=json.dumps(request), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ExtensionError(f"MathJax under Node failed: {done.stderr.strip()[-2000:]}")
    answer = json.loads(done.stdout)
    if answer["errors"]:
        shown = "; ".join(f"{e['message']} in {e['tex']!r}" for e in answer["errors"][:5])
        raise ExtensionError(f"{len(answer['errors'])} formulas MathJax cannot typeset: {shown}")
    return answer["html"], answer["css"]


def icon_table(fontawesome_js: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """Font Awesome's icons as {(prefix, name): (width, height, path)}, read from its script.

    The script defines each style's icons as an object literal followed by the call that
    registers it (``d("fas", p)``): every entry belongs to the first registration after it.
    """
    ends = [(m.start(), m["prefix"]) for m in _PACK_END.finditer(fontawesome_js)]
    table: dict[tuple[str, str], tuple[int, int, str]] = {}
    for entry in _ICON_ENTRY.finditer(fontawesome_js):
        prefix = next((p for at, p in ends if at > entry.start()), None)
        if prefix is not None:
            name = entry["quoted"] or entry["bare"]
            table.setdefault((prefix, name), (int(entry["w"]), int(entry["h"]), entry["path"]))
    return table


def inline_icon(match: re.Match[str], table: dict[tuple[str, str], tuple[int, int, str]]) -> str:
    """The ``<svg>`` Font Awesome's script would draw for one empty ``<i>`` or ``<span>``."""
    classes = match["classes"].split()
    prefix = next((_STYLE_CLASSES[c] for c in classes if c in _STYLE_CLASSES), "fas")
    names = [
        c[3:]
        for c in classes
        if c.startswith("fa-") and c not in _STYLE_CLASSES and not _MODIFIERS.fullmatch(c)
    ]
    found = [n for n in names if (prefix, n) in table]
    if not found:
        raise ExtensionError(f"no Font Awesome icon for {match.group(0)!r}")
    name = found[0]
    width, height, path = table[(prefix, name)]
    kept = [c for c in classes if c not in _STYLE_CLASSES]
    return (
        f'<svg class="svg-inline--fa {" ".join(kept)}"{match["attrs"]} aria-hidden="true" '
        f'focusable="false" data-prefix="{prefix}" data-icon="{name}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
        f'<path fill="currentColor" d="{path}"></path></svg>'
    )


def _subset_icon_font(static: Path, out: Path) -> int:
    """Cut the theme's solid icon font down to the glyphs its stylesheets name; return the count."""
    from fontTools import subset  # a dependency of matplotlib, installed with the book

    codepoints = set()
    for css in static.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        if css.name == "pydata-sphinx-theme.css":
            text = " ".join(_THEME_ICON.findall(text))
        for escaped, literal in _CSS_GLYPH.findall(text):
            codepoints.add(int(escaped, 16) if escaped else ord(literal))
    source = static / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"
    options = subset.Options()
    options.flavor = "woff"  # zlib: no extra compressor needed, unlike woff2
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(out), options)
    return len(codepoints)


def compress_figure(path: Path) -> int:
    """Rewrite a PNG with a palette of 256 colours if that is smaller; return the bytes saved."""
    from PIL import Image  # a dependency of matplotlib

    before = path.stat().st_size
    with Image.open(path) as image:
        if image.mode == "P":
            return 0
        palette = image.convert("RGBA").quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    if buffer.tell() >= before:
        return 0
    path.write_bytes(buffer.getvalue())
    return before - buffer.tell()


def _trim_theme_css(path: Path) -> int:
    """Drop Font Awesome's glyph rules (one per icon) from the theme's stylesheet; return bytes."""
    text = path.read_text(encoding="utf-8")
    trimmed = _GLYPH_RULES.sub("", text)
    path.write_text(trimmed, encoding="utf-8")
    return len(text) - len(trimmed)


def _typeset(text: str, markup: Iterator[str]) -> str:
    """Put each formula's markup, in page order, where its TeX was (equation numbers stay)."""
    return _MATH.sub(lambda m: m["open"] + (m["eqno"] or "") + next(markup) + m["close"], text)


def _add_stylesheet(text: str, href: str) -> str:
    link = f'<link rel="stylesheet" type="text/css" href="{href}" />\n'
    return text.replace("</head>", link + "</head>", 1)


def slim_pages(outdir: Path, pages: Iterable[Path], *, node: str, script: Path) -> dict[str, int]:
    """Rewrite the built pages in place (see the module docstring); return what was done."""
    static = outdir / "_static"
    fontawesome = static / "scripts" / "fontawesome.js"
    table = icon_table(fontawesome.read_text(encoding="utf-8")) if fontawesome.exists() else {}
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    formulas = {page: [_tex_of(m) for m in _MATH.finditer(text)] for page, text in texts.items()}
    every = [f for page_formulas in formulas.values() for f in page_formulas]
    rendered, css = render_math(every, node=node, script=script) if every else ([], "")
    if every:
        (outdir / MATH_CSS).write_text(css, encoding="utf-8")
    counts = {"pages": 0, "formulas": len(every), "icons": 0}
    position = 0
    for page, text in texts.items():
        root = _relative_root(page, outdir)
        text = _typeset(text, iter(rendered[position : position + len(formulas[page])]))
        position += len(formulas[page])
        text = _MATHJAX_SCRIPTS.sub("", text)
        if formulas[page]:
            text = _add_stylesheet(text, root + MATH_CSS)
        if table:
            text, icons = _ICON.subn(lambda m: inline_icon(m, table), text)
            counts["icons"] += icons
            text = _FONTAWESOME_SCRIPT.sub("", text)
            text = _add_stylesheet(text, root + ICON_CSS)
        if page.name != "search.html":
            text = _SEARCH_SCRIPTS.sub("", text)
        page.write_text(text, encoding="utf-8")
        counts["pages"] += 1
    if table:
        counts["glyphs"] = _subset_icon_font(static, outdir / ICON_FONT)
        (outdir / ICON_CSS).write_text(_ICON_RULES, encoding="utf-8")
        theme_css = static / "styles" / "pydata-sphinx-theme.css"
        if theme_css.exists():
            counts["theme css bytes saved"] = _trim_theme_css(theme_css)
    counts["figure bytes saved"] = sum(
        compress_figure(p) for p in sorted(outdir.glob("_images/*.png"))
    )
    return counts


def _site_pages(outdir: Path) -> list[Path]:
    # The theme's own files and the in-browser notebook app are not book pages.
    return [
        p
        for p in sorted(outdir.rglob("*.html"))
        if p.relative_to(outdir).parts[0] not in ("_static", "_sources", "_images", "lite")
    ]


def _write_every_page(app: Sphinx) -> None:
    # The rewrite needs every page as Sphinx writes it (with its TeX), all in one build
    # (math.css covers the formulas of the whole site). An incremental build writes only the
    # pages whose sources changed; without their output files it writes them all again, from
    # the doctrees it keeps (no chapter runs again).
    if app.builder.format == "html":
        for page in _site_pages(Path(app.outdir)):
            page.unlink()


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    node = shutil.which("node")
    if node is None:
        raise ExtensionError(
            "Node.js is needed to typeset the math at build time (apt-get install nodejs)"
        )
    outdir = Path(app.outdir)
    counts = slim_pages(
        outdir, _site_pages(outdir), node=node, script=Path(__file__).with_name("render_math.mjs")
    )
    logger.info("lean pages: %s", ", ".join(f"{n} {what}" for what, n in counts.items()))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _write_every_page)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
