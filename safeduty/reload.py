"""Re-read the config on /reload or SIGHUP; a broken file is refused and the old one runs on."""

from __future__ import annotations

import logging

from safeduty.commands.planning import plan_ahead
from safeduty.commands.process import config_loaded, file_sha256
from safeduty.config import ConfigError, load_config
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
        config = load_config(services.config_path)
        digest = file_sha256(services.config_path)
    except ConfigError as exc:
        log.error("reload refused, %d problem(s); keeping the old config", len(exc.problems))
        return exc.render()
    except OSError as exc:
        log.error("reload refused: %s; keeping the old config", exc)
        return [f"{services.config_path}: {exc.strerror or exc}"]
    services.config = config
    now = services.clock.now()
    with services.session() as session:
        config_loaded(
            session, path=services.config_path, sha256=digest, reloaded=True, actor=actor, now=now
        )
    changed = plan_ahead(services, now)
    log.info("config reloaded from %s; %d occurrence(s) re-planned", services.config_path, changed)
    return []
