"""Settings of the serving benchmarks (bench/serving.py, bench/load.py): the production settings plus the floor
pages (bench/serving_urls.py) and their template."""
from ucj_site.settings import *  # noqa: F403
from ucj_site.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.serving_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
