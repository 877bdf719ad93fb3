"""Re-read the config on /reload or SIGHUP; a broken file is refused and the old one runs on."""

from __future__ import annotations

import logging

from safeduty.commands.planning import plan_ahead
from safeduty.commands.process import config_loaded
from safeduty.config import ConfigError, load_config_file
from safeduty.services import Services

log = logging.getLogger("safeduty.reload")


def reload_config(services: Services, *, actor: str = "system") -> list[str]:
    """Swap in the config file's current content; return its problems (empty on success).

    Occurrences that have not started yet follow the new rules at once; anything already
    reminded keeps the rules it was snapshotted with.
    """
    if services.config_path is None:
        return ["(no config file to reload)"]
    try:
        config, digest = load_config_file(services.config_path)
    except ConfigError as exc:
        log.error("reload refused, %d problem(s); keeping the old config", len(exc.problems))
        return exc.render()
    services.config, services.config_sha256 = config, digest
    now = services.clock.now()
    with services.session() as session:
        config_loaded(
            session, path=services.config_path, sha256=digest, reloaded=True, actor=actor, now=now
        )
    changed = plan_ahead(services, now)
    log.info("config reloaded from %s; %d occurrence(s) re-planned", services.config_path, changed)
    return []
