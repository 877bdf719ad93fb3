"""Re-read the config on /reload or SIGHUP; a broken file is refused and the old one runs on."""

from __future__ import annotations

import logging

from bot.services import Services
from safeduty.config import ConfigError, load_config
from safeduty.storage import duties

log = logging.getLogger("safeduty.reload")


def reload_config(services: Services) -> list[str]:
    """Swap in the config file's current content; return its problems (empty on success).

    Occurrences that have not started yet are dropped so the next tick plans them from the
    new rules; anything already reminded keeps the rules it was snapshotted with.
    """
    if services.config_path is None:
        return ["(no config file to reload)"]
    try:
        config = load_config(services.config_path)
    except ConfigError as exc:
        log.error("reload refused, %d problem(s); keeping the old config", len(exc.problems))
        return exc.render()
    services.config = config
    with services.session() as session:
        dropped = duties.drop_unstarted(session=session, after=services.clock.now())
    log.info(
        "config reloaded from %s; %d unstarted occurrence(s) re-planned",
        services.config_path,
        dropped,
    )
    return []
