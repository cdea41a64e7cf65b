// Search result excerpts from the page's prose. Sphinx 7.4's searchtools.js builds each excerpt
// from the text of the fetched page's [role="main"] element. In this theme that is <main>, which
// also holds the article header's buttons (".ipynb", ".pdf"), the printed and the side contents
// lists and the previous/next links, so excerpts showed those instead of the text around the
// search word. This hands it the article alone, without its notebook code cells.
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const notProse = "div.cell";
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const main = page.querySelector('[role="main"]');
    const article = main && main.querySelector("article.bd-article");
    if (!article) return htmlToText(htmlString, anchor);
    article.querySelectorAll(notProse).forEach((element) => element.remove());
    // Keep [role="main"] around the article: searchtools looks the anchor up inside it.
    main.replaceChildren(article);
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
})();
