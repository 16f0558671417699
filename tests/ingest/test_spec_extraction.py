"""Specs read from product names and descriptions (ingest/specs.py): the rules for ambiguous figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_fixture import write_catalog

from shopcli.ingest.importer import import_catalog
from shopcli.ingest.info import catalog_info
from shopcli.ingest.specs import extract_specs
from shopcli.intent import Intent, SpecBound
from shopcli.schema import COLUMNS
from shopcli.store.catalog import Catalog

CASES = [
    # pairs: the smaller is memory, the larger storage, however the shop writes them
    ("Redmi K70 8G+128G 5G手机", {"memory_gb": 8, "storage_gb": 128}),
    ("华为Mate60 12+512GB 雅川青", {"memory_gb": 12, "storage_gb": 512}),
    ("三星 W2017 翻盖手机 (4GRAM+64GROM)", {"memory_gb": 4, "storage_gb": 64}),
    (
        "HP 15s (8 GB/512 GB SSD/Windows 11) 15.6 inch Laptop",
        {"memory_gb": 8, "storage_gb": 512, "screen_in": 15.6},
    ),
    ("Acer Swift Go 16 Ultrabook 32GB/2TB, Silver", {"memory_gb": 32, "storage_gb": 2048}),
    # never a pair of weights or a pack count
    ("美加净银耳珍珠滋养霜80g*3+120g*2嫩肤霜", {"weight_g": 80}),
    ("面霜套装 50g+100g", {"weight_g": 50}),
    # a word beside the figure decides; the nearer word after it wins
    ("realme C55 (Rainy Night, 6GB RAM, 64GB Storage)", {"memory_gb": 6, "storage_gb": 64}),
    ("vivo Y35 4G全网通 8G运存", {"memory_gb": 8}),
    # alone: big GB is storage, a small one says nothing; "5G" is a network
    ("Apple iPhone 15 (128 GB) - Black", {"storage_gb": 128}),
    ("Amazon Kindle E-Reader 8GB, Black", {}),
    ("三星 Galaxy On5 移动联通双4G 智能老人机 8G", {}),
    ("U盘 64G 高速", {"storage_gb": 64}),
    # grams, not gigabytes
    ("Amul Butter 500 g", {"weight_g": 500}),
    ("西湖龙井茶叶 500G 礼盒", {"weight_g": 500}),
    ("Tata Salt 1 kg", {"weight_g": 1000}),
    ("五常大米 5斤", {"weight_g": 2500}),
    # other units, English and Chinese
    ("Anker 20,000mAh power bank", {"battery_mah": 20000}),
    ("小米充电宝 10000毫安", {"battery_mah": 10000}),
    ("BFT 6 W LED Bulb", {"power_w": 6}),
    ("美的电水壶 1.5L 304不锈钢", {"volume_ml": 1500}),
    ("雪花秀润珏肌本赋活精华露50ml", {"volume_ml": 50}),
    ("海尔 55寸 4K 电视", {"screen_in": 55}),
    ('Samsung Odyssey G9 Ultrawide Monitor 49" DQHD', {"screen_in": 49}),
    # figures that are not the product's own spec
    ("Baby Dry Pants - Medium, 7-12 Kg", {}),
    ("Rakhi Pillow Set of 2 16 x 24 Inches", {}),
    ("FUR JADEN Backpack with 15.6 Inch Laptop Compartment", {}),
    ("CP PLUS Camera | SD Card (Up to 128 GB)", {}),
    ("Timberland Premium 6-Inch Work Boots", {}),
    ("Felix 3541 W-S Metal Analog Watch", {}),
    ("Sony WH-1000XM5 Headphones", {}),
    # ages, for children and never for pets
    ("LEGO City Fire Station, ages 6+", {"age_min_y": 6}),
    ("木质拼图 3-6岁 儿童益智", {"age_min_y": 3, "age_max_y": 6}),
    ("Whiskas Adult Dry Cat Food (1+ Years), 3kg", {"weight_g": 3000}),
]


@pytest.mark.parametrize(("name", "want"), CASES)
def test_names(name: str, want: dict[str, float]) -> None:
    assert extract_specs(name) == pytest.approx(want)


def test_a_description_adds_what_the_name_lacks_but_not_sizes_of_other_things() -> None:
    assert extract_specs("Dell XPS 13 16GB/512GB", "A 13.4 inch display and 1.2 kg to carry.") == {
        "memory_gb": 16, "storage_gb": 512, "screen_in": 13.4, "weight_g": 1200,
    }  # fmt: skip
    assert extract_specs("Osprey Daypack", "Ideal for commuting with a 15-inch laptop.") == {}
    assert extract_specs("Phone 128GB", "Storage 256GB") == {"storage_gb": 128}  # the name wins


def test_nothing_to_read() -> None:
    assert extract_specs(None, None) == {}
    assert extract_specs("", "") == {}
    assert extract_specs("Classic White Sneakers") == {}


def test_import_writes_specs_reports_coverage_and_a_search_filters_on_them(tmp_path: Path) -> None:
    source = tmp_path / "phones.csv"
    source.write_text(
        "name,price,stock\n"
        "Redmi K70 8G+128G 5G手机,1999,5\n"
        "Redmi Note 13 12GB+256GB,1599,0\n"
        "小米手环 8,199,3\n"
        "Amul Butter 500 g,56,9\n",
        encoding="utf-8",
    )
    out = tmp_path / "phones.parquet"
    report = import_catalog(source, out, currency="CNY")
    assert report.profile.spec_coverage == 0.75
    assert dict(report.profile.specs) == {"memory_gb": 2, "storage_gb": 2, "weight_g": 1}
    assert catalog_info(out).profile.specs == report.profile.specs
    with Catalog.open(out) as cat:
        found = cat.search(Intent(specs=(SpecBound("memory_gb", 10, None, "GB"),)))
        assert [p.name for p in found.products] == ["Redmi Note 13 12GB+256GB"]
        assert found.products[0].in_stock is False and cat.vocabulary().specs == (
            "memory_gb",
            "storage_gb",
            "weight_g",
        )


def test_a_catalog_written_before_specs_still_opens(tmp_path: Path) -> None:
    old = write_catalog(tmp_path, columns=tuple(c for c in COLUMNS if c != "specs"))
    with Catalog.open(old) as cat:
        assert cat.vocabulary().specs == ()
        assert all(p.specs == () for p in cat.search(Intent(), limit=50).products)
