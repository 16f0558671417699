"""The phrase index the rule parser matches against, built once per Vocabulary.

Only values the catalog holds get an entry, so the parser works on any catalog: the lexicon's
synonyms map onto the vocabulary, and the vocabulary's own words are always matched literally.
The bilingual lexicon (shopcli/bilingual.py) adds every name of a product type or brand the catalog
holds in either language: "眼霜" finds the category "eye cream", "Estee Lauder" the brand "雅诗兰黛".
Audience words ("women's", "女士", "kids") are entries only when the catalog has an audience to match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from shopcli.bilingual import AUDIENCE_WORDS, BRANDS, PRODUCT_TYPES
from shopcli.schema import AUDIENCE_SUITS, Vocabulary
from shopcli.understand import lexicon as lx
from shopcli.understand import lexicon_zh as zh
from shopcli.understand.text import CJK, TOKEN, fold

Need = str  # "brand": an ambiguous brand word; "parent": its category named; "zh_color": one-char colour


@dataclass(frozen=True)
class Effect:
    kind: str  # category, subcategory, brand, color, audience, feature, sort, sort_weak, generic, lexicon
    # (generic: a noun saying "a product"; lexicon: a product type's name, matched whole so that its
    # words are not read apart, and left to become a keyword when the catalog has no such category)
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
    _add_audiences(raw, vocab)
    _add_features(raw, vocab)
    _add_combos(raw, vocab)
    for phrase, sort in (lx.SORT_EN | zh.SORT_ZH).items():
        _put(raw, phrase, Effect("sort_weak", sort[1:]) if sort.startswith("!") else Effect("sort", sort))
    for phrase in (*lx.GENERIC_EN, *zh.GENERIC_ZH):
        _put(raw, phrase, Effect("generic", phrase))
    _add_product_names(raw, vocab)
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


def _plural(category: str) -> str:
    """ "watch" -> "watches", "kurta" -> "kurtas": derived categories are often singular."""
    if CJK.search(category) or category.endswith("s") or not category[-1:].isalpha():
        return category
    return category + ("es" if category.endswith(("ch", "sh", "x")) else "s")


def _groups_of(value: str, groups: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """The bilingual groups that name `value` (Latin names compared by key, singular or plural)."""
    if CJK.search(value):
        return [g for g in groups if value in g]
    keys = {key(value), key(_singular(value))}
    return [g for g in groups if keys & {key(n) for n in g if not CJK.search(n)}]


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
        for phrase in {category, _singular(category), _plural(category)}:
            _put(raw, phrase, Effect("category", category))
        _add_bilingual(raw, category, "category")
    _add_aliases(raw, vocab.categories, (lx.CATEGORY_EN, zh.CATEGORY_ZH), "category")


def _add_bilingual(raw: dict, value: str, kind: str, need: Need | None = None) -> None:
    """Every name, in both languages, of the product type `value` is."""
    for group in _groups_of(value, PRODUCT_TYPES):
        for name in group:
            _put(raw, name, Effect(kind, value), need)


def _standalone(vocab: Vocabulary) -> frozenset[str]:
    """Subcategories that name their category on their own: several words ("air conditioners"), a
    plural noun or a known product type ("boots", "shorts", "口红"), or listed as such in the lexicon."""
    multi = {s for s in vocab.subcategories if len(TOKEN.findall(s)) > 1 or CJK.search(s)}
    nouns = {s for s in vocab.subcategories if _singular(s) != s or _groups_of(s, PRODUCT_TYPES)}
    return frozenset(
        ((multi | nouns) - lx.CONTEXT_SUBCATEGORIES)
        | (lx.STANDALONE_SUBCATEGORIES & set(vocab.subcategories))
    )


def _add_subcategories(raw: dict, vocab: Vocabulary) -> None:
    standalone = _standalone(vocab)
    for sub in vocab.subcategories:
        need = None if sub in standalone else "parent"
        for phrase in {sub, _singular(sub)}:
            _put(raw, phrase, Effect("subcategory", sub), need)
        _add_bilingual(raw, sub, "subcategory", need)
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
        for group in _groups_of(brand.lower(), BRANDS):  # 雅诗兰黛 <-> Estée Lauder
            for alias in group:
                word = fold(alias)
                ambiguous = word in lx.AMBIGUOUS_BRANDS or (word in ordinary and " " not in word)
                _put(raw, alias, Effect("brand", brand), "brand" if ambiguous else None)


_PRODUCT_NAMES = frozenset(fold(n) for group in PRODUCT_TYPES for n in group)


def _add_product_names(raw: dict, vocab: Vocabulary) -> None:
    """Product names of the lexicon, matched whole: "running shoes" is one thing, not shoes that run
    (what a catalog calls it becomes a category where it has one, else a name results must hold)."""
    for name in _PRODUCT_NAMES:
        _put(raw, name, Effect("lexicon", name))


def _add_colors(raw: dict, vocab: Vocabulary) -> None:
    known = _lookup(vocab.colors)
    for name in vocab.colors:
        _put(raw, name, Effect("color", name))
    # "chocolate" and "coffee" name products before colours: in a grocery they are not brown
    shades = {c: tuple(a for a in names if fold(a) not in _PRODUCT_NAMES) for c, names in lx.COLOR_EN.items()}
    _add_aliases(raw, vocab.colors, (shades,), "color")
    for canonical, aliases in zh.COLOR_ZH.items():
        if (color := known.get(key(canonical))) is not None:
            for alias in aliases:
                _put(raw, alias + "色", Effect("color", color))
                if alias not in zh.COLOR_ZH_NEEDS_SUFFIX:
                    _put(raw, alias, Effect("color", color), "zh_color" if len(alias) == 1 else None)


# "man" and "woman" alone are too often something else ("Iron Man"); "men", "women's" are not
_AUDIENCE_SKIP = frozenset({"man", "woman", "lady", "male", "female", "boy", "girl", "kid"})


def _add_audiences(raw: dict, vocab: Vocabulary) -> None:
    """Audience words, for audiences this catalog has products for."""
    held = set(vocab.audiences)
    for audience, words in AUDIENCE_WORDS.items():
        if audience != "unisex" and held & set(AUDIENCE_SUITS.get(audience, ())):
            for word in words:
                if word not in _AUDIENCE_SKIP:
                    _put(raw, word, Effect("audience", audience))


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
