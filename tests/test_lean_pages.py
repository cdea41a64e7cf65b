"""The lean pages of `_ext/lean_pages.py`: its rewrites one by one, then the built site's weight.

The unit tests feed the rewrites small inputs (and MathJax under Node, where Node and the npm
packages are installed). The browser tests load every page of the built site with an empty
cache, as a reader's phone would, and hold it to the budget below; they print each page's bytes
and requests.
"""

from __future__ import annotations

import functools
import gzip
import re
import shutil
import sys
import types
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pydata_sphinx_theme
import pytest
from site_browser import PAGES, ROOT, SITE, VIEWPORTS, is_redirect, missing, open_page

sys.path.insert(0, str(ROOT / "_ext"))
import lean_pages  # a Sphinx extension, importable from _ext as Sphinx imports it

THEME_STATIC = (
    Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
)
NODE = shutil.which("node")
MATHJAX = ROOT / "node_modules" / "mathjax-full"
RENDER = ROOT / "_ext" / "render_math.mjs"

# Bytes a page may transfer with an empty cache (everything it loads, figures included).
BUDGET_CHAPTER = 1_500_000
BUDGET_LANDING = 750_000
# The API reference documents every public function with its formulas on one page.
BUDGET_API = 2_100_000
BUDGET_OTHER = 1_000_000


def _needs_mathjax() -> None:
    if NODE is None or not MATHJAX.exists():
        missing("Node.js and npm's mathjax-full are needed (`npm ci`, run by `make book`)")


# --- the rewrites, on small inputs ------------------------------------------------------------


