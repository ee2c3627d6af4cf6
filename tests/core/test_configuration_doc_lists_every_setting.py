"""docs/configuration.md lists every setting read from the environment, and nothing that is
no longer read: an operator looking for a variable finds it, and finds only real ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "writeathon" / "settings.py"
SOURCES = ROOT / "src" / "writeathon"
DOC = ROOT / "docs" / "configuration.md"


def _is_env_read(call: ast.Call) -> bool:
    """`env(...)`, `env.str(...)`, `env.db(...)` and the like."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "env"
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and (func.value.id == "env")
    )


def settings_read_from_the_environment() -> set[str]:
    """Every name settings.py reads with `env`, directly or through a function of its own
    that passes its argument on to `env` (such as the rate-limit parser)."""
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    readers: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            params = {arg.arg for arg in node.args.args}
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and _is_env_read(inner)
                    and inner.args
                    and isinstance(inner.args[0], ast.Name)
                    and inner.args[0].id in params
                ):
                    readers.add(node.name)
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        reads = _is_env_read(node) or (isinstance(node.func, ast.Name) and node.func.id in readers)
        if reads:
            names.add(first.value)
    return names


def documented_variables() -> set[str]:
    """The variables that head a row of the doc's tables (several may share a row)."""
    names: set[str] = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_the_parser_finds_the_settings_it_must() -> None:
    found = settings_read_from_the_environment()
    # Read directly, through env.db and env.email_url, and through the rate parser.
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "RATE_LIMIT_FORM_PER_IP"} <= found
    assert len(found) > 60


def test_every_setting_read_from_the_environment_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = sorted(
        name for name in settings_read_from_the_environment() if f"`{name}`" not in doc
    )
    assert missing == [], f"add to docs/configuration.md: {missing}"


def test_every_documented_variable_is_read_somewhere() -> None:
    """Read by settings.py, or by the command line before settings exist; `NAME_FILE` is
    how every variable NAME may be given as a file."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES.rglob("*.py"))
    read = settings_read_from_the_environment()
    read |= set(re.findall(r"os\.environ\.get\(\"([A-Z0-9_]+)\"", code))
    stale = sorted(
        name
        for name in documented_variables()
        if name not in read and name.removesuffix("_FILE") not in read
    )
    assert stale == [], f"no longer read, remove from docs/configuration.md: {stale}"


def test_the_readme_points_to_the_configuration_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/configuration.md)" in readme
