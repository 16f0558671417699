"""The phrase index the rule parser matches against, built once per Vocabulary.

Only values the catalog holds get an entry, so the parser works on any catalog: the lexicon's
synonyms map onto the vocabulary, and the vocabulary's own words are always matched literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from shopcli.schema import Vocabulary
from shopcli.understand import lexicon as lx
from shopcli.understand import lexicon_zh as zh
from shopcli.understand.text import CJK, TOKEN, fold

Need = str  # "brand": an ambiguous brand word; "parent": its category named; "zh_color": one-char colour


@dataclass(frozen=True)
class Effect:
    kind: str  # category, subcategory, brand, color, feature, sort, sort_weak, generic
    value: str


@dataclass(frozen=True)
class Entry:
    effects: tuple[Effect, ...]  # what the phrase means when its condition fails or it has none
    conditional: tuple[Effect, ...] = ()  # what it means when `need` is met
    need: Need | None = None


@dataclass(frozen=True)
class Index:
    en: Mapping[tuple[str, ...], Entry]
    en_max: int
    zh: Mapping[str, Entry]
    zh_max: int
    zh_first: frozenset[str]
    parents: Mapping[str, tuple[str, ...]]  # subcategory -> its categories
    standalone: frozenset[str]  # subcategories that name their category on their own
    fuzzy_brands: Mapping[str, str]  # squashed brand name -> brand, for typo matching


def key(text: str) -> str:
    """Lower-case letters and digits only: "Levi's" and "levis" share one key."""
    return "".join(TOKEN.findall(fold(text)))


@lru_cache(maxsize=16)
def build_index(vocab: Vocabulary) -> Index:
    """The index for one vocabulary (cached: vocabularies are frozen and hashable)."""
    raw: dict[str, list[tuple[Effect, Need | None]]] = {}
    _add_categories(raw, vocab)
    _add_subcategories(raw, vocab)
    _add_brands(raw, vocab)
    _add_colors(raw, vocab)
    _add_features(raw, vocab)
    _add_combos(raw, vocab)
    for phrase, sort in (lx.SORT_EN | zh.SORT_ZH).items():
        _put(raw, phrase, Effect("sort_weak", sort[1:]) if sort.startswith("!") else Effect("sort", sort))
    for phrase in (*lx.GENERIC_EN, *zh.GENERIC_ZH):
        _put(raw, phrase, Effect("generic", phrase))
    return _finish(raw, vocab)


def _finish(raw: Mapping[str, list[tuple[Effect, Need | None]]], vocab: Vocabulary) -> Index:
    en: dict[tuple[str, ...], Entry] = {}
    zh: dict[str, Entry] = {}
    for phrase, items in raw.items():
        plain = tuple(dict.fromkeys(e for e, need in items if need is None))
        cond = tuple(dict.fromkeys(e for e, need in items if need is not None))
        entry = Entry(plain, cond, next((n for _, n in items if n is not None), None))
        if CJK.search(phrase):
            zh[phrase] = entry
        else:
            for variant in _variants(phrase):
                en.setdefault(variant, entry)
    parents: dict[str, tuple[str, ...]] = {}
    for category, subs in vocab.subcategories_of:
        for sub in subs:
            parents[sub] = (*parents.get(sub, ()), category)
    return Index(
        en=en, en_max=max((len(k) for k in en), default=1), zh=zh, zh_max=max(map(len, zh), default=1),
        zh_first=frozenset(k[0] for k in zh), parents=parents, standalone=_standalone(vocab),
        fuzzy_brands={key(b): b for b in vocab.brands if len(key(b)) >= 4},
    )  # fmt: skip


def _variants(phrase: str) -> list[tuple[str, ...]]:
    """Token keys for an English phrase: "t-shirt" is ("t", "shirt") and also ("tshirt",)."""
    toks = tuple(TOKEN.findall(phrase))
    joined = "".join(toks)
    # "h&m" must not also be "hm": a squashed form only when it is long enough to be unmistakable
    return [toks, (joined,)] if len(toks) > 1 and len(joined) >= 4 else [toks] if toks else []


def _put(
    raw: dict[str, list[tuple[Effect, Need | None]]], phrase: str, effect: Effect, need: Need | None = None
) -> None:
    phrase = fold(phrase).strip()
    if phrase:
        raw.setdefault(phrase, []).append((effect, need))


def _lookup(values: Iterable[str]) -> dict[str, str]:
    return {key(v): v for v in values}


def _singular(category: str) -> str:
    head, _, last = category.rpartition(" ")
    for plural, single in (("ches", "ch"), ("shes", "sh"), ("sses", "ss"), ("xes", "x"), ("s", "")):
        if last.endswith(plural) and len(last) > len(plural) + 1:
            return f"{head} {last[: -len(plural)] + single}".strip()
    return category


def _add_aliases(
    raw: dict, values: Iterable[str], tables: Iterable[Mapping[str, tuple[str, ...]]], kind: str
) -> None:
    """Each table's aliases for the values this vocabulary holds, matched by key ("T-Shirts" = "t-shirts")."""
    known = _lookup(values)
    for table in tables:
        for canonical, aliases in table.items():
            value = known.get(key(canonical))
            if value is None:
                continue
            for alias in aliases:
                _put(raw, alias, Effect(kind, value))


