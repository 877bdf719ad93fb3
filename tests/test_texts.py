"""The zh-CN and en catalogs must say the same things with the same placeholders."""

from __future__ import annotations

from string import Formatter

from safeduty.texts import CATALOGS, EN, ZH


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys() -> None:
    """Every sentence exists in both languages."""
    assert set(ZH) == set(EN)


def test_catalogs_have_the_same_placeholders() -> None:
    """A sentence fills the same values in both languages."""
    mismatched = {k for k in ZH if placeholders(ZH[k]) != placeholders(EN[k])}
    assert mismatched == set()


def test_only_the_two_languages_are_offered() -> None:
    """The config's language literals match the catalogs."""
    assert set(CATALOGS) == {"zh-CN", "en"}
