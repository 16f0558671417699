"""English and Chinese names for the same things: product types, brands and audiences. Data only.

Each entry is a group of names for one thing, English first, then Chinese; any name stands for all
of them. Used twice, which is why it sits under both users:
- ingest/ derives a category from product names when a catalog has none (a name containing "面膜" or
  "sheet mask" is a face mask) and reads the audience a name states ("Women's", "男士");
- understand/ matches a query in one language against a catalog in the other: "拼图" finds jigsaw
  puzzles, "Estee Lauder eye cream" finds 雅诗兰黛眼霜.
Names are lower case; Latin names match on word boundaries (a plural -s/-es too), Chinese ones as
substrings, longest first. A group lists only names that mean the thing on their own.
"""

from __future__ import annotations

Group = tuple[str, ...]


def _groups(text: str) -> tuple[Group, ...]:
    """One group per line, names separated by " / "."""
    return tuple(tuple(n.strip() for n in line.split(" / ")) for line in text.strip().splitlines())


PRODUCT_TYPES: tuple[Group, ...] = _groups("""
sheet mask / face mask / facial mask / mask / 面膜 / 贴片面膜
sleeping mask / overnight mask / 睡眠面膜
face wash / facewash / facial cleanser / cleanser / cleansing foam / 洗面奶 / 洁面乳 / 洁面膏 / 洁面 / 洗面乳
toner / face toner / 爽肤水 / 化妆水 / 柔肤水 / 紧肤水
serum / essence / face serum / 精华液 / 精华露 / 精华水 / 精华
eye cream / 眼霜
face cream / moisturizer / moisturiser / day cream / night cream / 面霜 / 乳霜 / 保湿霜
lotion / emulsion / 乳液
sunscreen / sunblock / spf / 防晒霜 / 防晒乳 / 防晒喷雾 / 防晒
lipstick / 口红
lip gloss / lip glaze / 唇彩 / 唇釉
lip balm / 润唇膏 / 唇膏
mascara / 睫毛膏
eyeliner / eye liner / 眼线笔 / 眼线液 / 眼线
eyeshadow / eye shadow / 眼影
foundation / 粉底液 / 粉底
concealer / 遮瑕膏 / 遮瑕
primer / makeup base / 妆前乳 / 隔离霜
blush / 腮红
bb cream / bb霜
makeup remover / cleansing oil / micellar water / 卸妆油 / 卸妆水 / 卸妆乳 / 卸妆
perfume / fragrance / eau de parfum / eau de toilette / cologne / 香水
shampoo / 洗发水 / 洗发露
dry shampoo / 干洗发喷雾
conditioner / hair conditioner / 护发素
hair oil / 护发精油 / 发油
hair dryer / hairdryer / blow dryer / 吹风机
body wash / shower gel / 沐浴露
body lotion / 身体乳
hand cream / 护手霜
toothpaste / 牙膏
toothbrush / 牙刷
soap / 香皂 / 肥皂
nail polish / 指甲油
dress / gown / 连衣裙 / 裙子
skirt / 半身裙
jeans / 牛仔裤
trousers / pants / 长裤 / 裤子
shorts / 短裤
t-shirt / tee / tshirt / t恤
shirt / 衬衫
top / 上衣
sweatshirt / hoodie / 卫衣
sweater / 毛衣
jacket / 夹克 / 外套
coat / 大衣
kurta / kurti / 库尔塔
saree / sari / 纱丽
bra / 文胸
briefs / 内裤
sneakers / sneaker / 运动鞋
running shoes / running shoe / 跑鞋 / 跑步鞋
sports shoes / 运动鞋
shoes / 鞋子 / 鞋
boots / boot / 靴子 / 靴
sandals / sandal / 凉鞋
flats / 平底鞋
heels / 高跟鞋
slippers / 拖鞋
socks / 袜子
handbag / 手提包
backpack / rucksack / 双肩包 / 背包
trolley bag / suitcase / luggage / 拉杆箱 / 行李箱
clutch / 手拿包
wallet / 钱包
belt / 腰带 / 皮带
watch / wristwatch / 手表
ring / 戒指
earrings / 耳环 / 耳钉
necklace / 项链
bracelet / 手链 / 手镯
sunglasses / 太阳镜 / 墨镜
bikini / 比基尼
bikini top / 比基尼上衣
bikini bottom / 比基尼下装 / 泳裤
swimwear / beachwear / 泳装 / 泳衣
one-piece swimsuit / one-piece / onepiece / one piece / swimsuit / 连体泳衣
pareo / sarong / cover-up / 沙滩裙 / 罩衫
curtain / curtains / 窗帘
wig / 假发
hair extensions / 接发
phone / mobile phone / smartphone / cell phone / 手机 / 智能手机
feature phone for elderly / elderly phone / senior phone / phone for elderly / 老人机 / 老人手机 / 老年机
headphones / headphone / earphones / headset / 耳机
earbuds / 耳塞
speaker / 音箱 / 音响
laptop / 笔记本电脑
tablet / 平板电脑 / 平板
camera / 相机
television / tv / 电视机 / 电视
air conditioner / split ac / window ac / 空调
refrigerator / fridge / 冰箱
washing machine / 洗衣机
ceiling fan / fan / 风扇
charger / 充电器
power bank / 充电宝
mug / 马克杯
water bottle / bottle / 水杯 / 水壶
green tea / 绿茶
tea / 茶叶 / 茶
coffee / 咖啡
chocolate / 巧克力
honey / 蜂蜜
biscuits / cookies / 饼干
chips / crisps / 薯片
rice / 大米
toy / 玩具
puzzle / jigsaw puzzle / jigsaw / 拼图
building blocks / 积木
cricket bat / 板球拍
cricket gloves / batting gloves / 板球手套
beaker / 烧杯
pipette / micropipette / 移液器 / 移液枪
centrifuge tube / 离心管
test tube rack / 试管架
test tube / 试管
petri dish / 培养皿
filter paper / 滤纸
measuring cylinder / graduated cylinder / 量筒
flask / 烧瓶
funnel / 漏斗
gloves / 手套
scissors / 剪刀
tweezers / 镊子
""")

