"""The stylesheet that every helper appends to: each block is closed before the next section starts."""
import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"


def test_every_block_is_closed_and_sections_start_at_the_top_level():
    # A media query left open swallows every rule after it (it once hid the entry pages' desktop layout).
    text = re.sub(r"/\*(?!\s*---).*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    depth, sections = 0, []
    for token in re.finditer(r"[{}]|/\*\s*---", text):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
            assert depth >= 0, "a } closes nothing"
        else:
            sections.append(depth)
    assert depth == 0
    assert sections and set(sections) == {0}
