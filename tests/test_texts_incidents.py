"""The incidents' catalogs are merged into the main ones without replacing a sentence."""

from __future__ import annotations

import pytest

from safeduty import texts_incidents
from safeduty.texts import EN, ZH, _adding


def test_a_feature_catalog_may_not_redefine_a_sentence() -> None:
    """Merging a key that exists already is refused, so no feature rewords another's text."""
    base = {"ledger_details": "说明"}
    with pytest.raises(ValueError, match=r"texts defined twice: \['ledger_details'\]"):
        _adding(base, {"ledger_details": "隐患描述"})
    assert base == {"ledger_details": "说明"}


def test_every_incident_sentence_is_in_both_languages_and_in_force() -> None:
    """The same keys in zh-CN and en, and each is what ``t`` finds."""
    assert set(texts_incidents.ZH) == set(texts_incidents.EN)
    assert all(ZH[k] == v for k, v in texts_incidents.ZH.items())
    assert all(EN[k] == v for k, v in texts_incidents.EN.items())
