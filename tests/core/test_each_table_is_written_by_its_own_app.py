"""One owner per table: only an app's own modules write its tables. Another app, or a use
case spanning apps (writeathon.usecases), asks through the owner's services.

Read from the source: a write is a call of a queryset's writing method (update, delete,
create, ...) on `Model.objects` where `Model` is imported from another app's models.
Writes through related managers or `instance.save()` are not seen; reads are allowed.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import writeathon

PACKAGE = Path(writeathon.__file__).resolve().parent
WRITES = frozenset(
    {
        "update",
        "delete",
        "create",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)

# Writes that are still made outside their owner, each with where they go. The list only
# shrinks: recording an action (supporters and consents written with it) moves into the one
# intake service, which asks the supporters' services.
KNOWN_ELSEWHERE: dict[str, set[str]] = {}


def _app(module: str) -> str:
    return module.split(".")[1]


def foreign_writes(source: str, module: str) -> list[tuple[str, str]]:
    """`Model.objects....<write>(...)` calls in `source` on models of another app, each with
    the app that owns the model."""
    tree = ast.parse(source)
    owners = {
        alias.asname or alias.name: _app(node.module)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("writeathon.")
        and node.module.endswith(".models")
        for alias in node.names
    }
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES:
            continue
        chain: ast.expr = node.func.value
        while isinstance(chain, ast.Call | ast.Attribute):
            if (
                isinstance(chain, ast.Attribute)
                and chain.attr == "objects"
                and isinstance(chain.value, ast.Name)
            ):
                owner = owners.get(chain.value.id)
                if owner is not None and owner != _app(module):
                    found.append(
                        (f"{module}:{node.lineno} {chain.value.id}.{node.func.attr}", owner)
                    )
                break
            chain = chain.func if isinstance(chain, ast.Call) else chain.value
    return found


def _modules() -> list[tuple[str, Path]]:
    return [
        (".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts), path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_no_module_writes_another_apps_tables() -> None:
    found = [
        write
        for module, path in _modules()
        for write, owner in foreign_writes(path.read_text(encoding="utf-8"), module)
        if owner not in KNOWN_ELSEWHERE.get(module, set())
    ]
    assert found == []


def test_the_check_sees_a_write_into_another_app() -> None:
    source = textwrap.dedent(
        """
        from writeathon.delivery.models import Delivery
        from writeathon.supporters.models import Supporter

        def erase(pk):
            Supporter.objects.filter(pk=pk).update(email=None)
            Delivery.objects.filter(action__supporter_id=pk).update(status="cancelled")
            Delivery.objects.filter(action__supporter_id=pk).count()
        """
    )
    assert foreign_writes(source, "writeathon.usecases.privacy") == [
        ("writeathon.usecases.privacy:6 Supporter.update", "supporters"),
        ("writeathon.usecases.privacy:7 Delivery.update", "delivery"),
    ]
    assert foreign_writes(source, "writeathon.supporters.forget") == [
        ("writeathon.supporters.forget:7 Delivery.update", "delivery")
    ]
