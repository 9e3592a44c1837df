from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """collectstatic's output in production: each file also under a name with a hash of its content, which WhiteNoise
    serves with far-future caching (a changed file gets a new name), compressed (gzip) beside it. `web/init.js`'s
    import of GOV.UK Frontend's module is rewritten to that module's hashed name too, so that it is cached alike."""

    support_js_module_import_aggregation = True
