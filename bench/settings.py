"""Settings for the page benchmark: the real settings plus a bare baseline view."""

from cooperation.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
AXES_ENABLED = False  # the benchmark logs in once per client; throttling is tested elsewhere
