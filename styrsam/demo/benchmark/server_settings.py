"""Settings of the load test's server (``styrsam.demo.benchmark.load``): Styrsam's production
settings, as ``styrsam serve`` runs them (``STYRSAM_ENV=production``: DEBUG off, the cached
template loader, persistent database connections with health checks, WhiteNoise with the
collected static files), with the baselines' URLconf beside every page. Two changes only,
for plain HTTP on the loopback: no redirect to HTTPS (which a proxy in front would answer)
and 127.0.0.1 as the allowed host. ``DEBUG`` from the environment is ignored: production
never runs with it. The load test gives the server its own ``SECRET_KEY`` and
``STATIC_ROOT``."""

import os

os.environ["STYRSAM_ENV"] = "production"
os.environ.pop("DEBUG", None)

from styrsam.settings import *  # noqa: E402, F403

ROOT_URLCONF = "styrsam.demo.benchmark.baseline_urls"
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
