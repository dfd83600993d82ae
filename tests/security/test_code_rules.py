"""No user input reaches raw SQL or unescaped HTML: the code is read, not run, so modules added later are covered."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
# The app's code; bench/ scripts take their SQL from the command line of whoever runs them, not from requests.
PYTHON = [p for folder in ("coverage", "ucj_site") for p in (ROOT / folder).rglob("*.py")
          if "migrations" not in p.parts]
TEMPLATES = [p for folder in ("templates", "coverage", "bench") for p in (ROOT / folder).rglob("*.html")]

# SQL entry points whose first argument must be a plain string literal (values go in the parameters).
SQL_CALLS = {"execute", "executemany", "raw", "extra", "RawSQL"}
# Reviewed exceptions, as "path:line" (templates) or "path::function" (Python): why. Keep short; a reviewer agrees.
_BUILT_FROM_THE_MODEL = ("the batch checker's trial writes: SQL text made only of the model's own table and column "
                         "names (quote_name) and placeholders, every value a parameter; one statement for many rows, "
                         "where the ORM compiled one per row (docs/benchmarks.md: Hostile spreadsheets)")
ALLOWED: dict[str, str] = {
    "coverage/snapshots/batch.py::_insert": _BUILT_FROM_THE_MODEL,
    "coverage/snapshots/batch.py::_update": _BUILT_FROM_THE_MODEL,
    # Its conditions are the model's CheckConstraints compiled by Django's own query compiler, values as parameters.
    "coverage/snapshots/batch.py::_refuse_broken_checks": _BUILT_FROM_THE_MODEL,
}


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal(node) -> bool:
    """A string written in the code (or a choice between two such strings)."""
    if isinstance(node, ast.IfExp):
        return _literal(node.body) and _literal(node.orelse)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _enclosing_functions(tree) -> dict[int, str]:
    """id(node) -> the name of the innermost function around it (ast.walk visits outer functions first)."""
    enclosing = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            enclosing |= {id(node): function.name for node in ast.walk(function)}
    return enclosing


def python_findings(path: Path):
    """(where, reason, key of a reviewed exception) of each call that may put text of the run into SQL or HTML."""
    tree = ast.parse(path.read_text(), filename=str(path))
    enclosing = _enclosing_functions(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        key = f"{_shown(path)}::{enclosing.get(id(node), '')}"
        name = _name(node.func)
        where = f"{_shown(path)}:{node.lineno}"
        is_method = isinstance(node.func, ast.Attribute)  # queryset.raw(), not a helper function named raw()
        if name == "RawSQL" or (is_method and name == "extra") or (
            is_method and name == "raw" and node.args and not _literal(node.args[0])
        ):
            yield where, f"{name}(): use the ORM", key
        elif name in SQL_CALLS - {"raw", "extra", "RawSQL"} and node.args and not _literal(node.args[0]):
            yield where, f"{name}() with SQL built at run time: pass values as parameters", key
        elif name == "mark_safe" and not (node.args and _literal(node.args[0])):
            yield where, "mark_safe() of a computed string: use format_html()", key


def template_findings(path: Path):
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if re.search(r"\|\s*safe\b|{%\s*autoescape\s+off", line):
            yield f"{_shown(path)}:{number}", "|safe or autoescape off"


def test_the_rules_are_checked_on_real_files():
    assert any(p.name == "services.py" for p in PYTHON) and any(p.name == "base.html" for p in TEMPLATES)


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_built_from_strings_and_no_mark_safe_of_computed_text(path):
    assert [f[:2] for f in python_findings(path) if f[2] not in ALLOWED] == []


def test_no_template_turns_escaping_off():
    found = [f for path in TEMPLATES for f in template_findings(path) if f[0] not in ALLOWED]
    assert found == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f(c, q, x):\n    c.execute(f"SELECT {x}")\n    q.extra(where=["1"])\n'
                      '    c.execute("SELECT %s", [x])\n    c.execute("A" if x else "B")\n    raw(x)\n'
                      '    return mark_safe(x)\n')
    template = tmp_path / "sample.html"
    template.write_text("<p>{{ note|safe }}</p>\n<p>{{ note }}</p>\n")
    reasons = [reason for _where, reason, _key in python_findings(sample)]
    assert len(reasons) == 3 and "use the ORM" in reasons[1]
    assert [where for where, _reason in template_findings(template)] == [f"{template}:1"]


def test_every_reviewed_exception_is_still_needed():
    found = {key for path in PYTHON for _where, _reason, key in python_findings(path)}
    found |= {where for path in TEMPLATES for where, _reason in template_findings(path)}
    assert set(ALLOWED) <= found
