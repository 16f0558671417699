"""Which source column becomes which contract field.

Headers are compared after normalising (NFKC, lower case, only letters and digits), so
"Product Name", "product_name" and "PRODUCT-NAME" are the same. A currency in a header
("Price (CNY)", "售价(元)") says what the bare numbers in that column are.

Prices: a *selling* price column ("Selling Price", "sale_price", "discounted_price") becomes
`price`; a *list* price ("List Price", "MRP", "original_price") becomes `original_price` when a
selling or plain "price" column exists, else `price`. A plain "price" next to a selling price is
the original price.
"""

from __future__ import annotations

import re
import unicodedata

from shopcli.errors import ImportError_, UsageError
from shopcli.schema import COLUMNS

IGNORE = "-"  # `--map COLUMN=-` leaves a column out

# field -> normalised header names, best first
SYNONYMS: dict[str, tuple[str, ...]] = {
    field: tuple(names.split())
    for field, names in {
        "id": "id productid itemid asin sku uniqid uniqueid pid variantsku 商品id 商品编号 货号",
        "name": "productname name title producttitle itemname itemtitle 商品名称 名称 商品名 品名 标题",
        "brand": "brandname brand manufacturer maker vendor 品牌 厂商 制造商",
        "category": "category categories productcategory categorypath categorytree categoryname "
        "productcategorytree categoryhierarchy breadcrumbs breadcrumb maincategory 类别 分类 类目 品类",
        "subcategory": "subcategory subcategories subcategoryname 子类别 子分类 二级分类",
        "color": "colour color productcolour productcolor 颜色",
        "size": "size sizes 尺码 尺寸 规格",
        "material": "material materials fabric 材质 面料",
        "rating": "rating stars averagerating avgrating productrating starrating 评分",
        "review_count": "ratingscount ratingcount numberofratings numratings reviewcount reviewscount "
        "numberofreviews numreviews totalreviews reviews 评论数 评价数",
        "stock": "stock quantity qty inventory stockquantity availablequantity 库存",
        "description": "aboutproduct productdescription description desc details productdetails bodyhtml "
        "商品描述 描述 详情",
        "tags": "tags keywords tag 标签 关键词",
        "currency": "currency currencycode 币种 货币",
    }.items()
}
SELLING_PRICE = tuple(
    "sellingprice saleprice discountedprice discountprice offerprice currentprice finalprice dealprice "
    "售价 现价 促销价 折后价".split()
)
PLAIN_PRICE = tuple("price unitprice productprice itemprice variantprice 价格 单价".split())
LIST_PRICE = tuple(
    "listprice originalprice retailprice regularprice msrp mrp actualprice wasprice compareatprice "
    "variantcompareatprice "
    "原价 市场价 吊牌价".split()
)

_CURRENCY_IN_HEADER = re.compile(r"\b(usd|cny|rmb)\b|[$¥￥元]", re.IGNORECASE)
_CURRENCY_CODES = {"usd": "USD", "$": "USD", "cny": "CNY", "rmb": "CNY", "¥": "CNY", "￥": "CNY", "元": "CNY"}


def normalise(header: str) -> str:
    """'Product Name (USD)' -> 'productname': case, spacing, punctuation and currency ignored."""
    text = _CURRENCY_IN_HEADER.sub(" ", unicodedata.normalize("NFKC", header).lower())
    return "".join(ch for ch in text if ch.isalnum())


def header_currency(header: str) -> str | None:
    """The currency a header names ('Price (CNY)' -> 'CNY'), if any."""
    match = _CURRENCY_IN_HEADER.search(unicodedata.normalize("NFKC", header))
    return _CURRENCY_CODES[match.group().lower()] if match else None


def auto_mapping(columns: tuple[str, ...]) -> dict[str, str]:
    """Source column -> field for every column whose header is a known name."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise(column), column)
    mapping: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        if found := next((by_norm[n] for n in names if n in by_norm), None):
            mapping.setdefault(found, field)
    mapping.update(_price_mapping(by_norm, set(mapping)))
    return mapping


def _price_mapping(by_norm: dict[str, str], taken: set[str]) -> dict[str, str]:
    def first(names: tuple[str, ...]) -> str | None:
        return next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in taken), None)

    selling, plain, listed = first(SELLING_PRICE), first(PLAIN_PRICE), first(LIST_PRICE)
    price = selling or plain or listed
    original = (plain or listed) if selling else (listed if plain else None)
    found = {price: "price", original: "original_price"}
    return {column: field for column, field in found.items() if column}


def resolve_mapping(columns: tuple[str, ...], explicit: dict[str, str] | None) -> dict[str, str]:
    """The automatic mapping with `--map COLUMN=FIELD` overrides applied and validated."""
    mapping = auto_mapping(columns)
    overrides = {_find_column(columns, col): _check_field(field) for col, field in (explicit or {}).items()}
    fields = [f for f in overrides.values() if f != IGNORE]
    if dupes := sorted({f for f in fields if fields.count(f) > 1}):
        raise UsageError(f"--map gives field {dupes[0]!r} to more than one column: map each field once")
    mapping = {c: f for c, f in mapping.items() if c not in overrides and f not in fields}
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
            f"no {what} column found in {source}; columns seen: {_listing(columns)}. "
            f"Say which column holds it with --map COLUMN={missing[0]}"
        )


def _listing(columns: tuple[str, ...], limit: int = 40) -> str:
    shown = ", ".join(repr(c) for c in columns[:limit])
    return shown + (f" and {len(columns) - limit} more" if len(columns) > limit else "")
