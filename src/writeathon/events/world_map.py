"""The finder's world overview: a map drawn on the server from the world map shipped in the
`pygal_maps_world` package (an SVG of every country, keyed by ISO code; LGPL-3.0-or-later).

Nothing is fetched from the web, by the server or the reader's browser: the countries with
listed events are filled by how many they have, and the page shows the same numbers in a
table beside the map.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

# Shades for 0, 1, 2-4, 5-9 and 10 or more events: light to dark, each with enough
# contrast against the next for the reader to tell them apart.
SHADES = ("#e8e8e8", "#fff1a8", "#ffd400", "#d9a400", "#8a6a00")
BORDER = "#ffffff"

_COUNTRY = re.compile(r'<g class="([a-z]{2}) country map-element">(.*?)</g>', re.DOTALL)


@lru_cache(maxsize=1)
def _shapes() -> tuple[str, list[tuple[str, str]]]:
    """The map's viewBox and each country's paths, read once from the package."""
    text = (resources.files("pygal_maps_world") / "worldmap.svg").read_text(encoding="utf-8")
    view_box = re.search(r'viewBox="([^"]+)"', text)
    return (
        view_box.group(1) if view_box else "0 0 2475 1388",
        [(code, paths) for code, paths in _COUNTRY.findall(text)],
    )


def shade_of(count: int) -> str:
    if count <= 0:
        return SHADES[0]
    if count == 1:
        return SHADES[1]
    if count < 5:
        return SHADES[2]
    if count < 10:
        return SHADES[3]
    return SHADES[4]


def world_map_svg(*, counts: dict[str, int], names: dict[str, str], title: str) -> str:
    """The world map with each country filled by its number of events (`counts`, ISO codes
    in any case), each with a tooltip of `names` (its name and count, in the reader's
    language)."""
    view_box, shapes = _shapes()
    by_code = {code.lower(): count for code, count in counts.items()}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    for code, paths in shapes:
        count = by_code.get(code, 0)
        label = names.get(code.upper(), "")
        tooltip = f"<title>{escape(label)}</title>" if label else ""
        parts.append(
            f'<g fill="{shade_of(count)}" stroke="{BORDER}" stroke-width="0.5">{tooltip}{paths}</g>'
        )
    parts.append("</svg>")
    return "".join(parts)
