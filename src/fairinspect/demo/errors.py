class DemoRefused(Exception):
    """The demo will not load into (or wipe) this database, or cannot load what it was asked to; the
    message says what to do instead."""
