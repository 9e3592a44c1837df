from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """collectstatic's output in production: each file also under a name with a hash of its content, which WhiteNoise
    serves with far-future caching (a changed file gets a new name), compressed (gzip) beside it. `web/init.js`'s
    import of GOV.UK Frontend's module is rewritten to that module's hashed name too, so that it is cached alike."""

    support_js_module_import_aggregation = True


# What of GOV.UK Frontend's package the pages do not load: its Sass sources, Nunjucks templates, per-component and
# ES-module builds. The pages load the compiled CSS and the bundled module (each with the source map it names) and
# the assets (fonts, images, the manifest), so collectstatic leaves the rest out: some 800 files fewer to hash and
# compress at every start of `fairinspect serve` (with brotli, which WeasyPrint brings in, 42 s of CPU fell to 6 s
# with this and the source maps left uncompressed).
NOT_COLLECTED = [
    "components", "core", "common", "custom-properties", "errors", "helpers", "macros", "objects", "overrides",
    "settings", "tools", "utilities", "*.scss", "*.njk", "*.mjs", "*.mjs.map", "all.*",
    # django-ninja's ReDoc build: the API's documentation page is its Swagger UI.
    "redoc.*",
]  # fmt: skip
