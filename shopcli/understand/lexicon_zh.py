"""Chinese words for catalog values, matched as substrings, longest first.

Data only; see lexicon.py for the English tables and the conventions. One-character colours (红, 黑)
need context, so 网红 and 口红 are not red; "色" is appended to every colour automatically.
"""

from __future__ import annotations

CATEGORY_ZH: dict[str, tuple[str, ...]] = {
    "dresses": ("连衣裙", "裙子", "礼服", "裙"), "t-shirts": ("t恤", "t恤衫", "短袖", "体恤"),
    "jeans": ("牛仔裤",), "jackets": ("夹克", "外套", "大衣", "风衣", "冲锋衣", "棉服", "棉衣"),
    "hoodies": ("卫衣", "连帽衫"), "sweaters": ("毛衣", "针织衫", "羊毛衫"),
    "skirts": ("半身裙", "短裙", "裙装"), "running shoes": ("跑鞋", "跑步鞋", "慢跑鞋"),
    "sneakers": ("运动鞋", "球鞋", "板鞋", "休闲鞋", "帆布鞋", "小白鞋"),
    "boots": ("靴子", "靴", "短靴", "长靴", "马丁靴"), "backpacks": ("双肩包", "背包"),
    "handbags": ("手提包", "包包", "手袋", "女包", "挎包", "个包", "只包", "款包"),
    "headphones": ("耳机", "耳麦"), "speakers": ("音箱", "音响", "扬声器"),
    "smartphones": ("手机", "智能手机"), "laptops": ("笔记本电脑", "笔记本", "手提电脑", "电脑"),
    "tablets": ("平板电脑", "平板"), "smartwatches": ("智能手表", "手表"),
    "cameras": ("相机", "照相机", "摄像机"), "monitors": ("显示器", "显示屏"), "coffee makers": ("咖啡机",),
    "blenders": ("搅拌机", "破壁机", "料理机", "榨汁机"), "air fryers": ("空气炸锅",),
    "vacuum cleaners": ("吸尘器", "扫地机器人", "扫地机"),
}  # fmt: skip

SUBCATEGORY_ZH: dict[str, tuple[str, ...]] = {
    "over-ear": ("头戴式", "头戴"), "on-ear": ("贴耳式",), "earbuds": ("入耳式", "耳塞"),
    "school": ("书包",), "maxi": ("长款连衣裙", "长裙"), "midi": ("中长裙",),
    "puffer": ("羽绒服", "羽绒外套", "面包服"), "rain jacket": ("雨衣",), "fleece": ("抓绒", "摇粒绒"),
    "parka": ("派克服",), "denim jacket": ("牛仔外套", "牛仔夹克"), "ultrabook": ("轻薄本",),
    "2-in-1": ("二合一",), "mirrorless": ("微单", "无反"), "dslr": ("单反",), "action": ("运动相机",),
    "compact": ("卡片机",), "trail": ("越野跑鞋",), "tote": ("托特包",), "crossbody": ("斜挎包",),
    "shoulder bag": ("单肩包",), "cardigan": ("开衫",), "turtleneck": ("高领毛衣", "高领"),
    "e-reader": ("电子书阅读器", "阅读器"), "foldable": ("折叠屏",),
    "fitness tracker": ("运动手环", "智能手环", "手环"), "smart speaker": ("智能音箱",),
    "soundbar": ("回音壁",), "espresso": ("意式咖啡机",), "robot": ("扫地机器人", "扫地机"),
    "high-top": ("高帮鞋", "高帮"), "low-top": ("低帮鞋", "低帮"), "slip-on": ("一脚蹬", "乐福鞋"),
    "pleated": ("百褶裙",), "a-line": ("a字裙",), "pencil": ("包臀裙",), "snow": ("雪地靴",),
    "chelsea": ("切尔西靴",),
}  # fmt: skip

