"""The settings `bench/public_pages.py` serves with: fairinspect's own, with one URL more (bare_site_urls), and static
files collected as production collects them (hashed names, gzip copies) but without the brotli copies.

`fairinspect serve` collects the static files at every start, into the run's own scratch folder here. Brotli at its
highest quality over GOV.UK Frontend's 4,800 or so files took most of a minute of CPU each time, longer than the
rest of a quick run; the benchmarks measure pages, never the static files, so the copies only cost time."""

from whitenoise.compress import Compressor

from fairinspect.settings import *  # noqa: F403
from fairinspect.web.storage import StaticFilesStorage as ProductionStaticFilesStorage

ROOT_URLCONF = "bare_site_urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bare_site.StaticFilesStorage"}}  # noqa: F405


class StaticFilesStorage(ProductionStaticFilesStorage):
    def create_compressor(self, **kwargs) -> Compressor:
        return Compressor(**kwargs, use_brotli=False)