BRANDS: tuple[Group, ...] = _groups("""
estée lauder / estee lauder / 雅诗兰黛
lancôme / lancome / 兰蔻
l'oréal / l'oreal / loreal / 欧莱雅
clinique / 倩碧
shiseido / 资生堂
guerlain / 娇兰
shu uemura / 植村秀
avène / avene / 雅漾
vichy / 薇姿
laneige / 兰芝
innisfree / 悦诗风吟
nivea / 妮维雅
maybelline / 美宝莲
olay / 玉兰油
sulwhasoo / 雪花秀
max factor / 蜜丝佛陀
sk-ii / skii / sk2 / sk-2
herborist / 佰草集
chando / 自然堂
inoherb / 相宜本草
maxam / 美加净
aupres / 欧珀莱
dior / 迪奥
chanel / 香奈儿
clarins / 娇韵诗
kiehl's / kiehls / 科颜氏
la mer / 海蓝之谜
samsung / 三星
apple / 苹果
huawei / 华为
xiaomi / 小米
sony / 索尼
lenovo / 联想
nike / 耐克
adidas / 阿迪达斯
colgate / 高露洁
puma / 彪马
lego / 乐高
technic / 机械组
titan / 泰坦
""")

# The audiences of schema.AUDIENCES as shoppers and shops write them.
AUDIENCE_WORDS: dict[str, tuple[str, ...]] = {
    "women": ("women", "women's", "womens", "woman", "ladies", "lady", "female", "weiblich", "女士", "女款",
              "女式", "女装", "女生", "女性", "女"),
    "men": ("men", "men's", "mens", "man", "gents", "male", "männlich", "男士", "男款", "男式", "男装",
            "男生",
            "男性", "男"),
    "girls": ("girls", "girl's", "girl", "女童", "女孩"),
    "boys": ("boys", "boy's", "boy", "男童", "男孩"),
    "kids": ("kids", "kid", "children", "child", "kids'", "儿童", "童装", "小孩", "孩子"),
    "baby": ("baby", "babies", "infant", "toddler", "婴儿", "宝宝"),
    "unisex": ("unisex", "中性", "男女通用", "男女"),
}  # fmt: skip
