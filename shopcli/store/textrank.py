"""Text relevance: BM25 over a per-product search document, as DuckDB SQL.

The search document of a product is its name (weight 3), category and subcategory (2), tags (2) and
description (1). Weights work as if each field were repeated that many times: a term's frequency
is the weighted sum of its counts per field, and so is the document's length (the simple form of
BM25F, one length normalisation for the whole document). A term scores
    idf · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl)),  idf = ln(1 + (N − df + 0.5)/(df + 0.5))
and a product's score is the sum over the distinct query terms it contains.

Terms, the same for documents and queries:
  * text is lower-cased; runs of CJK characters (Han, kana, Hangul) become overlapping character
    bigrams ("保温杯" → 保温, 温杯); documents also index each character alone, and a one-character
    query run is that character, so "杯" still finds "保温杯";
  * the rest loses its accents and splits at punctuation, symbols and spaces (SEPARATOR), leaving
    runs of letters and digits ("wool_scarf" → wool, scarf; "100%" → 100; "crème" → creme);
    English stop words go; plural -s is stemmed for plain words over three letters (puzzles →
    puzzle, dresses → dress, boxes → box, batteries → battery).

The catalog never changes while open, so the index holds each term's idf (`search_terms`) and the
rest of its score in each product (`search_postings`: term_id, rid = the product's rowid, impact),
sorted by term so that a query reads only its own terms' rows. catalog.py builds it on the first
keyword search: text is split at spaces, each distinct chunk is tokenised once, and products are
counted in batches so that memory stays bounded on big catalogs. All SQL here is made of this
module's constants; keywords reach it only as the bound list parameter of SCORES_SQL.

A keyword may carry alternatives separated by "|" (a word and its translations): "|" separates terms
like any punctuation, and a product's score counts each matched term once.
"""

from __future__ import annotations

K1 = 1.2
B = 0.75
# (weight, SQL expression over a products row): the fields of the search document.
FIELDS: tuple[tuple[int, str], ...] = (
    (3, "name"),
    (2, "concat_ws(' ', category, subcategory)"),
    (2, "array_to_string(tags, ' ')"),
    (1, "description"),
)
STOP_WORDS: tuple[str, ...] = (
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
    "not", "of", "on", "or", "s", "such", "that", "the", "their", "then", "there", "these", "they",
    "this", "to", "was", "will", "with",
)  # fmt: skip
# Han (with its extensions and compatibility ideographs), hiragana, katakana, Hangul syllables.
CJK = (
    r"[\x{3040}-\x{30ff}\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{ac00}-\x{d7af}\x{f900}-\x{faff}"
    r"\x{20000}-\x{3ffff}]"
)
# What separates words: ASCII and Latin-1 punctuation, symbols and spaces, the Unicode blocks from
# General Punctuation to Miscellaneous Symbols and Arrows, CJK and fullwidth punctuation, emoji.
# Spelled out rather than [^\p{L}\p{N}], which RE2 takes ~4 ms to compile: once per keyword search.
SEPARATOR = (
    r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xbf\xd7\xf7\x{2000}-\x{2bff}\x{3000}-\x{303f}"
    r"\x{fe10}-\x{fe6f}\x{feff}\x{ff00}-\x{ff0f}\x{ff1a}-\x{ff20}\x{ff3b}-\x{ff40}\x{ff5b}-\x{ff65}"
    r"\x{1f000}-\x{1faff}]"
)
BATCH_ROWS = 250_000  # products counted per statement while building: bounds its hash tables
TABLES = ("search_terms", "search_postings")
_SCRATCH = ("tr_chunks", "tr_ids", "tr_chunk_ids", "tr_avgdl", "tr_df", "tr_tf")
# Removes the index, whole or half-built, and its scratch tables.
DROP_STATEMENTS = tuple(f"DROP TABLE IF EXISTS {table}" for table in (*_SCRATCH, *TABLES))

_STOP_LIST = "[" + ", ".join(f"'{w}'" for w in STOP_WORDS) + "]"
_WORD = "[^" + SEPARATOR[1:] + "+"

