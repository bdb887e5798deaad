"""Settings for `make bench` only: production settings plus two floor views."""

from reconnect.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
