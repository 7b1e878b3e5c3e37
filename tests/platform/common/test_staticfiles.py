"""common.staticfiles: a static file's URL is worked out once per process."""

from django.contrib.staticfiles.storage import StaticFilesStorage, staticfiles_storage
from django.template import engines

from common.staticfiles import LocalStaticStorage, ManifestStaticStorage


def test_a_static_url_is_worked_out_once(monkeypatch):
    storage = LocalStaticStorage()
    asked = []
    original = StaticFilesStorage.url

    def counted(self, name, *args, **kwargs):
        asked.append(name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(StaticFilesStorage, "url", counted)
    assert storage.url("css/vireo.css") == storage.url("css/vireo.css") == "/static/css/vireo.css"
    assert asked == ["css/vireo.css"]


def test_the_static_tag_uses_the_storage_of_the_settings():
    rendered = engines["django"].from_string("{% load static %}{% static 'css/vireo.css' %}")
    assert rendered.render({}) == "/static/css/vireo.css"
    assert isinstance(staticfiles_storage._wrapped, (LocalStaticStorage, ManifestStaticStorage))
