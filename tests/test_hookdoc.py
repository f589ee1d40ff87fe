"""The hook reference is generated from the hookspecs, and every hookspec is documented."""

import re
from pathlib import Path

import pytest

from cli.hookdoc import hook_docs, render_hook_reference, write_hook_reference

HOOKS_MD = Path(__file__).resolve().parent.parent / "docs" / "hooks.md"


def test_committed_hook_reference_matches_the_hookspecs():
    committed = HOOKS_MD.read_text(encoding="utf-8") if HOOKS_MD.exists() else ""
    assert committed == render_hook_reference(), (
        "docs/hooks.md is out of date with core/hookspecs.py: run `mendian docs hooks` "
        "(or `python -m cli.hookdoc`) and commit the result"
    )


@pytest.mark.parametrize("hook", hook_docs(), ids=lambda h: h.name)
def test_every_hookspec_says_when_it_is_called_and_what_it_returns(hook):
    assert hook.doc, f"hookspec {hook.name} has no docstring"
    assert re.search(r"\bcalled\b", hook.doc, re.IGNORECASE), f"{hook.name}: say when it is called"
    assert re.search(r"\breturn", hook.doc, re.IGNORECASE), f"{hook.name}: say what it returns"


@pytest.mark.parametrize("hook", hook_docs(), ids=lambda h: h.name)
def test_first_result_hooks_say_so_and_the_others_do_not(hook):
    says_first = "first result wins" in hook.doc.lower()
    assert says_first == hook.firstresult, f"{hook.name}: firstresult={hook.firstresult} but the docstring disagrees"


def test_reference_names_every_hook_with_its_kind():
    text = render_hook_reference()
    kinds = {h.name: h.kind for h in hook_docs()}
    assert kinds["piccolo_apps"] == "wiring"
    assert kinds["member_registered"] == "domain"
    for name in kinds:
        assert f"### `{name}`" in text


def test_writing_twice_changes_nothing_the_second_time(tmp_path):
    path = tmp_path / "hooks.md"
    assert write_hook_reference(path) is True
    assert write_hook_reference(path) is False
    assert path.read_text(encoding="utf-8") == render_hook_reference()
