// Makes every visible sidebar toggle button work. The theme binds its click handlers only to the
// first `.primary-toggle` / `.secondary-toggle` in the page, which is a hidden header button;
// clicks on the other (visible) buttons reach this delegated handler instead.
(function () {
  "use strict";
  const move = (from, to) => {
    Array.from(from.childNodes).forEach((node) => to.appendChild(node));
    Array.from(from.classList).forEach((cls) => {
      from.classList.remove(cls);
      to.classList.add(cls);
    });
  };
  const openDialog = (sidebarId) => {
    const sidebar = document.getElementById(sidebarId);
    const dialog = document.getElementById(sidebarId + "-modal");
    if (!sidebar || !dialog || dialog.open) return;
    const previous = document.activeElement;
    move(sidebar, dialog);
    dialog.showModal();
    dialog.addEventListener(
      "close",
      () => {
        // The theme moves the content back on close; do it here if it has not.
        if (dialog.childNodes.length) move(dialog, sidebar);
        if (previous && previous.focus) previous.focus();
      },
      { once: true },
    );
  };
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented) return; // the theme's own handler took this click
    const button = event.target.closest && event.target.closest(".primary-toggle, .secondary-toggle");
    if (!button) return;
    event.preventDefault();
    if (button.classList.contains("primary-toggle")) {
      if (window.matchMedia("(min-width: 992px)").matches) {
        const sidebar = document.getElementById("pst-primary-sidebar");
        if (sidebar) sidebar.classList.toggle("pst-sidebar-hidden");
      } else {
        openDialog("pst-primary-sidebar");
      }
    } else {
      openDialog("pst-secondary-sidebar");
    }
    button.blur();
  });
  // Closing by a click on the backdrop, for dialogs the theme did not wire.
  document.addEventListener("DOMContentLoaded", () => {
    ["pst-primary-sidebar-modal", "pst-secondary-sidebar-modal"].forEach((id) => {
      const dialog = document.getElementById(id);
      if (!dialog) return;
      dialog.addEventListener("click", (event) => {
        const r = dialog.getBoundingClientRect();
        if (
          dialog.open &&
          (event.clientX < r.left || event.clientX > r.right ||
            event.clientY < r.top || event.clientY > r.bottom)
        ) {
          dialog.close();
        }
      });
    });
  });
})();