def test_the_icon_table_is_read_from_the_themes_font_awesome_script():
    script = (THEME_STATIC / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    table = lean_pages.icon_table(script)
    # Quoted and bare (minified) names, in the solid, regular and brands styles.
    assert table[("fas", "magnifying-glass")][:2] == (512, 512)
    assert table[("fas", "bars")][:2] == (448, 512)
    assert ("far", "file") in table and ("fab", "github") in table
    assert len(table) > 1000
    assert all(path.startswith("M") for _, _, path in table.values())


def test_an_icon_becomes_the_svg_font_awesome_would_draw():
    table = {("fas", "sun"): (512, 512, "M1 1z"), ("far", "sun"): (512, 512, "M2 2z")}
    match = lean_pages._ICON.search(
        '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i>'
    )
    svg = lean_pages.inline_icon(match, table)
    assert svg.startswith('<svg class="svg-inline--fa theme-switch fa-sun fa-lg" data-mode="light"')
    assert 'viewBox="0 0 512 512"' in svg and 'd="M1 1z"' in svg
    assert 'aria-hidden="true"' in svg and "fa-solid" not in svg
    regular = lean_pages._ICON.search('<span class="fa-regular fa-sun"></span>')
    assert 'd="M2 2z"' in lean_pages.inline_icon(regular, table)


def test_an_unknown_icon_fails_the_build_by_name():
    match = lean_pages._ICON.search('<i class="fa-solid fa-no-such-icon"></i>')
    with pytest.raises(Exception, match="fa-no-such-icon"):
        lean_pages.inline_icon(match, {})


@pytest.mark.parametrize(
    ("markup", "tex", "display"),
    [
        ('<span class="math notranslate nohighlight">\\(a &lt; b\\)</span>', "a < b", False),
        ('<div class="math notranslate nohighlight">\n\\[x^2\\]</div>', "x^2", True),
        (
            '<div class="math notranslate nohighlight" id="equation-e">\n<span class="eqno">(1.1)'
            '<a class="headerlink" href="#equation-e">#</a></span>\\[y\\]</div>',
            "y",
            True,
        ),
        (
            '<div class="output text_latex math notranslate nohighlight">\n\\[\\displaystyle w\\]</div>',
            "\\displaystyle w",
            True,
        ),
        (
            '<div class="math notranslate nohighlight">\\begin{align}a &amp;= b\\end{align}</div>',
            "\\begin{align}a &= b\\end{align}",
            True,
        ),
    ],
)
def test_the_tex_of_each_kind_of_math_element(markup, tex, display):
    match = lean_pages._MATH.search(markup)
    assert lean_pages._tex_of(match) == (tex, display)


@pytest.mark.kernel
def test_mathjax_under_node_typesets_formulas_and_rejects_unknown_macros():
    _needs_mathjax()
    html, css = lean_pages.render_math(
        [("\\frac{1}{n}\\sum_i |r_i|", True), ("\\lambda", False)], node=NODE, script=RENDER
    )
    assert html[0].startswith('<mjx-container class="MathJax" jax="CHTML" display="true"')
    assert 'tabindex="0"' in html[0] and "tabindex" not in html[1]  # scrollable by keyboard
    assert "<math" in html[1] and "λ" in html[1]  # MathML for screen readers
    assert "mjx-c1D706" in css and "MathJax_Main" in css and lean_pages.MATH_FONT_URL in css
    with pytest.raises(Exception, match=r"\\nosuchmacro"):
        lean_pages.render_math([("\\nosuchmacro", False)], node=NODE, script=RENDER)


def test_a_figure_becomes_a_smaller_palette_png_that_looks_the_same(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    fig, ax = plt.subplots(figsize=(5.6, 3.6), dpi=100)
    x = np.linspace(-2, 2, 200)
    ax.plot(x, np.abs(x), label="|r|")
    ax.plot(x, x**2, label="r²")
    ax.legend()
    path = tmp_path / "figure.png"
    fig.savefig(path)
    plt.close(fig)
    before = np.asarray(Image.open(path).convert("RGBA"), dtype=float)
    size = path.stat().st_size
    saved = lean_pages.compress_figure(path)
    after = np.asarray(Image.open(path).convert("RGBA"), dtype=float)
    assert 0 < saved == size - path.stat().st_size
    assert saved > size / 3
    assert after.shape == before.shape
    assert np.abs(after - before).mean() < 1.0  # on a 0-255 scale
    assert lean_pages.compress_figure(path) == 0  # already a palette image


@pytest.mark.kernel
def test_a_small_site_is_rewritten_page_by_page(tmp_path):
    _needs_mathjax()
    static = tmp_path / "_static"
    shutil.copytree(THEME_STATIC / "scripts", static / "scripts")
    shutil.copytree(THEME_STATIC / "vendor", static / "vendor")
    (static / "styles").mkdir()
    (static / "styles" / "pydata-sphinx-theme.css").write_text(
        '.x{--pst-icon-lightbulb:"\\f0eb"}.fa-a:before,.fa-b:after{content:"\\f001"}.y{color:red}'
    )
    head = (
        '<html><head><script>window.MathJax = {"options": {}}</script>\n'
        '<script defer="defer" src="../_static/mathjax/tex-mml-chtml.js?v=1"></script>\n'
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<script src="../_static/searchtools.js"></script>\n'
        '<script src="../_static/language_data.js"></script>\n'
        '<script src="../searchindex.js"></script>\n</head>'
    )
    body = '<body><i class="fa-solid fa-bars"></i><span class="math notranslate nohighlight">\\(x\\)</span></body></html>'
    (tmp_path / "book").mkdir()
    page = tmp_path / "book" / "chapter.html"
    page.write_text(head + body)
    search = tmp_path / "search.html"
    search.write_text(head.replace("../", "") + "<body></body></html>")
    counts = lean_pages.slim_pages(tmp_path, [page, search], node=NODE, script=RENDER)
    text = page.read_text()
    assert counts["formulas"] == 1 and counts["icons"] == 1 and counts["pages"] == 2
    assert "mjx-container" in text and "\\(x\\)" not in text
    assert "MathJax =" not in text and "tex-mml-chtml" not in text and "fontawesome.js" not in text
    assert "searchindex.js" not in text and "searchindex.js" in search.read_text()
    assert 'href="../_static/math.css"' in text and 'href="../_static/icons/icons.css"' in text
    assert '<svg class="svg-inline--fa fa-bars"' in text
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text()
    assert css == '.x{--pst-icon-lightbulb:"\\f0eb"}.y{color:red}'
    from fontTools.ttLib import TTFont

    font = TTFont(tmp_path / lean_pages.ICON_FONT)
    assert set(font.getBestCmap()) == {0xF0EB}  # only the glyph the theme draws


# --- the built site, in the browser -----------------------------------------------------------


def _budget(path: str) -> int:
    if re.match(r"book/\d\d_", path):
        return BUDGET_CHAPTER
    if path == "book/intro.html":
        return BUDGET_LANDING
    if path == "book/api.html":
        return BUDGET_API
    return BUDGET_OTHER


@functools.cache
def _gzipped_size(url_path: str) -> int:
    """Bytes a host compressing with gzip (level 6) sends for a file the test server serves."""
    path = SITE / unquote(url_path).lstrip("/")
    return len(gzip.compress((path / "index.html" if path.is_dir() else path).read_bytes(), 6))


def _weigh(browser, url: str) -> dict:
    """Bytes and requests of one page loaded with an empty cache, as served and as gzip."""
    page, problems = open_page(browser, url, VIEWPORTS["phone"])
    try:
        page.wait_for_timeout(300)  # fonts requested once the layout settles
        entries = page.evaluate(
            "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".map(e => [e.name, e.decodedBodySize])"
        )
        served = sum(size for _, size in entries)
        compressed = sum(_gzipped_size(urlsplit(name).path) for name, _ in entries)
        return {
            "requests": len(entries),
            "bytes": served,
            "gzip": compressed,
            "largest": sorted(((size, name) for name, size in entries), reverse=True)[:3],
            "problems": problems,
        }
    finally:
        page.close()


@pytest.mark.site
def test_every_page_keeps_to_its_byte_budget(browser, server, report_line):
    rows, over = [], []
    for path in PAGES:
        if is_redirect(SITE, path):
            continue
        weight = _weigh(browser, f"{server}/{path}")
        budget = _budget(path)
        rows.append(
            f"  {path:34s} {weight['requests']:3d} requests {weight['bytes'] / 1e6:5.2f} MB"
            f" ({weight['gzip'] / 1e6:4.2f} MB gzipped; budget {budget / 1e6:.2f} MB)"
        )
        if weight["bytes"] > budget:
            largest = ", ".join(
                f"{name.split('/')[-1]} {size / 1e3:.0f} kB" for size, name in weight["largest"]
            )
            over.append(
                f"{path}: {weight['bytes'] / 1e6:.2f} MB > {budget / 1e6:.2f} MB ({largest})"
            )
        assert weight["problems"]["failed"] == [] and weight["problems"]["foreign"] == [], weight
    report_line("bytes each page transfers with an empty cache (390 px):")
    for row in rows:
        report_line(row)
    assert len(rows) >= 10
    assert not over, "\n".join(over)


@pytest.mark.site
def test_pages_load_neither_mathjax_nor_the_icon_script_nor_search_off_the_search_page(
    browser, server
):
    for path in (
        "book/intro.html",
        "book/02_robust_to_outliers.html",
        "book/api.html",
        "search.html",
    ):
        page, problems = open_page(browser, f"{server}/{path}", VIEWPORTS["phone"])
        try:
            loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            assert not [u for u in loaded if "tex-mml-chtml" in u or "fontawesome.js" in u], path
            assert not [u for u in loaded if "fa-solid-900.woff2" in u], path  # the full icon font
            wants_index = path == "search.html"
            assert any(u.endswith("searchindex.js") for u in loaded) == wants_index, path
            assert problems["console"] == [], problems
        finally:
            page.close()


@pytest.mark.site
def test_icons_and_formulas_render_without_scripts(browser, server):
    """With JavaScript off, the icons and the math are there all the same, in their fonts."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(f"{server}/book/01_what_is_l1_loss.html", wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        icons = page.evaluate(
            "[...document.querySelectorAll('svg.svg-inline--fa')].filter(s => s.getBoundingClientRect().width > 0).length"
        )
        assert icons >= 5
        assert page.locator("mjx-container").count() > 20
        assert page.locator("mjx-merror").count() == 0
        fonts = page.evaluate(
            "[...document.fonts].filter(f => f.family.startsWith('MJXZERO') || f.family.startsWith('MJXTEX'))"
            ".filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert "MJXTEX" in fonts and "MJXTEX-I" in fonts, fonts
        # Every MathJax character has a width (its glyph's metrics are in math.css), apart from
        # accents that MathJax sets with zero width on purpose and the invisible operators
        # (function application, U+2061, and its kin).
        empty = page.evaluate(
            "[...document.querySelectorAll('mjx-c')].filter(c => c.getBoundingClientRect().width === 0"
            " && !c.closest('[style*=\"width: 0\"]') && !/mjx-c(206[1-4]|200B)/.test(c.className)).length"
        )
        assert empty == 0
    finally:
        context.close()


def test_an_incremental_build_writes_every_page_again(tmp_path):
    # The pages of an earlier build are already rewritten (no TeX left): they must go, so that
    # Sphinx writes them again and the rewrite sees every formula of the site.
    for page in ("index.html", "book/chapter.html", "_static/theme.html", "lite/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<html></html>")
    app = types.SimpleNamespace(builder=types.SimpleNamespace(format="html"), outdir=tmp_path)
    lean_pages._write_every_page(app)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert left == ["_static/theme.html", "lite/index.html"]
    app.builder.format = "latex"  # other builders' output is not the site's
    (tmp_path / "index.html").write_text("<html></html>")
    lean_pages._write_every_page(app)
    assert (tmp_path / "index.html").exists()
