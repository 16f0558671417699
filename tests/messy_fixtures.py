"""Messy product exports, written into a test's tmp dir, in the shapes real exports come in.

Each writer returns the file's path. The expected outcome of importing each file is spelled out
in tests/test_importer.py, row by row, so a change in cleaning shows up as a named difference.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb

# An Amazon-style export: BOM, quoted commas and newlines, a ragged row, one row per drop reason, and a
# price in euros among dollars (converted to the catalog's currency, USD, at import).
AMAZON_HEADER = (
    "Uniq Id,Product Name,Brand Name,Category,Selling Price,List Price,About Product,Colour,Stars,"
    "Ratings Count,Stock,Internal Notes"
)
AMAZON_ROWS = (
    'A1,"Wooden Jigsaw Puzzle, 1000 pieces",Ravensburger,Toys & Games | Puzzles | Jigsaw Puzzles,'
    "$28.91,$35.00,"
    '"Family puzzle\nwith a quoted newline",Navy Blue,4.5 out of 5 stars,"1,234 ratings",12,x',
    "A2,降噪蓝牙耳机,,Electronics > Headphones > Earbuds,¥299,,中文描述,黑色,4.1,56,Out of stock,",
    "A3,Camping Lantern,Visit the Coleman Store,Sports & Outdoors > Camping,$12.99 - $15.99,,,"
    "Black/White,,,,",
    'A4,Cast Iron Pan,Lodge,Home > Kitchen,"1,299.00",,,Teal,"4,8",(87),Only 3 left in stock,',
    "A5,this row,is,broken,$1,it,has,far,too,many,columns,for,the,header",
    "A6,,NoName,Misc,$5,,,,,,,",
    "A7,Priceless,Acme,Misc,,,,,,,,",
    "A8,Euro Thing,Acme,Misc,€5,,,,,,,",
    "A1,Duplicate of A1,Acme,Misc,$1,,,,,,,",
    "A10,Free Thing,Acme,Misc,$0.00,,,,,,,",
    "A11,Mystery Price,Acme,Misc,call us,,,,,,,",
    ",No Id Product,N/A,Electronics,$9.99,,,Rose Red,,,,",
)


def amazon_csv(folder: Path) -> Path:
    """12 data records: 6 import (one converted from EUR), 6 drop (one for each reason)."""
    path = folder / "amazon export.csv"
    text = "\n".join((AMAZON_HEADER, *AMAZON_ROWS)) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def shop_tsv(folder: Path) -> Path:
    """Tab-separated, Chinese-market export whose bare prices are CNY (import with --currency CNY)."""
    path = folder / "shop.tsv"
    rows = [
        "title\tprice\tbrand\tcolor\tcategory\tkeywords",
        "Clay Teapot\t199\tYixing\tRed\tKitchen\tclay, tea",
        "Enamel Mug\t$5\tAcme\tsky blue\tKitchen\t",
        "Tea Cup\t¥30\t\tWHITE\tKitchen\ttea;Tea",
    ]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def products_json(folder: Path) -> Path:
    """A JSON array with a selling price beside a plain price (-> original_price) and list tags."""
    path = folder / "products.json"
    rows = [
        {"name": "Anvil", "sale_price": 10, "price": 12, "manufacturer": "Acme", "tags": ["Heavy", "iron"],
         "rating": 4},
        {"name": "Rocket Skates", "sale_price": "$8.50", "price": None, "manufacturer": "",
         "rating": "4.5/5"},
        {"name": None, "sale_price": 3, "manufacturer": "Acme"},
    ]  # fmt: skip
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def products_jsonl(folder: Path) -> Path:
    """JSON Lines with a blank line, a broken line and a line that is not an object."""
    path = folder / "products.jsonl"
    lines = [
        json.dumps({"product_name": "Kettle", "price": "$19.99", "colour": "Silver"}),
        "",
        '{"product_name": "Broken", "price": ',
        "[1, 2]",
        json.dumps({"product_name": "Toaster", "price": 25, "colour": "Black & Red", "stock": "7"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SIMPLE_CSV = 'Product Name,Price,Brand\nLamp,$15.00,Ikea\nChair,45,Ikea\nDesk,"1,200",\n'


def simple_gz(folder: Path) -> Path:
    path = folder / "simple.csv.gz"
    path.write_bytes(gzip.compress(SIMPLE_CSV.encode()))
    return path


def simple_zst(folder: Path) -> Path:
    plain = folder / "simple_plain.csv"
    plain.write_text(SIMPLE_CSV, encoding="utf-8")
    path = folder / "simple.csv.zst"
    with duckdb.connect() as con:  # the stdlib has no zstd writer on 3.11
        con.execute(
            f"COPY (SELECT * FROM read_csv('{plain}', all_varchar=true)) TO '{path}' "
            "(HEADER, COMPRESSION zstd)"
        )
    plain.unlink()
    return path


def typed_parquet(folder: Path) -> Path:
    """Parquet with native types: DOUBLE/DECIMAL prices, a VARCHAR[] of tags, a BIGINT stock."""
    path = folder / "typed.parquet"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT * FROM (VALUES "
            "('P1', 'Desk Lamp', 19.5, 25.00::DECIMAL(10,2), ['Office', 'LED'], 4::BIGINT, 'Matte Black'), "
            "('P2', 'Floor Lamp', 89.0, NULL, [], NULL, 'gold')) "
            "AS t(sku, title, sale_price, list_price, keywords, quantity, colour)) "
            f"TO '{path}' (FORMAT parquet)"
        )
    return path


def ragged_csv(folder: Path) -> Path:
    """The file DuckDB's sniffer reads as one '|'-separated column: quoted newline + ragged rows."""
    path = folder / "ragged.csv"
    path.write_text(
        'id,name,price\n1,"Apple, red",$1.00\n2,"multi\nline",2\n3,broken,3,extra,cols\n4,short\n6,ok,6\n',
        encoding="utf-8",
    )
    return path


def mixed_endings_csv(folder: Path) -> Path:
    """CRLF and LF line endings in one file: DuckDB's strict mode gives up on it."""
    path = folder / "mixed.csv"
    path.write_bytes(b"name,price\r\nA,1\nB,2\r\nC,3\n")
    return path


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def shopify_csv(folder: Path) -> Path:
    """A Shopify product export: HTML descriptions, variant prices, and an image-only second row."""
    path = folder / "products_export.csv"
    path.write_text(
        "Handle,Title,Body (HTML),Vendor,Product Category,Tags,Variant SKU,Variant Price,"
        "Variant Compare At Price,Image Src\n"
        'linen-shirt,Linen Shirt,"<p>Cool &amp; <b>breathable</b></p>",Acme,'
        'Apparel & Accessories > Clothing > Shirts & Tops,"summer, linen",LS-1,39.00,49.00,a.jpg\n'
        "linen-shirt,,,,,,,,,b.jpg\n",
        encoding="utf-8",
    )
    return path
