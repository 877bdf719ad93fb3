"""After every good tick, request the configured heartbeat URL, so a dead bot is noticed.

Any HTTP GET endpoint works (a Healthchecks check, an uptime monitor): it alerts when the
pings stop. A failed ping is logged and never stops the tick.
"""

from __future__ import annotations

import logging

import aiohttp

log = logging.getLogger("safeduty.heartbeat")
TIMEOUT = aiohttp.ClientTimeout(total=10)


async def ping(url: str) -> bool:
    """GET ``url``; whether it answered with a success status."""
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as client, client.get(url) as response:
            if response.status < 400:
                return True
            log.warning("heartbeat %s answered %s", url, response.status)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("heartbeat %s failed: %s", url, exc)
    return False