MACROS: tuple[str, ...] = (
    # Plural -s only, and only on plain words longer than three letters, both sides of the match.
    """CREATE MACRO tr_stem(w) AS CASE
        WHEN length(w) <= 3 OR NOT regexp_full_match(w, '[a-z]+') THEN w
        WHEN suffix(w, 'sses') THEN left(w, length(w) - 2)
        WHEN suffix(w, 'ies') AND length(w) > 4 THEN left(w, length(w) - 3) || 'y'
        WHEN suffix(w, 'ie') AND length(w) > 4 THEN left(w, length(w) - 2) || 'y'
        WHEN suffix(w, 'xes') OR suffix(w, 'ches') OR suffix(w, 'shes') OR suffix(w, 'zzes')
            THEN left(w, length(w) - 2)
        WHEN suffix(w, 's') AND NOT (suffix(w, 'ss') OR suffix(w, 'us') OR suffix(w, 'is'))
            THEN left(w, length(w) - 1)
        ELSE w END""",
    # strip_accents stops at a NUL, so NULs become spaces first (they separate words anyway).
    f"""CREATE MACRO tr_words(t) AS list_filter(
        list_transform(
            regexp_extract_all(strip_accents(replace(regexp_replace(t, '{CJK}+', ' ', 'g'), chr(0), ' ')),
                               '{_WORD}'),
            w -> tr_stem(w)),
        w -> NOT list_contains({_STOP_LIST}, w))""",
    """CREATE MACRO tr_grams(r, unigrams) AS CASE WHEN length(r) = 1 THEN [r] ELSE
        list_transform(range(1, length(r)), i -> substr(r, i, 2))
        || CASE WHEN unigrams THEN string_split(r, '') ELSE [] END END""",
    # One space-free chunk of lower-cased text; a text's terms are its chunks' terms.
    f"""CREATE MACRO tr_chunk_terms(c, unigrams) AS tr_words(c)
        || flatten(list_transform(regexp_extract_all(c, '{CJK}+'), r -> tr_grams(r, unigrams)))""",
    """CREATE MACRO tr_query_terms(keywords) AS list_distinct(flatten(list_transform(keywords,
        k -> flatten(list_transform(string_split(lower(k), ' '), c -> tr_chunk_terms(c, false))))))""",
)

# The BM25 score of every product holding a query term; bind the keyword list (VARCHAR[]). A keyword's
# alternatives ("拼图|puzzle|jigsaw") are terms like any other: "|" separates words. Rounded so that
# equal scores summed in a different order by different threads still tie exactly.
SCORES_SQL = (
    "SELECT p.rid, round(sum(p.impact * t.idf), 9) AS _score FROM search_postings AS p"
    " JOIN search_terms AS t ON p.term_id = t.term_id"
    " WHERE list_contains(tr_query_terms(?::VARCHAR[]), t.term) GROUP BY p.rid"
)

# SCORES_SQL for the products that can reach the top k (bind the keywords, then k), as the CTEs
# `q`, `post` and `scored` (rid, _score). A product in the top k scores at least theta: for each query
# term, k products hold it with an impact·idf of at least its k-th largest, so the k-th best score is
# at least the largest of these. A product scoring theta or more holds some term t with impact·idf of
# at least theta minus the most the other terms can add (their max_impact·idf): only the products
# with such a posting are scored, over all their query terms. A term held by most products thus
# costs a scan of its postings, never a score for each (MaxScore, as one SQL statement).
PRUNED_SCORES_SQL = (
    "q AS MATERIALIZED (SELECT term_id, idf, max_impact * idf AS ub FROM search_terms"
    " WHERE list_contains(tr_query_terms(?::VARCHAR[]), term)),"
    " post AS MATERIALIZED (SELECT p.rid, p.term_id, p.impact * q.idf AS s, q.ub FROM search_postings AS p"
    " JOIN q ON p.term_id = q.term_id),"
    " bound AS MATERIALIZED (SELECT coalesce(max(CASE WHEN n >= k THEN kth END), 0) AS theta,"
    " (SELECT sum(ub) FROM q) AS ubs FROM (SELECT count(*) AS n, list_min(max(s, k)) AS kth,"
    " any_value(k) AS k FROM post, (SELECT ?::BIGINT AS k) GROUP BY term_id)),"
    " scored AS (SELECT rid, round(sum(s), 9) AS _score FROM post WHERE rid IN (SELECT rid FROM post, bound"
    " WHERE s >= theta - (ubs - ub) - 1e-6) GROUP BY rid)"
)


