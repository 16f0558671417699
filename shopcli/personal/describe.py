"""The profile in plain lines: what `shop profile show` and the chat's /profile print."""

from __future__ import annotations

from pathlib import Path

from shopcli.personal.profile import MARK_KINDS, Profile

PLAIN = "It ranks search results and never hides any; --no-profile turns it off for one command."


def profile_lines(profile: Profile, catalog: Path) -> list[str]:
    """'size    9 (any category)', 'likes   Hoka, blue', ... and the marks made in `catalog`."""
    rows = [
        ("size", ", ".join(f"{s} ({c or 'any category'})" for c, s in profile.sizes)),
        ("budget", ", ".join(f"${b:,.0f} ({c or 'any category'})" for c, b in profile.budgets)),
        ("likes", ", ".join((*profile.brands, *profile.colors))),
        ("avoids", ", ".join((*profile.avoid_brands, *profile.avoid_colors))),
    ]
    counts = {kind: len(profile.marked(catalog, kind)) for kind in MARK_KINDS}
    marks = (
        f"{counts['like']} liked, {counts['dislike']} disliked, {counts['save']} saved, "
        f"{counts['bought']} bought in {catalog.name}"
    )
    lines = [f"{label:<8}{value}" for label, value in rows if value] or ["(no preferences yet)"]
    return [*lines, f"{'marks':<8}{marks}", PLAIN]
