"""One visibility rule per model: nothing reads a protected model except through its rule.

A protected model (cooperation.base.visibility.protected) defines `visible_to(user)` on its
QuerySet; pages, lists, search, the API, iCal, PDFs, reports, exports and the admin must go
through it. This test reads every module of the apps and fails on a read of a protected model's
manager that does not start with `.visible_to(` — unless the line, or the line above it, carries
a `# visibility: <reason>` comment (e.g. a write path that has already checked the object rule,
or a task that only counts rows). The model's own module, where the rule lives, is exempt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cooperation.base.visibility import protected_models

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("cooperation", "parties", "workgroups", "procurement", "monitoring")
# Manager calls that read no rows or read through the rule (`visible_to_every` intersects `visible_to`
# over a document's readers); creating a row is a write, its rule is the edit rule.
NON_READING = {"visible_to", "visible_to_every", "create", "bulk_create", "none", "model"}


def _app_modules() -> list[Path]:
    files = []
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            # Migrations are history; demo and seed modules build data and show nothing to a person.
            if "migrations" in path.parts or path.name in {"demo.py", "seed.py"}:
                continue
            files.append(path)
    return sorted(files)


def _model_module(model) -> Path:
    module = model.__module__
    return ROOT / (module.replace(".", "/") + ".py")


def _violations(files: list[Path] | None = None) -> list[str]:
    models = protected_models()
    by_name: dict[str, list] = {}
    for model in models:
        by_name.setdefault(model.__name__, []).append(model)
    names = "|".join(sorted(by_name))
    manager_read = re.compile(rf"\b({names})\.(?:objects|_default_manager)\b(?:\.(\w+))?")
    shortcut = re.compile(rf"\b(?:get_object_or_404|get_list_or_404)\(\s*({names})\b")
    found = []
    for path in files if files is not None else _app_modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            code = line.split("#", 1)[0]
            hits = []
            # A chain narrowed first and ended by visible_to_every on the same line reads through the rule.
            through_every = ".visible_to_every(" in code
            for match in manager_read.finditer(code):
                if match.group(2) not in NON_READING and not through_every:
                    hits.append(match.group(1))
            hits += [m.group(1) for m in shortcut.finditer(code)]
            if not hits:
                continue
            marked = "# visibility:" in line or (number > 1 and "# visibility:" in lines[number - 2])
            if marked:
                continue
            for name in hits:
                if any(_model_module(model) == path for model in by_name[name]):
                    continue
                found.append(f"{_shown(path)}:{number}: {name} read without visible_to: {line.strip()}")
    return found


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def test_protected_models_are_registered():
    names = {model._meta.label for model in protected_models()}
    expected = {
        "workgroups.Matter", "workgroups.Meeting", "workgroups.AgendaItem", "workgroups.Attachment",
        "workgroups.Decision", "workgroups.Proposal", "workgroups.ActionItem",
        "cooperation.Agreement", "cooperation.Attachment",
        "procurement.StaffTransfer", "monitoring.ReportRequest",
    }
    assert expected <= names, f"not registered as protected: {sorted(expected - names)}"


def test_every_protected_model_has_one_rule():
    for model in protected_models():
        assert hasattr(model._default_manager.all(), "visible_to"), model
        # The object check derives from the QuerySet rule (VisibilityRuleMixin), not a copy of it.
        method = getattr(model, "can_be_viewed_by", None)
        assert method is not None, f"{model.__name__} has no can_be_viewed_by"
        assert method.__qualname__ == "VisibilityRuleMixin.can_be_viewed_by", (
            f"{model.__name__}.can_be_viewed_by is a second copy of the rule; derive it from visible_to"
        )


def test_no_protected_model_is_read_without_its_rule():
    violations = _violations()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("snippet, flagged", [
    ("Decision.objects.filter(pk=1)", True),
    ("Decision.objects.visible_to(user).filter(pk=1)", False),
    ("Decision.objects.filter(pk=1).visible_to_every(readers)", False),
    ("get_object_or_404(Decision, pk=1)", True),
    ("Decision.objects.filter(pk=1)  # visibility: write path, checked by can_be_edited_by", False),
])
def test_the_scan_itself(tmp_path, snippet, flagged):
    module = tmp_path / "probe.py"
    module.write_text(f"def f(user):\n    return {snippet}\n", encoding="utf-8")
    assert bool(_violations([module])) is flagged
