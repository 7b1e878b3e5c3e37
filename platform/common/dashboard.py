"""The staff dashboard's tiles, registered by each module in its AppConfig.ready().

A tile is a figure with a link to the filtered list behind it ("7 waiting to be handed over,
the oldest for 3 days" -> /mail/hand-over/). `render(request)` returns the tile's values or
None to stay hidden; it should cost one query. Optional `links`: [{"key", "label", "value",
"url"}] link parts of the figure to their own filters (helpdesk: unassigned, mine).

The client panel's home uses the same registry with `area=CLIENT_AREA` (level "client"):
"3 new letters", "1 unread message", "invoice due in 5 days", "booking tomorrow at 10:00".
A client-area render reads `request.membership.client_id` and must count only that
company's rows, through the owning module's selector.
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
    area: str = "staff"  # common.navigation.STAFF_AREA or CLIENT_AREA


_tiles: dict[str, DashboardTile] = {}


def dashboard_tile_register(tile: DashboardTile) -> None:
    _tiles[tile.key] = tile


def dashboard_tiles(*, request, area: str = "staff") -> list[dict]:
    shown = []
    for tile in sorted(_tiles.values(), key=lambda t: (t.order, t.key)):
        if tile.area != area or not membership_allows(request.membership, tile.level):
            continue
        values = tile.render(request)
        if values is not None:
            shown.append({"key": tile.key, "detail": "", "tone": "", **values})
    return shown
