"""Chinese opinion words for product and service reviews, and the words that negate them.

Our own list, because the Chinese library that fits (snownlp, trained on product reviews) takes
~9 s to load and ~10 ms a review here: 100k reviews would take a quarter of an hour, and its
training data overlaps the public test sets. benchmarks/eval_sentiment.py compares the two.
A phrase that already holds its negation ("不错", "不好") is listed whole; the scorer matches the
longest phrase first, so "不错" is never read as 不 + 错.
"""

from __future__ import annotations

POSITIVE: tuple[str, ...] = tuple(
    """
好 很好 挺好 不错 满意 喜欢 推荐 值得 划算 实惠 超值 便宜 优惠 赞 棒 完美 惊喜 漂亮
好看 美观 精致 大气 时尚 舒服 舒适 柔软 透气 合身 合适 正好 轻便 轻巧 结实 牢固 耐用
扎实 厚实 清晰 流畅 迅速 及时 准时 神速 给力 靠谱 好用 方便 实用 简单 省心 贴心 耐心
热情 周到 专业 细心 认真 好吃 美味 鲜美 新鲜 可口 清香 好闻 正品 物美价廉 物超所值
性价比高 质量好 做工好 做工精细 没有色差 无色差 没色差 音质好 续航好 续航长 耐磨 保暖 静音
安静 稳定 灵敏 顺滑 细腻 高端 上档次 有档次 够用 满分 五星 好评 点赞 回购 还会再来
还会再买 一如既往 放心 开心 高兴 愉快 感谢 谢谢 OK ok 可以 还行 挺快 很快 干净 整洁
卫生 宽敞 温馨 喜爱 优秀 出色 强大 够味 入味 划得来 真心不错 没毛病 无可挑剔 惊艳 物有所值
足 很足 很强 顺 很顺 标准 准 快速 快捷 超快 无敌 热乎 分量足 量足 量大 实在 正宗 地道
鲜嫩 酥脆 香脆 性价比很高 性价比超高 性价比挺高
""".split()
)
NEGATIVE: tuple[str, ...] = tuple(
    """
差 很差 太差 差劲 不好 不行 不满意 不喜欢 不推荐 失望 后悔 垃圾 烂 坑 骗 假货 假的 次品
残次 劣质 破 破损 坏 坏了 坏掉 故障 问题 毛病 退货 退款 投诉 差评 糟糕 难用 难看 难吃
难闻 恶心 刺鼻 异味 臭 磨脚 硌脚 夹头 勒 不舒服 不适 太紧 太松 偏大 偏小 不合身 起球
掉色 褪色 缩水 开线 线头 开胶 脱胶 太薄 粗糙 做工差 质量差 色差 卡顿 很卡 死机 发热 发烫
慢 太慢 很慢 龟速 延迟 迟迟 漏 贵 太贵 偏贵 不值 不值得 不划算 坑人 忽悠 敷衍 冷漠
态度差 不理 不回 无语 郁闷 生气 气人 崩溃 无奈 噪音 杂音 断连 断开 没电 耗电 不耐用 一般
凑合 勉强 不新鲜 变质 过期 发霉 馊 油腻 不够 脏 吵 贵了 就这 不怎么样 不太好 上当 欺骗
黑心 别买 不要买 千万别 再也不 不会再 不咋样 不咋 超时 送错 少送 漏送 没送 洒了 撒了 凉了
冷了 太咸 太淡 太油 太少 很少 量少 不好吃 没熟 弱 很弱 模糊 看不清 不清晰 看不懂 不一样
不稳定 夹耳 腥 虫子 头发 石头 奇葩 太次 拜拜 等了 亮度不够 不够亮
""".split()
)
# Words that hold an opinion word or a negator without meaning it ("特别好" is not 别 + 好; "不少" is
# not 不 + 少): matched first, they score nothing.
NEUTRAL: tuple[str, ...] = tuple(
    """
特别 别人 区别 分别 级别 类别 差别 差不多 差点 不少 不仅 不但 不管 无论 不得不 好像 好几
只好 好多 刚好 好不容易 快要 都快 没想到
""".split()
)
# Words that turn the opinion right after them around ("不太方便"); one that is an opinion itself
# ("不够") counts as one when no opinion follows ("亮度不够").
NEGATORS: tuple[str, ...] = tuple(
    "不 没 没有 不太 不是很 不够 不算 不怎么 并不 并没有 毫不 一点也不 一点都不 从不 别 无 未 不会".split()
)
# A contrast starts a new clause: "质量不错，但是物流太慢" praises one thing and criticises another.
CONTRASTS: tuple[str, ...] = tuple("但是 但 不过 可是 然而 就是 只是 却".split())
