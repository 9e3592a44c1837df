"""The settings `bench/public_pages.py` serves with: fairinspect's own, with one URL more (bare_site_urls)."""

from fairinspect.settings import *  # noqa: F403

ROOT_URLCONF = "bare_site_urls"
