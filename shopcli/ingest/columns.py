"""Which source column becomes which contract field, judged by its header (profile.py judges values).

A header is read as words: case, separators and camelCase split ("Product_Brand", "prodName",
"PrimaryColor"), a Shopify-style "(product.metafields...)" tail dropped, qualifiers that say nothing
("product", "item", "variant", "primary", "main", "Google Shopping") dropped, and a currency in it
("Price (INR)", "price_usd", "售价(元)") kept aside as what that column's bare numbers are in. What is
left is looked up in SYNONYMS (English, Chinese, and the German and French of some shop admins).

Prices: a *selling* price column ("Selling Price", "sale_price", "discounted_price") becomes `price`;
a *list* price ("List Price", "MRP", "market_price", "Compare At Price") becomes `original_price` when a
selling or plain "price" column exists, else `price`. A plain "price" next to a selling price is the
original price. Category columns may be several, broadest first ("main_category", "sub_category",
"type"): together they are one category path. A shop-name column ("店名", "seller") is the brand only
when its values read like brands (profile.py decides).
"""

from __future__ import annotations

import re
import unicodedata

from shopcli.errors import ImportError_, UsageError
from shopcli.schema import COLUMNS

IGNORE = "-"  # `--map COLUMN=-` leaves a column out
SHOP = "shop"  # not a field: a shop-name column, the brand when its values look like brands


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# field -> header words (joined, lower case), best first
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": _names(
        "id productid itemid handle asin sku uniqid uniqueid pid styleid skuid "
        "商品id 商品编号 货号 编号 宝贝id"
    ),
    "name": _names(
        "productname name title producttitle itemname itemtitle product prodname displayname "
        "productdisplayname "
        "商品名称 名称 商品名 品名 标题 宝贝标题 商品标题 商品 名字"
    ),
    "brand": _names("brandname brand manufacturer maker vendor marke marque 品牌 品牌名称 厂商 制造商"),
    SHOP: _names("shop shopname store storename seller sellername 店名 店铺 店铺名称 商家 卖家"),
    "color": _names("colour color colourname colorname basecolour basecolor 颜色 颜色分类 farbe couleur"),
    "size": _names("size sizes 尺码 尺寸 规格 größe grosse taille"),
    "material": _names("material materials fabric 材质 面料 stoff matiere"),
    "rating": _names(
        "rating ratings stars averagerating avgrating starrating overallrating reviewrating 评分 星级"
    ),
    "review_count": _names(
        "ratingscount ratingcount numberofratings numratings noofratings reviewcount reviewscount "
        "numberofreviews numreviews totalreviews reviews commentcount comments "
        "评论数 评价数 评论 评价人数 累计评价"
    ),
    "stock": _names(
        "stock quantity qty inventory inventoryqty stockquantity availablequantity availability 库存"
    ),
    "description": _names(
        "aboutproduct productdescription description desc details productdetails bodyhtml body "
        "商品描述 描述 详情 商品详情"
    ),
    "tags": _names("tags keywords tag 标签 关键词"),
    "currency": _names("currency currencycode 币种 货币"),
    "audience": _names(
        "gender targetgender idealfor audience sex zielgeschlecht genre 性别 适用人群 适用性别 人群"
    ),
}
# Category columns by level: 0 broadest ("main_category"), 1 ("sub_category"), 2 the product type.
CATEGORY_LEVELS: tuple[tuple[str, ...], ...] = (
    _names(
        "category categories categorypath categorytree categoryname categorytreepath categoryhierarchy "
        "breadcrumbs breadcrumb department topcategory 类别 分类 类目 品类 一级类目 一级分类"
    ),
    _names("subcategory subcategories subcategoryname secondarycategory 子类别 子分类 二级分类 二级类目"),
    _names("type producttype itemtype articletype 商品类型 类型 三级类目"),
)
SELLING_PRICE = _names(
    "sellingprice saleprice discountedprice discountprice offerprice currentprice finalprice dealprice "
    "specialprice 售价 现价 促销价 折后价 到手价 券后价"
)
PLAIN_PRICE = _names("price unitprice variantprice 价格 单价 价钱 一口价 preis prix")
LIST_PRICE = _names(
    "listprice originalprice retailprice regularprice msrp mrp actualprice wasprice compareatprice "
    "marketprice 原价 市场价 吊牌价 划线价 专柜价 参考价"
)
_QUALIFIERS = frozenset("product products item items prod variant primary main google shopping".split())
# header word -> ISO 4217 code: "Price (INR)", "price_usd", "价格(元)"
HEADER_CURRENCIES: dict[str, str] = {
    "usd": "USD", "$": "USD", "cny": "CNY", "rmb": "CNY", "¥": "CNY", "元": "CNY", "inr": "INR", "₹": "INR",
    "rs": "INR", "eur": "EUR", "€": "EUR", "gbp": "GBP", "£": "GBP", "jpy": "JPY", "krw": "KRW", "hkd": "HKD",
    "aud": "AUD", "cad": "CAD", "sgd": "SGD", "chf": "CHF",
}  # fmt: skip
_METAFIELD = re.compile(r"\s*\([^)]*\.[^)]*\)\s*$")  # Shopify's "(product.metafields.custom.x)"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TOKEN = re.compile(r"[^\W_]+|[$¥₹€£]")
_CJK_SPLIT = re.compile(r"([\u4e00-\u9fff]+)")