def _add_categories(raw: dict, vocab: Vocabulary) -> None:
    for category in vocab.categories:
        for phrase in {category, _singular(category)}:
            _put(raw, phrase, Effect("category", category))
    _add_aliases(raw, vocab.categories, (lx.CATEGORY_EN, zh.CATEGORY_ZH), "category")


def _standalone(vocab: Vocabulary) -> frozenset[str]:
    multi = {s for s in vocab.subcategories if len(TOKEN.findall(s)) > 1}
    return frozenset(
        (multi - lx.CONTEXT_SUBCATEGORIES) | (lx.STANDALONE_SUBCATEGORIES & set(vocab.subcategories))
    )


def _add_subcategories(raw: dict, vocab: Vocabulary) -> None:
    standalone = _standalone(vocab)
    for sub in vocab.subcategories:
        _put(raw, sub, Effect("subcategory", sub), None if sub in standalone else "parent")
    _add_aliases(raw, vocab.subcategories, (lx.SUBCATEGORY_EN, zh.SUBCATEGORY_ZH), "subcategory")


def _add_brands(raw: dict, vocab: Vocabulary) -> None:
    ordinary = lx.STOPWORDS_EN | lx.GENERIC_EN | set(lx.COLOR_EN) | set(lx.FEATURE_EN)
    for brand in vocab.brands:
        canonical = next((b for b in (*lx.BRAND_EN, *zh.BRAND_ZH) if key(b) == key(brand)), brand)
        for alias in (brand, *lx.BRAND_EN.get(canonical, ())):
            word = fold(alias)
            ambiguous = word in lx.AMBIGUOUS_BRANDS or (word in ordinary and " " not in word)
            _put(raw, alias, Effect("brand", brand), "brand" if ambiguous else None)
        for alias in zh.BRAND_ZH.get(canonical, ()):
            _put(raw, alias, Effect("brand", brand))


def _add_colors(raw: dict, vocab: Vocabulary) -> None:
    known = _lookup(vocab.colors)
    for name in vocab.colors:
        _put(raw, name, Effect("color", name))
    _add_aliases(raw, vocab.colors, (lx.COLOR_EN,), "color")
    for canonical, aliases in zh.COLOR_ZH.items():
        if (color := known.get(key(canonical))) is not None:
            for alias in aliases:
                _put(raw, alias + "色", Effect("color", color))
                if alias not in zh.COLOR_ZH_NEEDS_SUFFIX:
                    _put(raw, alias, Effect("color", color), "zh_color" if len(alias) == 1 else None)


def _add_features(raw: dict, vocab: Vocabulary) -> None:
    _add_aliases(raw, vocab.tags, (lx.FEATURE_EN, zh.FEATURE_ZH), "feature")
    for tag in vocab.tags:  # a tag that is also a category name ("speakers") stays the category
        if not any(e.kind == "category" for e, _ in raw.get(fold(tag), [])):
            _put(raw, tag, Effect("feature", tag))


def _add_combos(raw: dict, vocab: Vocabulary) -> None:
    known = {
        "category": _lookup(vocab.categories), "subcategory": _lookup(vocab.subcategories),
        "brand": _lookup(vocab.brands), "feature": _lookup(vocab.tags),
    }  # fmt: skip
    for phrase, parts in (lx.COMBOS_EN | zh.COMBOS_ZH).items():
        effects = []
        for part in parts:
            kind, _, value = part.partition(":")
            if (found := known[kind].get(key(value))) is not None:
                effects.append(Effect(kind, found))
        if effects:
            raw[fold(phrase)] = [(e, None) for e in effects]  # a product line beats its words' meanings
