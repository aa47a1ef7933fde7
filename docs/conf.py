"""Sphinx configuration for the consensus documentation."""

from __future__ import annotations

project = "consensus"
author = "the consensus developers"
copyright = "2026, the consensus developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxcontrib.mermaid",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "consensus"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
myst_heading_anchors = 3
# ```mermaid fences render as diagrams here, as they do on code hosts.
myst_fence_as_directive = ["mermaid"]
nitpicky = False
