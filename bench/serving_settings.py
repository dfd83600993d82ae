"""Settings of the serving benchmark (bench/serving.py): the production settings plus a trivial floor page."""
from ucj_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.serving_urls"
