from types import SimpleNamespace

from common import dashboard
from common.dashboard import DashboardTile, dashboard_tile_register, dashboard_tiles
from common.navigation import CLIENT_AREA


def _tile(label):
    return lambda request: {"label": label, "value": 1, "url": "/"}


def test_a_tile_shows_only_in_its_own_area(monkeypatch):
    monkeypatch.setattr(dashboard, "_tiles", {})
    monkeypatch.setattr(dashboard, "membership_allows", lambda membership, level: True)
    dashboard_tile_register(DashboardTile("x.staff", 1, _tile("S")))
    client_tile = DashboardTile("x.client", 1, _tile("C"), level="client", area=CLIENT_AREA)
    dashboard_tile_register(client_tile)
    request = SimpleNamespace(membership=None)

    assert [t["key"] for t in dashboard_tiles(request=request)] == ["x.staff"]
    assert [t["key"] for t in dashboard_tiles(request=request, area=CLIENT_AREA)] == ["x.client"]
