// TeX to MathJax CHTML markup at build time, so pages need no MathJax script in the browser.
// Reads {"formulas": [{"tex": "...", "display": true}, ...], "font_url": "..."} on stdin and
// writes {"html": ["<mjx-container ...>", ...], "css": "..."} on stdout. Each formula carries
// its MathML (assistive-mml) for screen readers; the CSS covers every character used.
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { CHTML } from "mathjax-full/js/output/chtml.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { AssistiveMmlHandler } from "mathjax-full/js/a11y/assistive-mml.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
// noundefined/noerrors are left out, so an unknown macro is an error here, not red text.
const packages = AllPackages.filter((name) => !["noundefined", "noerrors", "bussproofs"].includes(name));
const tex = new TeX({ packages, tags: "none", formatError: (jax, error) => { throw error; } });
const chtml = new CHTML({ fontURL: request.font_url, adaptiveCSS: true });
const doc = mathjax.document("", { InputJax: tex, OutputJax: chtml });

const html = [];
const errors = [];
for (const [index, formula] of request.formulas.entries()) {
  try {
    // 16 px text with an x-height of 0.47 em sets the math 6% larger than MathJax's fonts' own
    // scale, close to what MathJax measures in the browser for the theme's system fonts.
    const node = doc.convert(formula.tex, { display: formula.display, em: 16, ex: 7.5, containerWidth: 80 * 16 });
    // A displayed formula scrolls sideways when it is wider than the screen: it must take the
    // keyboard's focus to be scrolled without a mouse, as MathJax's own menu code made it.
    if (formula.display) adaptor.setAttribute(node, "tabindex", "0");
    html.push(adaptor.outerHTML(node));
  } catch (error) {
    html.push("");
    errors.push({ index, tex: formula.tex, message: String(error.message || error) });
  }
}
const css = adaptor.textContent(chtml.styleSheet(doc));
process.stdout.write(JSON.stringify({ html, css, errors }));
