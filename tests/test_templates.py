"""Static checks of our templates: a page title is one line of plain text, breadcrumbs hold only the trail."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
BLOCK = r"\{%\s*block\s+NAME\s*%\}(.*?)\{%\s*endblock\s*%\}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_title_block_is_one_line_of_text(path):
    for title in re.findall(BLOCK.replace("NAME", "title"), path.read_text(encoding="utf-8"), re.S):
        assert "\n" not in title and "<" not in title, title[:120]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_breadcrumbs_block_holds_only_a_navigation_trail(path):
    for crumbs in re.findall(BLOCK.replace("NAME", "breadcrumbs"), path.read_text(encoding="utf-8"), re.S):
        assert "<h1" not in crumbs and "<h2" not in crumbs and "<form" not in crumbs, crumbs[:120]
