"""Benchmark catalog search on 100k-, 1M- and 10M-row contract catalogs, in process and as `shop search`.

The catalogs come from one DuckDB query over range(), every choice a hash of the row number, so they
are the same on every run (DuckDB streams the COPY: memory stays flat at 10M rows); names and
descriptions are built from word lists (toys, kitchen, outdoor, electronics..., a twentieth of the
rows in Chinese) so that text relevance has something to rank.
Each size is measured in child processes so that each peak memory (ru_maxrss) is its own:
  index      the first Catalog.open of a new catalog: reads and verifies it, writes its search index
             (store/index.py); `shop catalog import` does this once, at import
  in process Catalog.open with the index, then each search's first run, median and maximum of repeats
             (structured, keyword, common keyword, sorted, mixed, Chinese); keyword searches again
             with every product scored (no MaxScore pruning), for the ratio
  process    `shop search --json --no-llm QUERY` as a shopper runs it: wall time and peak RSS of the
             first run after the index was written and the median of repeats, beside `shop --help`
             (Python's start and imports) and the same search of the 3,510-row demo catalog in the
             same run: what remains above the demo's time is what the catalog's size costs
Targets on a 2-core machine: in-process search <= 100 ms median (<= 50 ms at 1M rows); whole-process
search at 1M rows <= 1.0 s and <= 400 MB.

    .venv/bin/python benchmarks/bench_search.py                      # 100k and 1M rows
    nice .venv/bin/python benchmarks/bench_search.py --sizes 10000000 --repeat 20 --process-repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# category -> subcategory -> product nouns
KINDS: dict[str, dict[str, list[str]]] = {
    "toys": {"puzzles": ["Jigsaw Puzzle", "Floor Puzzle", "3D Puzzle", "Puzzle Box"],
             "trains": ["Train Set", "Railway Set", "Steam Engine"],
             "building sets": ["Building Blocks", "Brick Set", "Construction Kit"],
             "plush": ["Teddy Bear", "Plush Bunny", "Stuffed Dinosaur"]},
    "kitchen": {"cookware": ["Frying Pan", "Saucepan", "Dutch Oven", "Wok"],
                "drinkware": ["Water Bottle", "Travel Mug", "Tumbler", "Thermos"],
                "knives": ["Chef Knife", "Paring Knife", "Knife Block"],
                "utensils": ["Spatula", "Cutting Board", "Salad Bowl", "Spoon Set"]},
    "headphones": {"earbuds": ["Earbuds", "Sport Earphones"], "over-ear": ["Headphones", "Studio Headset"]},
    "running shoes": {"road": ["Running Shoes", "Racing Flats"], "trail": ["Trail Runners", "Hiking Shoes"]},
    "camping": {"tents": ["Dome Tent", "Backpacking Tent"], "sleeping": ["Sleeping Bag", "Camping Pad"],
                "lights": ["Headlamp", "Lantern"]},
    "home decor": {"lighting": ["Table Lamp", "Floor Lamp", "String Lights"],
                   "storage": ["Storage Box", "Basket", "Shelf"], "frames": ["Picture Frame", "Wall Clock"]},
    "dresses": {"maxi dresses": ["Maxi Dress"], "wrap dresses": ["Wrap Dress"],
                "mini dresses": ["Mini Dress"]},
    "laptops": {"ultrabooks": ["Ultrabook", "Laptop"], "gaming laptops": ["Gaming Laptop"]},
}  # fmt: skip
ADJECTIVES = ["Wooden", "Classic", "Deluxe", "Compact", "Premium", "Lightweight", "Waterproof",
              "Wireless", "Kids", "Vintage", "Folding", "Insulated", "Organic", "Magnetic", "Portable",
              "Handmade"]  # fmt: skip
MATERIALS = ["wood", "stainless steel", "cotton", "plastic", "aluminium", "bamboo", "ceramic", "nylon"]
BRANDS = ["Acme", "Northwind", "Ravensburger", "Lodge", "Sony", "Bose", "Nike", "Coleman", "Hape", "Brio",
          "Zojirushi", "Lenovo", "Zara", "Muji", "Ikea", "Anker", "Stanley", "Tefal", "Osprey",
          "Melissa"]  # fmt: skip
SENTENCES = ["Great for family game night.", "A gift for a 5 year old.", "Dishwasher safe and easy to clean.",
             "Keeps drinks hot for 12 hours.", "Built to last for years of everyday use.",
             "Packs small for travel and weekend trips.", "Each piece is sanded smooth and safe for kids.",
             "Comes with a two-year warranty.", "Designed for long days outdoors.",
             "A favourite of reviewers for its sturdy build."]  # fmt: skip
TAGS = ["gift", "eco", "bestseller", "travel", "family", "waterproof", "wireless", "kids", "durable", "new"]
# category -> (Chinese product nouns, a Chinese description): a twentieth of the rows
ZH: dict[str, tuple[list[str], str]] = {
    "toys": (["儿童拼图", "木制火车玩具", "积木套装"], "适合三岁以上儿童，安全无毒。"),
    "kitchen": (["不锈钢保温杯", "陶瓷马克杯", "不粘炒锅"], "保温效果好，适合上班和旅行。"),
    "headphones": (["无线蓝牙耳机", "降噪耳机"], "音质清晰，续航持久。"),
    "running shoes": (["跑步鞋", "越野跑鞋"], "轻便透气，缓震舒适。"),
    "camping": (["户外帐篷", "睡袋"], "防水防风，适合露营。"),
    "home decor": (["台灯", "收纳盒"], "简约设计，送礼佳品。"),
    "dresses": (["连衣裙"], "修身显瘦，夏季新款。"),
    "laptops": (["笔记本电脑"], "轻薄便携，性能强劲。"),
}  # fmt: skip
COLORS = ["black", "white", "grey", "red", "blue", "navy", "green", "yellow", "pink", "brown", "beige"]
SEARCHES = {  # name -> Intent fields: the shapes of search a shopper makes
    "structured": {"categories": ["kitchen"], "colors": ["blue"], "max_price": 40.0},
    "keyword": {"keywords": ["wooden", "puzzle"]},
    "common_keyword": {"keywords": ["kids"]},  # in about a third of the products
    "sorted": {"categories": ["toys"], "sort": "price_asc"},
    "mixed": {"categories": ["toys"], "max_price": 60.0, "keywords": ["train", "set"]},
    "chinese": {"keywords": ["保温杯"]},
}
DEMO = Path(__file__).resolve().parents[1] / "catalog.parquet"
# what a shopper types into `shop search`, for the whole-process runs
PROCESS_QUERIES = ("wooden puzzle", "blue water bottle under 40")


def _list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _h(salt: int) -> str:
    """SQL hashing the row number with `salt` (string salts, as in hash(i, 'x'), correlate)."""
    return f"hash(i * 101 + {salt})"


def _pick(values: str, count: str | int, salt: int) -> str:
    """SQL picking one of the `count` items of the SQL list `values` by a hash of the row number."""
    return f"{values}[1 + ({_h(salt)} % {count})::BIGINT]"


def catalog_sql(rows: int) -> str:
    """The SELECT that produces a contract catalog of `rows` products."""
    kinds = [(c, s, n) for c, subs in KINDS.items() for s, nouns in subs.items() for n in nouns]
    kind = f"1 + ({_h(1)} % {len(kinds)})::BIGINT"
    cats, subs, nouns = (_list([k[i] for k in kinds]) for i in range(3))
    zh_nouns = "[" + ", ".join(_list(ZH[c][0]) for c, _, _ in kinds) + f"][{kind}]"
    zh_text = _list([ZH[c][1] for c, _, _ in kinds]) + f"[{kind}]"
    english = f"{_pick(_list(ADJECTIVES), len(ADJECTIVES), 3)} || ' ' || {nouns}[{kind}]"
    model = f"chr(65 + ({_h(5)} % 26)::INTEGER) || '-' || ({_h(6)} % 9000 + 1000)"
    zh = f"{_h(2)} % 20 = 0"
    name = (
        f"concat_ws(' ', {_pick(_list(BRANDS), len(BRANDS), 7)}, CASE WHEN {zh}"
        f" THEN {_pick(zh_nouns, f'len({zh_nouns})', 8)} ELSE {english} END,"
        f" CASE WHEN {_h(4)} % 3 = 0 THEN {model} END)"
    )
    sentence = _list(SENTENCES)
    describe = (
        f"CASE WHEN {zh} THEN {zh_text} ELSE concat_ws(' ', 'A', lower({english}), 'made of',"
        f" {_pick(_list(MATERIALS), len(MATERIALS), 10)} || '.', {_pick(sentence, len(SENTENCES), 11)},"
        f" {_pick(sentence, len(SENTENCES), 12)}) END"
    )
    price = f"round(3 + ({_h(13)} % 30000) / 100.0, 2)"
    tag = _list(TAGS)
    tags = (
        f"list_distinct([{_pick(tag, len(TAGS), 14)}, {_pick(tag, len(TAGS), 15)}])[1:({_h(16)} % 3)::BIGINT]"
    )
    return f"""
    SELECT printf('P%08d', i) AS id, {name} AS name, {_pick(_list(BRANDS), len(BRANDS), 7)} AS brand,
      {cats}[{kind}] AS category, {subs}[{kind}] AS subcategory,
      {_pick(_list(COLORS), len(COLORS), 17)} AS color, NULL::VARCHAR AS size,
      {_pick(_list(MATERIALS), len(MATERIALS), 10)} AS material, {price} AS price,
      round({price} * 1.25, 2) AS original_price, 'USD' AS currency,
      round(1 + ({_h(18)} % 41) / 10.0, 1) AS rating, ({_h(19)} % 5000)::INTEGER AS review_count,
      ({_h(20)} % 100)::INTEGER AS stock, {describe} AS description, {tags} AS tags
    FROM range({rows}) AS t(i)
    """


def write_catalog(rows: int, out_dir: Path) -> Path:
    """Write `search_<rows>.parquet` unless it is already there; return its path.

    In a child process: Linux counts the RSS a child inherits at fork in its peak, so this process
    keeps DuckDB out and stays small."""
    out = out_dir / f"search_{rows}.parquet"
    if not out.exists():
        run_child([sys.executable, __file__, "--write", str(rows), "--data-dir", str(out_dir)])
    return out


def _write(rows: int, out: Path) -> None:
    import duckdb

    with duckdb.connect() as con:
        con.execute("SET memory_limit = '1GB'")
        target = str(out).replace("'", "''")
        con.execute(f"COPY ({catalog_sql(rows)}) TO '{target}' (FORMAT parquet)")


CHILD = """
import json, resource, statistics, sys, time
from pathlib import Path
from shopcli.store.catalog import Catalog
from shopcli.intent import Intent
searches, repeat = json.loads(sys.argv[2]), int(sys.argv[3])
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
catalog = Catalog.open(Path(sys.argv[1]))
out = {"open_ms": (time.perf_counter() - started) * 1000, "open_rss_mb": rss(), "rows": len(catalog)}
for name, fields in searches.items():
    intent = Intent(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    started = time.perf_counter()
    result = catalog.search(intent)
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        catalog.search(intent)
        times.append((time.perf_counter() - started) * 1000)
    out[name] = {"first_ms": first, "median_ms": statistics.median(times), "max_ms": max(times),
                 "total": result.total, "top": [p.name for p in result.products[:3]]}
import shopcli.store.query as query  # the same keyword searches scoring every product: what pruning saves
query._prunable = lambda intent, loose: False
for name in ("keyword", "common_keyword", "chinese"):
    intent = Intent(**{k: tuple(v) for k, v in searches[name].items()})
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        catalog.search(intent)
        times.append((time.perf_counter() - started) * 1000)
    out[name]["unpruned_ms"] = statistics.median(times)
print(json.dumps(out))
"""
# The first open of a catalog without an index: what `shop catalog import` now does once, at the end.
INDEX_CHILD = """
import sys
from pathlib import Path
from shopcli.store.index import locations, prepare
from shopcli.store.load import check_file
path = check_file(Path(sys.argv[1]))
for place in locations(path):
    place.unlink(missing_ok=True)
assert prepare(path) is not None
"""


def run_child(argv: list[str], *, env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """(stdout, wall seconds, peak RSS in MB) of one child process; exits when it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(argv[:4])}... failed with exit code {os.waitstatus_to_exitcode(status)}")
    return output, wall, usage.ru_maxrss / 1024  # Linux reports KiB


