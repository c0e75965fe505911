"""Look of the chat: theme with system fonts (nothing fetched), CSS, and the marker script."""

from __future__ import annotations

import os
from typing import Any

# Set before gradio is imported: otherwise it contacts outside hosts at start.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr

_SYSTEM_FONTS = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"]
_MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]

CSS = """
.govqa-marker { font-size: 0.8em; font-weight: 600; text-decoration: none; margin-left: 1px; }
.govqa-unsupported { text-decoration: underline dotted; }
.govqa-note { color: var(--body-text-color-subdued); }
.govqa-error { color: var(--error-text-color, #b91c1c); }
.govqa-card { border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 8px 10px; margin: 8px 0; transition: background-color 0.3s; }
.govqa-card.govqa-active { border-color: var(--color-accent); outline: 2px solid
  var(--color-accent); background: var(--color-accent-soft); }
.govqa-title { font-weight: 600; }
.govqa-section { color: var(--body-text-color-subdued); font-size: 0.9em; }
.govqa-passage { white-space: pre-wrap; margin: 6px 0; font-size: 0.92em; }
.govqa-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.govqa-turn { font-weight: 600; cursor: pointer; margin: 6px 0; }
.govqa-table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
.govqa-table th, .govqa-table td { border: 1px solid var(--border-color-primary);
  padding: 4px 6px; vertical-align: top; text-align: left; }
"""

# A marker links to its card (#govqa-tN-cM); this opens the folded answer holding the card,
# scrolls to it and highlights it. Without JavaScript the plain link still jumps to the card.
HEAD = """<script>
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest('a[href^="#govqa-t"]') : null;
  if (!link) { return; }
  var card = document.getElementById(link.getAttribute("href").slice(1));
  if (!card) { return; }
  event.preventDefault();
  event.stopPropagation();
  for (var el = card; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") { el.open = true; }
  }
  document.querySelectorAll(".govqa-card.govqa-active").forEach(function (other) {
    other.classList.remove("govqa-active");
  });
  card.classList.add("govqa-active");
  card.scrollIntoView({block: "center"});
}, true);
</script>"""


class ChatBlocks(gr.Blocks):
    """Blocks whose launch() defaults to GovQA's theme (system fonts: nothing fetched), CSS and
    marker script, so ``build_app(a).launch(...)`` looks and works like ``launch(a)``."""

    def launch(self, *args: Any, **kwargs: Any) -> Any:
        """gr.Blocks.launch with GovQA's defaults for theme, css, head and server options."""
        kwargs.setdefault("theme", gr.themes.Default(font=_SYSTEM_FONTS, font_mono=_MONO_FONTS))
        kwargs.setdefault("css", CSS)
        kwargs.setdefault("head", HEAD)
        kwargs.setdefault("ssr_mode", False)
        kwargs.setdefault("mcp_server", False)
        kwargs.setdefault("pwa", False)
        return super().launch(*args, **kwargs)
