import os

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, also serving GOV.UK Frontend's fonts and images at /assets/.

    The package's precompiled stylesheet asks for them there (its $govuk-assets-path is "/assets/"), which is
    where GOV.UK Frontend's documentation says to serve them; compiling our own stylesheet from Sass to move
    them would add a build step for nothing.
    """

    def __init__(self, get_response=None, settings=django_settings):
        super().__init__(get_response, settings)
        self.add_files(self._govuk_assets(), prefix="/assets/")

    def _govuk_assets(self) -> str:
        """Where GOV.UK Frontend's assets are: as collectstatic copied them (in production, where node_modules
        need not be), or else where the finders find them (the demo, tests)."""
        if self.static_root:
            collected = os.path.join(self.static_root, "govuk", "assets")
            if os.path.isdir(collected):
                return collected
        found = finders.find("govuk/assets")
        if found is None:
            raise ImproperlyConfigured(
                "GOV.UK Frontend's assets are neither collected (STATIC_ROOT/govuk/assets) nor among the static "
                "files (govuk/assets): run collectstatic, or install the npm packages with scripts/bootstrap"
            )
        return found

    def add_files(self, root, prefix=None):
        # Without collectstatic's output (the demo, tests) the finders serve everything: WhiteNoise would
        # otherwise warn on every start that STATIC_ROOT does not exist.
        if self.use_finders and root == self.static_root and not os.path.isdir(root):
            return
        super().add_files(root, prefix)
