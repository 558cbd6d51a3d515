"""Settings of the load test's server (``styrsam.demo.benchmark.load``): Styrsam's own,
with the baselines' URLconf beside every page."""

from styrsam.settings import *  # noqa: F403

ROOT_URLCONF = "styrsam.demo.benchmark.baseline_urls"
