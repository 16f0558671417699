"""Which column of a review export is which review field, by header (compared like product headers).

Amazon ("asin", "reviewText", "overall", "summary", "unixReviewTime"), Flipkart ("Review", "Rate",
"Summary"), Taobao/JD ("商品ID", "评论内容", "评分", "评论时间") and plain exports all map without
flags; `--map COLUMN=FIELD` fixes the rest.
"""

from __future__ import annotations

from shopcli.errors import ImportError_, UsageError
from shopcli.ingest.columns import IGNORE, plain_key

# field -> normalised header names, best first
SYNONYMS: dict[str, tuple[str, ...]] = {
    field: tuple(names.split())
    for field, names in {
        "product_id": "productid asin sku itemid pid productsku goodsid 商品id 商品编号 货号 产品id",
        "id": "reviewid id commentid 评论id 评价id",
        "rating": "rating overall stars star score rate reviewrating starrating 评分 星级 打分 评级",
        "title": "title summary reviewtitle headline reviewsummary 标题 评论标题",
        "text": "text reviewtext review reviewbody body content comment verifiedreviews reviewcontent "
        "评论内容 评论 评价内容 评价 内容",
        "date": "date reviewdate time reviewtime unixreviewtime submissiontime createdat "
        "日期 时间 评论时间 评价时间",
        "helpful": "helpful helpfulvotes helpfulcount upvotes likes totalfeedbackcount 有用 点赞数 有用数",
        "language": "language lang locale 语言",
    }.items()
}
REQUIRED = ("product_id", "text")


def review_mapping(columns: tuple[str, ...], explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Source column -> review field: known headers, then `--map` overrides (FIELD '-' skips one)."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(plain_key(column), column)
    mapping: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        found = next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in mapping), None)
        if found:
            mapping[found] = field
    for column, field in (explicit or {}).items():
        if column not in columns:
            raise UsageError(
                f"--map: the reviews have no column {column!r}; their columns: {', '.join(columns)}"
            )
        if field != IGNORE and field not in SYNONYMS:
            raise UsageError(f"--map: {field!r} is not a review field; use one of {', '.join(SYNONYMS)}")
        mapping = {c: f for c, f in mapping.items() if f != field and c != column}
        if field != IGNORE:
            mapping[column] = field
    return {c: mapping[c] for c in columns if c in mapping}


def require_fields(columns: tuple[str, ...], mapping: dict[str, str], source: str) -> None:
    """ImportError_ naming the columns seen when no product id or no text column was found."""
    missing = [f for f in REQUIRED if f not in mapping.values()]
    if missing:
        raise ImportError_(
            f"no {' and no '.join(f.replace('_', ' ') for f in missing)} column found in {source}; "
            f"columns seen: {', '.join(repr(c) for c in columns[:40])}. "
            f"Say which column holds it with --review-map COLUMN={missing[0]}"
        )