def header_words(header: str) -> tuple[list[str], str | None]:
    """('Price (INR)') -> (['price'], 'INR'): the words that name a field, and a currency it names."""
    text = unicodedata.normalize("NFKC", header)
    text = _METAFIELD.sub("", text) or text
    words = [w for part in _TOKEN.findall(_CAMEL.sub(" ", text).lower()) for w in _CJK_SPLIT.split(part) if w]
    currency = next((HEADER_CURRENCIES[w] for w in words if w in HEADER_CURRENCIES), None)
    if currency is None:  # "价格元" as one run: a trailing 元
        currency = next((HEADER_CURRENCIES["元"] for w in words if len(w) > 1 and w.endswith("元")), None)
    words = [w.removesuffix("元") if len(w) > 1 else w for w in words if w not in HEADER_CURRENCIES]
    plain = [w for w in words if w not in _QUALIFIERS]
    return (plain or words), currency


def header_keys(header: str) -> tuple[str, ...]:
    """The keys a header is looked up by: its words whole ("aboutproduct"), then without qualifiers
    ("Product_Brand" -> "brand"); currency words left out of both."""
    text = unicodedata.normalize("NFKC", header)
    text = _METAFIELD.sub("", text) or text
    words = [w for part in _TOKEN.findall(_CAMEL.sub(" ", text).lower()) for w in _CJK_SPLIT.split(part) if w]
    whole = "".join(w.removesuffix("元") if len(w) > 1 else w for w in words if w not in HEADER_CURRENCIES)
    return tuple(dict.fromkeys((whole, normalise(header))))


def plain_key(header: str) -> str:
    """'Product ID (USD)' -> 'productid': case, spacing, punctuation and currency ignored, qualifiers
    kept: for review and interaction logs, where a "product id" is not an "id"."""
    return header_keys(header)[0]


def normalise(header: str) -> str:
    """'Product Name (USD)' -> 'name': case, spacing, punctuation, qualifiers and currency ignored."""
    return "".join(header_words(header)[0])


def header_currency(header: str) -> str | None:
    """The currency a header names ('Price (CNY)' -> 'CNY', 'price_usd' -> 'USD'), if any."""
    return header_words(header)[1]


def category_level(header: str) -> int | None:
    """0, 1 or 2 when the header names a category level, else None."""
    keys = header_keys(header)
    return next((level for level, names in enumerate(CATEGORY_LEVELS) if set(keys) & set(names)), None)


