"""The SDK reference is generated from the SDK, and everything the SDK exports is documented."""

from pathlib import Path

import sdk
from cli.sdkdoc import render_sdk_reference, undocumented, write_sdk_reference

SDK_MD = Path(__file__).resolve().parent.parent / "docs" / "plugins" / "sdk.md"


def test_committed_sdk_reference_matches_the_sdk():
    committed = SDK_MD.read_text(encoding="utf-8") if SDK_MD.exists() else ""
    assert committed == render_sdk_reference(), (
        "docs/plugins/sdk.md is out of date with sdk/: run `mendian docs sdk` and commit the result"
    )


def test_everything_the_sdk_exports_has_a_docstring():
    assert undocumented() == [], "give these SDK exports a docstring (then run `mendian docs sdk`)"


def test_every_top_level_name_is_in_the_reference():
    text = render_sdk_reference()
    for name in sdk.__all__:
        assert f"### `{name}`" in text, name


def test_writing_twice_changes_nothing_the_second_time(tmp_path):
    path = tmp_path / "sdk.md"
    assert write_sdk_reference(path) is True
    assert write_sdk_reference(path) is False
