"""Settings of the test servers: Lotse's own, plus one URL that queues the probe job (tests/ops/server_urls.py)."""

from lotse.settings import *  # noqa: F403

ROOT_URLCONF = "tests.ops.server_urls"
