"""Offline evaluation of the recommenders on a real purchase log: leave-last-out HR@10 and NDCG@10.

Input: a table `log(user_id, product_id, basket, ts, _row)` of purchases (`_row`: file order) and,
for the content baseline, `item_text(product_id, text)`.

The split holds out each user's last basket (baskets ordered by time, then basket id, then file
order): the target is the last line of that basket that the user had not bought before, the history
is what they bought in earlier baskets, and the whole last basket leaves the training data. Holding
out one line but keeping the rest of its basket would let a co-purchase model "predict" an item
from the very basket it was bought in; `by="item"` measures that easier variant for comparison.

Every method ranks the full catalog (no sampled negatives, which flatter weak models: Krichene &
Rendle, KDD 2020), never recommends what the user already bought, and tops up a short list with
the most popular items, so all lists have 10 entries.
    HR@10   = share of users whose target is in their top 10
    NDCG@10 = mean of 1 / log2(1 + position of the target), 0 when outside the top 10
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb

from shopcli.personal import similarity

TOP_N = 10
POPULAR_POOL = 400  # popular items every user's list can be topped up from
MAX_DF = 0.05  # content words on more than this share of items are dropped
_STOPWORDS = ("of", "and", "the", "with", "in", "for", "set", "a", "to", "on", "x", "s")


@dataclass(frozen=True)
class Score:
    method: str
    hr: float
    ndcg: float
    users: int
    seconds: float
    hr_se: float = 0.0  # standard errors of the two means: differences smaller than ~2 SE are noise
    ndcg_se: float = 0.0


def split(con: duckdb.DuckDBPyConnection, *, by: str = "basket") -> int:
    """`target(user_id, product_id)`, `history(user_id, product_id)` and `interactions` (training
    purchases); returns the number of users evaluated."""
    newest_first = "ts DESC NULLS LAST, basket DESC, _row DESC"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lines AS SELECT *, first_value(basket) OVER newest AS last_basket,"
        " row_number() OVER newest AS from_end"
        f" FROM log WINDOW newest AS (PARTITION BY user_id ORDER BY {newest_first})"
    )
    held = "basket = last_basket" if by == "basket" else "from_end = 1"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE history AS SELECT DISTINCT user_id, product_id FROM lines"
        f" WHERE NOT ({held})"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE target AS SELECT user_id, arg_min(product_id, from_end) AS product_id"
        f" FROM lines AS l WHERE {held} AND NOT EXISTS (SELECT 1 FROM history AS h"
        " WHERE h.user_id = l.user_id AND h.product_id = l.product_id)"
        " AND EXISTS (SELECT 1 FROM history AS h WHERE h.user_id = l.user_id) GROUP BY user_id"
    )
    held_out = (
        held
        if by == "basket"
        else "product_id = (SELECT t.product_id FROM target AS t WHERE t.user_id = lines.user_id)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE interactions AS SELECT user_id, product_id, 'purchase' AS event,"
        " 1.0 AS value, ts FROM lines WHERE user_id NOT IN (SELECT user_id FROM target)"
        f" OR NOT ({held_out})"
    )
    row = con.execute("SELECT count(*) FROM target").fetchone()
    return int(row[0]) if row else 0


def content_neighbours(con: duckdb.DuckDBPyConnection, *, k: int) -> None:
    """Add method 'content' to `neighbours`: TF-IDF cosine between item texts, top k per item."""
    stop = ", ".join(f"'{w}'" for w in _STOPWORDS)
    # Only items in the log, and only words rarer than MAX_DF: a word on a quarter of the items
    # ("grocery") says little and would pair every item with every other.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE tok AS SELECT product_id, t, count(*) AS tf FROM (SELECT product_id,"
        " unnest(regexp_extract_all(lower(text), '[a-z0-9]+')) AS t FROM item_text"
        " WHERE product_id IN (SELECT product_id FROM log))"
        f" WHERE len(t) > 1 AND t NOT IN ({stop}) GROUP BY ALL"
    )
    con.execute(
        "DELETE FROM tok WHERE t IN (SELECT t FROM tok GROUP BY t HAVING count(*) >"
        " ? * (SELECT count(DISTINCT product_id) FROM tok))",
        [MAX_DF],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE tfidf AS SELECT product_id, t, (1 + ln(tf)) * ln(n.n / df) AS w FROM"
        " (SELECT *, count(*) OVER (PARTITION BY t) AS df FROM tok),"
        " (SELECT count(DISTINCT product_id)::DOUBLE"
        " AS n FROM tok) AS n"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE norm AS SELECT product_id, sqrt(sum(w * w)) AS n FROM tfidf GROUP BY 1"
    )
    con.execute(
        "INSERT INTO neighbours SELECT 'content', i, unnest(generate_series(1, len(top)))::INTEGER,"
        " unnest(top).j, unnest(top).score, 0 FROM (SELECT i, max_by({'j': j, 'score': score}, (score, j), ?)"
        " AS top FROM (SELECT a.product_id AS i, b.product_id AS j, round(sum(a.w * b.w) / (na.n * nb.n), 6)"
        " AS score FROM tfidf AS a JOIN tfidf AS b ON a.t = b.t AND a.product_id <> b.product_id"
        " JOIN norm AS na ON na.product_id = a.product_id JOIN norm AS nb ON nb.product_id = b.product_id"
        " WHERE na.n > 0 AND nb.n > 0 GROUP BY a.product_id, b.product_id, na.n, nb.n) GROUP BY i)",
        [k],
    )


def recommend(con: duckdb.DuckDBPyConnection, method: str) -> None:
    """`recs(user_id, product_id, pos)`: each evaluated user's top 10 by `method`."""
    scored = (
        "SELECT NULL::VARCHAR AS user_id, NULL::VARCHAR AS product_id, 0.0 AS score WHERE false"
        if method == "popularity"
        else "SELECT h.user_id, n.neighbour_id AS product_id, sum(n.score) AS score FROM history AS h"
        " JOIN neighbours AS n ON n.product_id = h.product_id WHERE n.method = ? GROUP BY ALL"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE recs AS SELECT user_id, product_id, pos FROM ("
        " SELECT user_id, product_id, row_number() OVER (PARTITION BY user_id ORDER BY tier, score DESC,"
        " product_id) AS pos FROM (SELECT user_id, product_id, min(tier) AS tier,"
        " arg_min(score, tier) AS score FROM ("
        f" SELECT user_id, product_id, 1 AS tier, score FROM ({scored}) WHERE score > 0"
        " UNION ALL SELECT t.user_id, p.product_id, 2 AS tier, p.users FROM target AS t,"
        f" (SELECT * FROM popularity ORDER BY users DESC, product_id LIMIT {POPULAR_POOL}) AS p)"
        " AS c WHERE user_id IN (SELECT user_id FROM target) AND NOT EXISTS (SELECT 1 FROM history AS h"
        " WHERE h.user_id = c.user_id AND h.product_id = c.product_id) GROUP BY ALL)) WHERE pos <= ?",
        ([] if method == "popularity" else [method]) + [TOP_N],
    )


def metrics(con: duckdb.DuckDBPyConnection) -> tuple[float, float, int, float, float]:
    """(HR@10, NDCG@10, users, standard error of HR, standard error of NDCG) of `recs` vs `target`."""
    row = con.execute(
        "SELECT avg(hit), avg(gain), count(*), coalesce(stddev_samp(hit) / sqrt(count(*)), 0),"
        " coalesce(stddev_samp(gain) / sqrt(count(*)), 0) FROM (SELECT"
        " CASE WHEN r.pos IS NOT NULL THEN 1.0 ELSE 0 END AS hit, coalesce(1 / log2(1 + r.pos), 0) AS gain"
        " FROM target AS t LEFT JOIN recs AS r ON r.user_id = t.user_id AND r.product_id = t.product_id)"
    ).fetchone()
    assert row is not None
    return float(row[0] or 0), float(row[1] or 0), int(row[2]), float(row[3]), float(row[4])


def evaluate(
    con: duckdb.DuckDBPyConnection, *, methods: tuple[str, ...], by: str = "basket",
    k: int = similarity.TOP_K, shrink: float = similarity.SHRINK, cap: int = similarity.MAX_ITEMS_PER_USER,
) -> list[Score]:  # fmt: skip
    """Split, train every method on the same training data, and score each one."""
    split(con, by=by)
    started = time.perf_counter()
    similarity.strengths(con, cap=cap)
    similarity.pairs(con)
    similarity.neighbours(con, k=k, shrink=shrink)
    similarity.popularity(con)
    trained = time.perf_counter() - started
    if "content" in methods:
        content_neighbours(con, k=k)
    scores = []
    for method in methods:
        begun = time.perf_counter()
        recommend(con, method)
        hr, ndcg, users, hr_se, ndcg_se = metrics(con)
        took = time.perf_counter() - begun + (trained if method in similarity.METHODS else 0)
        scores.append(Score(method, hr, ndcg, users, took, hr_se, ndcg_se))
    return scores
