"""Docs stay honest: every CLI command and every JSON field is documented."""
from __future__ import annotations

import json
import re

from qltest import ROOT

DOCS = ROOT / "docs"


def test_every_cli_command_is_documented_with_help_and_example():
    from typer.main import get_command

    from quellenlage.cli import app
    cli = get_command(app)
    text = "".join((DOCS / name).read_text(encoding="utf-8") for name in ("cli.md", "kb.md", "api.md")
                   if (DOCS / name).exists())
    for name, cmd in cli.commands.items():
        # the whole command name: "quellenlage actor" must not pass because "quellenlage actors" is documented
        assert re.search(rf"quellenlage {re.escape(name)}(?![\w-])", text), f"command {name} is not documented"
        assert cmd.help and cmd.help.strip(), f"command {name} has no help text"


def test_every_schema_field_is_documented():
    schema = json.loads((ROOT / "src/quellenlage/schema/quellenlage-1.schema.json").read_text())
    doc = (DOCS / "schema.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    fields = set(schema["properties"]) | set(schema["properties"]["document"]["properties"])
    for part in ("actors", "attributions", "relations"):
        fields |= set(schema["properties"][part]["items"]["properties"])
    missing = fields - documented
    assert not missing, f"fields missing from docs/schema.md: {sorted(missing)}"


def test_readme_starts_with_the_two_setup_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1: lines.index("```bash") + 3]
    assert "quellenlage analyze" in block[0] and "pip install" in block[0]
    assert block[1].startswith("bash scripts/test.sh")
    assert (ROOT / ".ci/run").read_text().strip().endswith("bash scripts/test.sh")


def test_schema_is_strict():
    """Every object of the schema names its fields and refuses others, so no field slips past docs/schema.md."""
    schema = json.loads((ROOT / "src/quellenlage/schema/quellenlage-1.schema.json").read_text())

    def objects(node, path="$"):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield path, node
            for key, value in node.items():
                yield from objects(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from objects(value, f"{path}[{i}]")

    found = list(objects(schema))
    assert len(found) >= 7
    loose = [path for path, node in found if node.get("additionalProperties") is not False]
    assert not loose, f"objects that accept unknown fields: {loose}"
