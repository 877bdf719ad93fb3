"""Every family of buttons has its own prefix, so no tap is routed to another's handler."""

from __future__ import annotations

from bot import callbacks, cover_buttons, hazard_buttons, incident_buttons


def test_button_prefixes_are_distinct() -> None:
    """A shared prefix sends one family's taps to the first handler registered for it."""
    prefixes = [
        callbacks.VERSION,
        callbacks.LINK,
        hazard_buttons.PREFIX,
        incident_buttons.INCIDENT,
        incident_buttons.GATE,
        cover_buttons.LEAVE,
        cover_buttons.COVER,
        cover_buttons.SWAP,
    ]
    assert len(set(prefixes)) == len(prefixes), prefixes