COMBOS_ZH: dict[str, tuple[str, ...]] = {
    "红米": ("brand:Xiaomi", "category:smartphones"), "苹果手表": ("brand:Apple", "category:smartwatches"),
    "蓝牙耳机": ("feature:bluetooth", "category:headphones"),
    "蓝牙音箱": ("feature:bluetooth", "category:speakers"),
    "无线耳机": ("feature:wireless", "category:headphones"),
    "降噪耳机": ("feature:noise cancelling", "category:headphones"),
    "游戏显示器": ("subcategory:gaming", "category:monitors"),
    "运动手表": ("subcategory:sports watch", "category:smartwatches"), "内置音箱": ("feature:speakers",),
    "石头扫地机": ("brand:Roborock", "category:vacuum cleaners", "subcategory:robot"),
    "儿童": ("feature:kids",), "真无线": ("subcategory:earbuds", "feature:wireless"),
    "游戏本": ("subcategory:gaming", "category:laptops"),
    "电竞本": ("subcategory:gaming", "category:laptops"),
    "登山鞋": ("subcategory:hiking", "category:boots"), "登山靴": ("subcategory:hiking", "category:boots"),
    "登山包": ("subcategory:hiking", "category:backpacks"), "真皮": ("feature:leather",),
    "皮质": ("feature:leather",),
}  # fmt: skip

BRAND_ZH: dict[str, tuple[str, ...]] = {
    "Nike": ("耐克",), "Adidas": ("阿迪达斯", "阿迪"), "Samsung": ("三星",), "Apple": ("苹果",),
    "Sony": ("索尼",), "Huawei": ("华为",), "Xiaomi": ("小米",), "Dell": ("戴尔",), "Lenovo": ("联想",),
    "HP": ("惠普",), "Asus": ("华硕",), "Acer": ("宏碁", "宏基"), "Microsoft": ("微软",),
    "Canon": ("佳能",), "Nikon": ("尼康",), "Fujifilm": ("富士",), "Panasonic": ("松下",),
    "Leica": ("徕卡", "莱卡"), "Philips": ("飞利浦",), "Dyson": ("戴森",), "Uniqlo": ("优衣库",),
    "Levi's": ("李维斯",), "Puma": ("彪马",), "New Balance": ("新百伦",), "Asics": ("亚瑟士",),
    "Converse": ("匡威",), "Vans": ("万斯",), "The North Face": ("北面",), "Arc'teryx": ("始祖鸟",),
    "Canada Goose": ("加拿大鹅",), "Coach": ("蔻驰",), "Gucci": ("古驰",), "Bose": ("博士",),
    "Sennheiser": ("森海塞尔", "森海"), "Google": ("谷歌",), "OnePlus": ("一加",),
    "Motorola": ("摩托罗拉",), "Garmin": ("佳明",), "De'Longhi": ("德龙",),
    "Nespresso": ("雀巢", "奈斯派索"), "Amazon": ("亚马逊",), "Zara": ("飒拉",),
    "Ralph Lauren": ("拉夫劳伦",), "Calvin Klein": ("卡尔文克莱恩",), "Tommy Hilfiger": ("汤米",),
    "Under Armour": ("安德玛",), "Patagonia": ("巴塔哥尼亚",), "Columbia": ("哥伦比亚",),
    "Carhartt": ("卡哈特",), "Saucony": ("索康尼",), "On": ("昂跑",), "Reebok": ("锐步",),
    "Skechers": ("斯凯奇",), "Dr. Martens": ("马汀博士", "马丁博士"), "Timberland": ("添柏岚", "踢不烂"),
    "Clarks": ("其乐",), "Red Wing": ("红翼",), "Samsonite": ("新秀丽",), "Fjallraven": ("北极狐",),
    "Michael Kors": ("迈克高仕",), "Kate Spade": ("凯特丝蓓",), "Tory Burch": ("汤丽柏琦",),
    "Longchamp": ("珑骧",), "Jabra": ("捷波朗",), "Audio-Technica": ("铁三角",), "Marshall": ("马歇尔",),
    "Anker": ("安克",), "Oppo": ("欧珀",), "Razer": ("雷蛇",), "MSI": ("微星",), "Olympus": ("奥林巴斯",),
    "BenQ": ("明基",), "Breville": ("铂富",), "Cuisinart": ("美膳雅",), "KitchenAid": ("凯膳怡",),
    "Tefal": ("特福",), "Shark": ("鲨客",), "Roborock": ("石头科技",), "Vitamix": ("维他密斯",),
    "Hoover": ("胡佛",), "Brooks": ("布鲁克斯",), "Diesel": ("迪赛",), "Osprey": ("小鹰",),
    "Wrangler": ("威格",), "Amazfit": ("华米", "跃我"), "Beats": ("魔音",),
}  # fmt: skip