def build_statements(rows: int) -> list[tuple[str, list[object]]]:
    """The statements, with parameters, that build the index over a `products` table of `rows` rows."""
    statements: list[tuple[str, list[object]]] = [(sql, []) for sql in _PREPARE]
    for start in range(0, max(rows, 1), BATCH_ROWS):
        bounds: list[object] = [start, start + BATCH_ROWS] * len(FIELDS)
        statements.append((_BATCH_TF, bounds))
        statements.extend((sql, []) for sql in _BATCH)
    statements.extend((sql, []) for sql in _FINISH)
    return statements


def _chunks(rows: str) -> str:
    """SQL: (rid, w, chunk) for every space-separated chunk of every field of the products in `rows`."""
    return " UNION ALL ".join(
        f"SELECT rowid::INTEGER AS rid, {weight}::UTINYINT AS w,"
        f" unnest(string_split(lower({expr}), ' ')) AS chunk FROM products WHERE {rows}"
        for weight, expr in FIELDS
    )


# Each distinct chunk is tokenised once; its total weight gives the average document length early.
_PREPARE = (
    "CREATE TEMP TABLE tr_chunks AS SELECT chunk, weight, unnest(tr_chunk_terms(chunk, true)) AS term"
    f" FROM (SELECT chunk, sum(w) AS weight FROM ({_chunks('true')}) GROUP BY chunk)",
    "CREATE TEMP TABLE tr_ids AS SELECT term, (row_number() OVER (ORDER BY term))::INTEGER AS term_id"
    " FROM (SELECT DISTINCT term FROM tr_chunks)",
    "CREATE TEMP TABLE tr_chunk_ids AS SELECT chunk, term_id FROM tr_chunks JOIN tr_ids USING (term)",
    "CREATE TEMP TABLE tr_avgdl AS"
    " SELECT coalesce(sum(weight), 0) / (SELECT count(*) FROM products) AS avgdl FROM tr_chunks",
    "CREATE TABLE search_postings (term_id INTEGER, rid INTEGER, impact FLOAT)",
    "CREATE TEMP TABLE tr_df (term_id INTEGER, df BIGINT)",
)
# One batch of products (bind its rowid bounds once per field): weighted term frequencies, then
# each term's score without its idf, sorted by term so that a query reads few row groups.
_BATCH_TF = (
    "CREATE TEMP TABLE tr_tf AS SELECT rid, term_id, sum(w) AS tf"
    f" FROM ({_chunks('rowid >= ? AND rowid < ?')}) JOIN tr_chunk_ids USING (chunk) GROUP BY rid, term_id"
)
_BATCH = (
    f"""INSERT INTO search_postings
    SELECT term_id, rid, (tf * {K1 + 1} / (tf + {K1} * (1 - {B} + {B} * dl / avgdl)))::FLOAT
    FROM tr_tf JOIN (SELECT rid, sum(tf) AS dl FROM tr_tf GROUP BY rid) USING (rid), tr_avgdl
    ORDER BY term_id""",
    "INSERT INTO tr_df SELECT term_id, count(*) FROM tr_tf GROUP BY term_id",
    "DROP TABLE tr_tf",
)
_FINISH = (
    # max_impact bounds what a term adds to any product's score: query.py prunes common terms with it.
    """CREATE TABLE search_terms AS
    SELECT term, term_id, ln(1 + ((SELECT count(*) FROM products) - df + 0.5) / (df + 0.5)) AS idf, max_impact
    FROM tr_ids JOIN (SELECT term_id, sum(df) AS df FROM tr_df GROUP BY term_id) USING (term_id)
    JOIN (SELECT term_id, max(impact) AS max_impact FROM search_postings GROUP BY term_id) USING (term_id)""",
    *(f"DROP TABLE {table}" for table in _SCRATCH if table != "tr_tf"),
)
