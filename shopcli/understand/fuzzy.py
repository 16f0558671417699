"""Brand and category names with typos: "addidas", "samsng", "nkie", "new balanse", "labtop".

Only leftover words (not already a catalog word, not a stop word, not an ordinary English word near a
name) are tried, and only tightly: same first letter; a 4-letter name only by swapping two
neighbouring letters ("nkie", never "nice"); 5-8 letters one edit; 9 or more two edits.
Categories are corrected only from words of 6 letters or more.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from shopcli.understand import lexicon as lx
from shopcli.understand.index import Index, key
from shopcli.understand.text import fold


def _close(word: str, name: str) -> bool:
    if word[0] != name[0] or abs(len(word) - len(name)) > 2:
        return False
    distance = OSA.distance(word, name)
    if len(name) == 4:
        return distance == 1 and sorted(word) == sorted(name)
    return distance <= (1 if len(name) <= 8 else 2)


def _ordinary(word: str, index: Index) -> bool:
    return word in lx.STOPWORDS_EN or word in lx.NEVER_FUZZY or (word,) in index.en


def fuzzy_brands(words: list[tuple[str, int, int]], index: Index) -> list[tuple[str, tuple[int, int]]]:
    """(brand, span) for leftover words, or two neighbouring words, that are a brand misspelt."""
    names = _names(index)
    found: list[tuple[str, tuple[int, int]]] = []
    i = 0
    while i < len(words):
        pair = words[i : i + 2]
        if (
            len(pair) == 2
            and pair[1][1] - pair[0][2] <= 1
            and not all(_ordinary(w, index) for w, _, _ in pair)
        ):
            joined = pair[0][0] + pair[1][0]
            if brand := _best(joined, names, minimum=8):
                found.append((brand, (pair[0][1], pair[1][2])))
                i += 2
                continue
        word, start, end = words[i]
        if len(word) >= 4 and word.isalpha() and not _ordinary(word, index):
            if brand := _best(word, names, minimum=4):
                found.append((brand, (start, end)))
        i += 1
    return found


def fuzzy_categories(words: list[tuple[str, int, int]], index: Index) -> list[tuple[str, tuple[int, int]]]:
    """(category, span) for leftover words that are a category word misspelt ("headfones")."""
    names = {
        phrase[0]: effect.value
        for phrase, entry in index.en.items()
        if len(phrase) == 1 and len(phrase[0]) >= 6
        for effect in entry.effects
        if effect.kind == "category"
    }
    found = []
    for word, start, end in words:
        if len(word) >= 6 and word.isalpha() and not _ordinary(word, index):
            if category := _best(word, names, minimum=6):
                found.append((category, (start, end)))
    return found


def _best(word: str, names: dict[str, str], *, minimum: int) -> str | None:
    matches = [(OSA.distance(word, n), n) for n in names if len(n) >= minimum and _close(word, n)]
    return names[min(matches)[1]] if matches else None


def _names(index: Index) -> dict[str, str]:
    """Squashed brand names and aliases -> brand; ambiguous words are never typo targets."""
    names = {k: b for k, b in index.fuzzy_brands.items() if k not in lx.AMBIGUOUS_BRANDS}
    for brand in set(index.fuzzy_brands.values()):
        for alias in lx.BRAND_EN.get(brand, ()):
            squashed = key(fold(alias))
            if len(squashed) >= 4 and squashed not in lx.AMBIGUOUS_BRANDS:
                names.setdefault(squashed, brand)
    return names
