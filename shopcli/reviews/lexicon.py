"""What reviews talk about: aspects, the words that name them in English and Chinese, their labels.

One vocabulary for every catalog: real shops sell shoes, phones, lipstick and rice, and one review
site's words for "battery" are another's. An aspect is found in a clause when one of its terms is;
English terms match whole words (a plural -s or -es too), Chinese terms match as substrings, longest
first. Terms that name the product itself ("speaker" in a speaker review) are left out on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Aspect:
    key: str
    en: str  # label in English
    zh: str  # label in Chinese
    terms_en: tuple[str, ...]
    terms_zh: tuple[str, ...]

    def label(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


def _aspect(key: str, en: str, zh: str, terms_en: str, terms_zh: str) -> Aspect:
    return Aspect(key, en, zh, tuple(t.strip() for t in terms_en.split(",")), tuple(terms_zh.split()))


ASPECTS: tuple[Aspect, ...] = (
    _aspect("fit", "fit", "尺码",
            "fit, fits, fitting, fitted, sizing, size, true to size, runs small, runs large, runs big, "
            "too tight, too loose, too small, too big, snug, length, run small, run large, run big",
            "尺码 码数 合身 偏大 偏小 大小 号码 版型 太紧 太松 挤脚 尺寸 长度"),
    _aspect("comfort", "comfort", "舒适度",
            "comfort, comfortable, comfy, uncomfortable, cushioning, cushioned, cushion, blister, "
            "hurts my feet, hurt my feet, pinch, pinches, ergonomic, breathable, soft on",
            "舒服 舒适 磨脚 脚感 硌脚 透气 柔软 不适 夹头 夹耳 勒 闷脚 闷热 穿着 戴着 佩戴"),
    _aspect("sound", "sound", "音质",
            "sound, sounds, sound quality, audio, bass, treble, volume, noise cancelling, "
            "noise canceling, noise cancellation, anc, microphone, mic, call quality, calls",
            "音质 声音 音效 低音 高音 降噪 音量 杂音 噪音 麦克风 通话 听感"),
    _aspect("battery", "battery", "续航",
            "battery, battery life, charge, charges, charging, charger, recharge, runtime, playback",
            "电池 续航 电量 充电 待机 耗电 充一次"),
    _aspect("build", "build quality", "做工质量",
            "build, build quality, quality, well made, well-made, sturdy, flimsy, durable, durability, "
            "cheaply made, craftsmanship, construction, broke, broken, fell apart, stopped working, "
            "falling apart, defective",
            "质量 做工 品质 用料 结实 牢固 耐用 坏了 质感 粗糙 开胶 断了 坏掉"),
    _aspect("value", "value for money", "性价比",
            "price, value, worth, money, expensive, cheap, overpriced, bargain, affordable, cost, "
            "pricey, deal",
            "价格 性价比 价钱 便宜 贵 划算 值得 实惠 物美价廉 不值 价位 超值"),
    _aspect("delivery", "delivery", "物流",
            "delivery, delivered, shipping, shipped, arrived, arrival, courier, dispatch, dispatched",
            "物流 快递 发货 送货 配送 到货 送达 送到 收到货"),
    _aspect("packaging", "packaging", "包装",
            "packaging, packed, wrapped, packing",
            "包装 盒子 破损 外包装"),
    _aspect("screen", "screen", "屏幕",
            "screen, display, resolution, brightness, touchscreen, touch screen",
            "屏幕 显示 分辨率 亮度 屏"),
    _aspect("performance", "performance", "性能",
            "performance, speed, lag, lags, laggy, processor, runs smoothly, powerful, "
            "suction, heats up, cooks, overheats, overheating",
            "性能 速度 卡顿 流畅 运行 反应 吸力 功率 处理器 发热 发烫 很卡 好卡"),
    _aspect("camera", "camera", "拍照",
            "camera, photos, photo, pictures, video quality, lens, autofocus, zoom, selfie",
            "拍照 相机 像素 摄像头 镜头 照片 对焦 自拍"),
    _aspect("design", "design", "外观",
            "design, look, looks, looking, style, stylish, colour, color, beautiful, pretty, cute, "
            "gorgeous, elegant, ugly",
            "外观 颜值 款式 样子 好看 漂亮 颜色 设计 色差 难看 造型"),
    _aspect("material", "material", "面料材质",
            "material, materials, fabric, stitching, texture, see-through, pilling, thin, thick",
            "面料 布料 材质 材料 手感 起球 掉色 褪色 线头 偏薄 太薄 厚实"),
    _aspect("service", "customer service", "客服售后",
            "customer service, seller, support, refund, replacement, warranty, customer care",
            "客服 服务 卖家 售后 态度 退货 换货 商家 服务员"),
    _aspect("ease_of_use", "ease of use", "易用性",
            "easy to use, easy to set up, setup, set up, app, instructions, controls, user friendly, "
            "user-friendly, intuitive, easy to clean, cleaning, hard to use, complicated",
            "操作 好用 方便 安装 设置 说明书 上手 清洗 易用 难用 麻烦"),
    _aspect("connectivity", "connectivity", "连接",
            "bluetooth, connection, connect, connects, connectivity, pairing, pair, pairs, wifi, wi-fi, "
            "signal, disconnects, disconnecting",
            "蓝牙 连接 信号 配对 断连 断开 网络 无线"),
    _aspect("taste", "taste", "口味",
            "taste, tastes, tasty, flavour, flavor, delicious, fresh, stale, bland, yummy",
            "味道 口感 好吃 难吃 新鲜 口味 鲜美 不新鲜"),
    _aspect("scent", "scent", "气味",
            "smell, smells, scent, fragrance, odor, odour, perfume",
            "气味 香味 香气 异味 刺鼻 留香 臭味"),
)  # fmt: skip
BY_KEY: dict[str, Aspect] = {a.key: a for a in ASPECTS}


_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


@cache
def _english_terms() -> tuple[dict[str, str], int]:
    """English term (its words joined by one space) -> aspect, and the most words a term has."""
    table: dict[str, str] = {}
    for aspect in ASPECTS:
        for term in aspect.terms_en:
            table.setdefault(" ".join(_WORD.findall(term.lower())), aspect.key)
    return table, max(len(term.split()) for term in table)


@cache
def _chinese_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One alternation of every Chinese term, longest first; and each alternative's aspect."""
    terms = sorted(((t, a.key) for a in ASPECTS for t in a.terms_zh), key=lambda tk: (-len(tk[0]), tk[0]))
    return re.compile("|".join(f"({re.escape(t)})" for t, _ in terms)), tuple(k for _, k in terms)


def find_aspects(text: str, language: str) -> tuple[str, ...]:
    """The aspects a piece of text mentions, in order of first mention, each once."""
    if language == "zh":
        pattern, keys = _chinese_pattern()
        return tuple(dict.fromkeys(keys[m.lastindex - 1] for m in pattern.finditer(text) if m.lastindex))
    return tuple(dict.fromkeys(_english_aspects(_WORD.findall(text.lower()))))


def _english_aspects(words: list[str]) -> list[str]:
    """Longest term first at each word (a dictionary look-up per n-gram: a regex of every term was
    ~2 ms a clause); the last word may carry a plural -s or -es."""
    table, longest = _english_terms()
    found, i = [], 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            gram = " ".join(words[i : i + n])
            key = (
                table.get(gram)
                or table.get(gram[:-1] if gram.endswith("s") else "")
                or table.get(gram[:-2] if gram.endswith("es") else "")
            )
            if key:
                found.append(key)
                i += n
                break
        else:
            i += 1
    return found
