"""Settings of the server bench/cases.py starts: Lotse's own settings with a URLconf that adds a bare view."""

from lotse.settings import *  # noqa: F403

ROOT_URLCONF = "server_urls"