def header_choices(columns: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Source column -> (field, reason) for every column whose header names a field."""
    by_key: dict[str, str] = {}
    for column in columns:
        for key in header_keys(column):
            by_key.setdefault(key, column)
    chosen: dict[str, tuple[str, str]] = {}
    for field, names in SYNONYMS.items():
        if found := next((by_key[n] for n in names if n in by_key), None):
            what = "a shop name" if field == SHOP else f"the {field.replace('_', ' ')}"
            chosen.setdefault(found, (field, f"the header names {what}"))
    levels = sorted((lv, i, c) for i, c in enumerate(columns) if (lv := category_level(c)) is not None)
    for level, _, column in levels:
        if column not in chosen:
            chosen[column] = ("category", f"the header names a category (level {level + 1} of the path)")
    for column, field in _price_mapping(by_key, set(chosen)).items():
        chosen[column] = (field, _price_reason(column, field))
    return {c: chosen[c] for c in columns if c in chosen}


def auto_mapping(columns: tuple[str, ...]) -> dict[str, str]:
    """Source column -> field for every column whose header is a known name (shop names left out)."""
    return {c: f for c, (f, _) in header_choices(columns).items() if f != SHOP}


def _price_reason(column: str, field: str) -> str:
    currency = header_currency(column)
    said = f", in {currency} as the header says" if currency else ""
    kind = "the selling price" if field == "price" else "the list price (before any discount)"
    return f"the header names {kind}{said}"


def _price_mapping(by_key: dict[str, str], taken: set[str]) -> dict[str, str]:
    def first(names: tuple[str, ...]) -> str | None:
        return next((by_key[n] for n in names if n in by_key and by_key[n] not in taken), None)

    selling, plain, listed = first(SELLING_PRICE), first(PLAIN_PRICE), first(LIST_PRICE)
    price = selling or plain or listed
    original = (plain or listed) if selling else (listed if plain else None)
    found = {price: "price", original: "original_price"}
    return {column: field for column, field in found.items() if column}


def check_overrides(columns: tuple[str, ...], explicit: dict[str, str] | None) -> dict[str, str]:
    """`--map COLUMN=FIELD` pairs, validated: known columns and fields, each field once (category aside)."""
    overrides = {_find_column(columns, col): _check_field(field) for col, field in (explicit or {}).items()}
    fields = [f for f in overrides.values() if f not in (IGNORE, "category")]
    if dupes := sorted({f for f in fields if fields.count(f) > 1}):
        raise UsageError(f"--map gives field {dupes[0]!r} to more than one column: map each field once")
    return overrides


def resolve_mapping(columns: tuple[str, ...], explicit: dict[str, str] | None) -> dict[str, str]:
    """The automatic (header) mapping with `--map COLUMN=FIELD` overrides applied and validated."""
    overrides = check_overrides(columns, explicit)
    given = {f for f in overrides.values() if f != IGNORE}
    mapping = {c: f for c, f in auto_mapping(columns).items() if c not in overrides and f not in given}
    mapping.update({c: f for c, f in overrides.items() if f != IGNORE})
    return {c: mapping[c] for c in columns if c in mapping}


def _find_column(columns: tuple[str, ...], wanted: str) -> str:
    if wanted in columns:
        return wanted
    matches = [c for c in columns if c.lower() == wanted.lower()] or [
        c for c in columns if normalise(c) == normalise(wanted) and normalise(wanted)
    ]
    if len(matches) == 1:
        return matches[0]
    raise UsageError(f"--map: the source has no column {wanted!r}; its columns are: {_listing(columns)}")


def _check_field(field: str) -> str:
    field = field.strip().lower()
    if field == IGNORE or field in COLUMNS:
        return field
    raise UsageError(
        f"--map: {field!r} is not a catalog field; use one of {', '.join(COLUMNS)} (or - to skip the column)"
    )


def require_name_and_price(columns: tuple[str, ...], mapping: dict[str, str], source: str) -> None:
    """ImportError_ naming the columns seen when no name or no price column was found."""
    missing = [f for f in ("name", "price") if f not in mapping.values()]
    if missing:
        what = " and ".join(missing)
        raise ImportError_(
            f"no {what} column found in {source}, by header or by content; columns seen: "
            f"{_listing(columns)}. Say which column holds it with --map COLUMN={missing[0]}"
        )


def _listing(columns: tuple[str, ...], limit: int = 40) -> str:
    shown = ", ".join(repr(c) for c in columns[:limit])
    return shown + (f" and {len(columns) - limit} more" if len(columns) > limit else "")