COLOR_ZH: dict[str, tuple[str, ...]] = {
    "black": ("黑", "纯黑"), "white": ("白", "纯白", "米白", "象牙白"),
    "grey": ("灰", "深灰", "浅灰", "银灰"), "red": ("红", "大红", "酒红", "正红"),
    "blue": ("蓝", "浅蓝", "天蓝", "宝蓝", "湖蓝"), "navy": ("藏青", "藏蓝", "海军蓝", "深蓝"),
    "green": ("绿", "墨绿", "军绿", "浅绿"), "yellow": ("黄", "鹅黄"), "orange": ("橙", "橘", "橘黄"),
    "pink": ("粉", "粉红", "玫红"), "purple": ("紫", "淡紫"), "brown": ("棕", "咖啡", "褐", "驼"),
    "beige": ("米", "卡其", "杏"), "silver": ("银",), "gold": ("金", "香槟金"), "multicolor": ("彩",),
}  # fmt: skip
# Colour words too risky without 色: 小米 is a brand, 彩 is in 彩电, 咖啡 in 咖啡机.
COLOR_ZH_NEEDS_SUFFIX: frozenset[str] = frozenset({
    "咖啡", "彩", "杏", "橘", "米", "褐", "驼",
})  # fmt: skip
# Words a one-character colour ends without being a colour: 网红 is "viral", 明白 "understood".
COLOR_ZH_NOT_WORDS: frozenset[str] = frozenset({
    "网红", "口红", "走红", "爆红", "眼红", "分红", "拉黑", "抹黑", "明白", "蛋白", "空白", "告白", "坦白",
    "黄金", "现金", "资金", "奖金", "五金", "千金", "押金", "收银", "水银", "发红", "发黑", "发白", "变黑",
})  # fmt: skip

FEATURE_ZH: dict[str, tuple[str, ...]] = {
    "waterproof": ("防水",), "water resistant": ("防泼水", "防溅水", "生活防水"),
    "noise cancelling": ("降噪",), "bluetooth": ("蓝牙",), "wireless": ("无线",),
    "sports": ("运动", "跑步", "健身", "锻炼"), "sweat resistant": ("防汗",),
    "lightweight": ("轻便", "轻薄", "轻量", "轻巧", "很轻", "轻一点", "轻一些", "比较轻", "重量轻"),
    "breathable": ("透气",), "organic cotton": ("有机棉",), "stretch": ("弹力", "弹性"),
    "warm": ("保暖", "暖和"), "windproof": ("防风",), "insulated": ("保温", "隔热"), "4k": ("4k",),
    "oled": ("oled",), "fast charging": ("快充", "闪充"),
    "long battery life": ("长续航", "续航长", "续航久", "续航好", "待机长"), "gps": ("gps", "定位"),
    "heart rate": ("心率",), "portable": ("便携",), "usb-c": ("type-c", "typec"),
    "gaming": ("游戏", "电竞", "打游戏"), "touchscreen": ("触屏", "触摸屏"), "5g": ("5g",),
    "quiet": ("静音", "安静", "低噪音"), "casual": ("休闲", "日常"), "formal": ("正式", "正装", "商务"),
    "summer": ("夏天", "夏季", "夏装"), "winter": ("冬天", "冬季", "冬装"),
    "travel": ("旅行", "旅游", "出差"), "kids": ("孩子", "小孩"), "leather": ("皮革",), "vegan": ("纯素",),
    "pet hair": ("宠物毛发", "宠物"), "self-cleaning": ("自清洁",), "nonstick": ("不粘",), "hdr": ("hdr",),
    "eye care": ("护眼",), "height adjustable": ("升降",), "milk frother": ("奶泡",),
    "hepa filter": ("hepa",), "slim fit": ("修身",), "relaxed fit": ("宽松",),
}  # fmt: skip

