"""The static files' storages, with each file's URL worked out once per process.

`{% static %}` asks the storage for a URL on every use: with the manifest (production) that
is a name clean-up, a manifest lookup and a URL join, 25-40 us each, and a page uses eight
or more. A file's URL cannot change while a process runs (the manifest is read once at
start; without it the URL is the name), so it is kept after the first ask."""

from __future__ import annotations

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class _RememberedURLs:
    def url(self, name, *args, **kwargs):
        if args or kwargs:  # force=True and the like: as asked, not remembered
            return super().url(name, *args, **kwargs)
        urls = self.__dict__.setdefault("_urls", {})
        found = urls.get(name)
        if found is None:
            found = urls[name] = super().url(name)
        return found


class LocalStaticStorage(_RememberedURLs, StaticFilesStorage):
    """Development and tests: the files as they are."""


class ManifestStaticStorage(_RememberedURLs, CompressedManifestStaticFilesStorage):
    """Production: hashed names from the manifest, compressed copies for WhiteNoise."""
