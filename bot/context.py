"""Our typed services in every PTB callback, through ``context.bot_data``."""

from __future__ import annotations

from telegram.ext import CallbackContext, ExtBot

from safeduty.services import Services


def bound_type(services: Services) -> type[Services]:
    """A ``bot_data`` type for ``ContextTypes`` whose construction returns ``services``.

    PTB builds ``bot_data`` by calling the type with no arguments; returning the existing
    object from ``__new__`` hands our typed services to every callback without string keys.
    """

    class Bound(Services):
        def __new__(cls) -> Services:  # type: ignore[misc]  # deliberately returns the shared object
            return services

    return Bound


Context = CallbackContext[ExtBot[None], dict, dict, Services]  # type: ignore[type-arg]  # PTB's dict defaults
