"""The JSON API's assembly: every app's router under /api/v1/, its error handling, and the links to its
documentation. It sits at the top of the stack, beside the URL root, as it names every app."""