def measure(path: Path, repeat: int, process_repeat: int) -> dict[str, object]:
    """Index `path` afresh, then search it in a child process and as `shop search`."""
    _, index_s, index_mb = run_child([sys.executable, "-c", INDEX_CHILD, str(path)])
    output, _, peak = run_child([sys.executable, "-c", CHILD, str(path), json.dumps(SEARCHES), str(repeat)])
    data: dict[str, object] = json.loads(output)
    data.update(index_s=index_s, index_rss_mb=index_mb, peak_rss_mb=peak, file_mb=path.stat().st_size / 1e6)
    data["process"] = whole_process(path, process_repeat)
    return data


def whole_process(path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """`shop search --json --no-llm` per query (first run, then the median of `repeat`) and `shop --help`."""
    shop = str(Path(sys.executable).with_name("shop"))
    env = {**os.environ, "SHOPCLI_CATALOG": str(path)}
    demo = {**env, "SHOPCLI_CATALOG": str(DEMO)}  # 3,510 rows: what a search costs whatever the size
    runs = {"shop --help": ([shop, "--help"], env)}
    for q in PROCESS_QUERIES:
        runs[f"shop search {q!r}"] = ([shop, "search", "--json", "--no-llm", q], env)
        runs[f"same, 3,510-row demo catalog ({q!r})"] = ([shop, "search", "--json", "--no-llm", q], demo)
    out = {}
    for name, (argv, environ) in runs.items():
        timed = [run_child(argv, env=environ)[1:] for _ in range(1 + repeat)]
        out[name] = {
            "first_s": timed[0][0], "first_mb": timed[0][1],
            "median_s": statistics.median(t[0] for t in timed[1:]), "peak_mb": max(t[1] for t in timed),
        }  # fmt: skip
    return out


def report(size: int, data: dict[str, object]) -> None:
    """Print one size's numbers as Markdown tables."""
    print(
        f"\n### {size:,} rows ({data['file_mb']:.1f} MB of Parquet): index written in {data['index_s']:.1f} s"
        f" (peak RSS {data['index_rss_mb']:.0f} MB); open with index {data['open_ms']:.0f} ms"
        f" (RSS {data['open_rss_mb']:.0f} MB), peak RSS in process {data['peak_rss_mb']:.0f} MB"
    )
    print("| search | first (ms) | median (ms) | max (ms) | unpruned median (ms) | total | top result |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in SEARCHES:
        row = data[name]
        assert isinstance(row, dict)
        top = row["top"][0] if row["top"] else "-"
        unpruned = f"{row['unpruned_ms']:.1f}" if "unpruned_ms" in row else "-"
        print(f"| {name} | {row['first_ms']:.1f} | {row['median_ms']:.1f} | {row['max_ms']:.1f} | {unpruned} "
              f"| {row['total']:,} | {top} |")  # fmt: skip
    print("\n| whole process | first (s) | first RSS (MB) | median (s) | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    process = data["process"]
    assert isinstance(process, dict)
    for name, row in process.items():
        print(f"| {name} | {row['first_s']:.2f} | {row['first_mb']:.0f} | {row['median_s']:.2f} "
              f"| {row['peak_mb']:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated row counts")
    parser.add_argument("--repeat", type=int, default=20, help="runs timed per search (at least 20)")
    parser.add_argument("--process-repeat", type=int, default=5, help="`shop` runs timed after the first")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/shopcli-bench-search"))
    parser.add_argument("--write", type=int, help=argparse.SUPPRESS)  # the child that writes a catalog
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    if args.write:
        return _write(args.write, args.data_dir / f"search_{args.write}.parquet")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.monotonic()
        path = write_catalog(size, args.data_dir)
        print(f"{path}: {size:,} rows ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
        report(size, measure(path, max(args.repeat, 20), max(args.process_repeat, 1)))


if __name__ == "__main__":
    main()
