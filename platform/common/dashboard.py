"""The staff dashboard's tiles, registered by each module in its AppConfig.ready().

A tile is a figure with a link to the filtered list behind it ("7 waiting to be handed over,
the oldest for 3 days" -> /mail/hand-over/). `render(request)` returns the tile's values or
None to stay hidden; it should cost one query. Rooms, invoices and the helpdesk add theirs
when they land.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.access import membership_allows


@dataclass(frozen=True)
class DashboardTile:
    key: str
    order: int
    # request -> {"label", "value", "url", "detail" (optional), "tone" (optional:
    # "warning"/"danger" when something is late)} or None
    render: Callable
    level: str = "staff"


_tiles: dict[str, DashboardTile] = {}


def dashboard_tile_register(tile: DashboardTile) -> None:
    _tiles[tile.key] = tile


def dashboard_tiles(*, request) -> list[dict]:
    shown = []
    for tile in sorted(_tiles.values(), key=lambda t: (t.order, t.key)):
        if not membership_allows(request.membership, tile.level):
            continue
        values = tile.render(request)
        if values is not None:
            shown.append({"key": tile.key, "detail": "", "tone": "", **values})
    return shown