# Sort words; "!" as in lexicon.SORT_EN.
SORT_ZH: dict[str, str] = {
    "最便宜": "price_asc", "价格最低": "price_asc", "最低价": "price_asc", "从低到高": "price_asc",
    "价格从低到高": "price_asc", "最贵": "price_desc", "价格最高": "price_desc", "从高到低": "price_desc",
    "评分最高": "rating", "评价最高": "rating", "评价最好": "rating", "口碑最好": "rating",
    "好评最多": "rating", "好评率最高": "rating", "评分高": "!rating", "好评多": "!rating",
    "评分最好": "rating", "最受欢迎": "popularity", "销量最高": "popularity", "销量最好": "popularity",
    "卖得最好": "popularity", "最火": "popularity", "人气最高": "popularity", "最畅销": "popularity",
    "便宜": "!price_asc", "实惠": "!price_asc", "平价": "!price_asc", "不贵": "!price_asc",
    "不要太贵": "!price_asc", "别太贵": "!price_asc", "不太贵": "!price_asc", "高端": "!price_desc",
    "奢侈": "!price_desc", "热销": "!popularity", "畅销": "!popularity", "爆款": "!popularity",
    "受欢迎": "!popularity",
}  # fmt: skip

GENERIC_ZH: tuple[str, ...] = (
    "鞋子", "鞋", "包", "衣服", "衬衫", "产品", "东西", "牌子", "品牌", "裤子",
)  # fmt: skip

NEGATORS_ZH: tuple[str, ...] = (
    "不要", "除了", "不含", "不想要", "不喜欢", "排除", "不考虑", "不买", "别买", "别推荐", "不是", "非",
    "别要", "讨厌",
)  # fmt: skip
# Negators written after what they negate: 黑色除外; 不要 and friends only at the end of a clause.
NEGATORS_ZH_AFTER: tuple[str, ...] = (
    "除外", "以外", "之外",
)  # fmt: skip
NEGATORS_ZH_AFTER_AT_END: tuple[str, ...] = (
    "不要", "不行", "免谈",
)  # fmt: skip
NEGATION_FILLERS_ZH: tuple[str, ...] = (
    "的", "买", "用", "要", "是", "任何", "和", "或者", "或", "跟", "与", "及", "还是", "牌子", "品牌",
    "颜色", "这种", "那种", "款", "家",
)  # fmt: skip

# Chinese function words and request phrases: removed before leftover Chinese text becomes keywords
# (longest first, so 我想买 goes before 买). Measured on the labelled set: without these, requests like
# "我想买一件红色的连衣裙" left "我想买一件" behind as a keyword.
STOP_PHRASES_ZH: tuple[str, ...] = tuple(sorted(
    """
    我想买 我想要 我要买 我需要 想买 想要 需要 帮我找 帮我 给我 推荐 一下 有没有 有什么 请问 麻烦
    可以 能不能 一款 一件 一个 一双 一条 一台 一部 一只 一套 一些 几款 什么 哪款 哪个 东西 适合
    用的 用来 好看 好用 的 了 吗 呢 吧
    个 款 件 双 条 台 部 只 我 你 他 她 买 要 想 找 请 和 与 或 及 在 是 有 很
    比较 最好 左右 以内 以下 以上 之间
    预算 价格 元 块 美元 美金 人民币
    """.split(), key=len, reverse=True))  # fmt: skip
