"""A suggested class for a description being typed (issue 23): shown, never silently chosen.

Explainable on purpose: a multinomial naive Bayes over **character bigrams** (the 2-character
tokens the complaint search index already cuts, ``complaint_bigram``), learnt from

- the catalogue's keywords (:data:`CATALOGUE_KEYWORDS`, a few situations per sub-class, each
  counted as :data:`KEYWORD_WEIGHT` descriptions), and
- this hall's own history (each recorded complaint's description under its class and sub-class).

:meth:`ClassSuggester.suggest` ranks (class, sub-class) pairs for a text and names the bigrams that
weighed most, so the form can say *why* (“话费 扣费 → 资费争议/乱收费”). Pure: no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hall_desk.domain.catalogue import Catalogue

# class → sub-class → typical words of the situation (the catalogue's keywords)
CATALOGUE_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "电信服务": {
        "服务态度": ("态度差", "不耐烦", "营业员", "工作人员", "服务态度", "爱答不理", "辱骂"),
        "业务办理差错": ("办错", "办理错误", "录入错误", "漏办", "没有办理", "办理差错"),
        "积分兑换": ("积分", "兑换", "积分未到账", "积分清零", "礼品", "积分扣减"),
        "营销宣传": ("宣传", "虚假宣传", "承诺", "优惠活动", "推销", "广告"),
        "个人信息": ("个人信息", "信息泄露", "隐私", "身份证", "实名"),
    },
    "网络质量": {
        "网络故障": ("没有网络", "断网", "无服务", "掉线", "打不通", "网络故障"),
        "信号覆盖": ("信号差", "没信号", "信号弱", "信号不好", "基站", "覆盖"),
        "边界漫游": ("漫游", "边界", "省界", "邻省", "漫游费"),
        "上网速率": ("网速慢", "网速", "速率", "卡顿", "加载慢", "5G"),
    },
    "电信资费": {
        "资费争议/乱收费": ("多扣话费", "扣费", "话费", "乱收费", "费用", "账单", "多收"),
        "代收信息费": ("信息费", "代收费", "SP", "订阅", "短信扣费"),
        "套餐变更": ("套餐", "变更套餐", "未经同意", "套餐被改", "降档", "升档"),
    },
    "业务种类": {
        "携号转网": ("携号转网", "转网", "授权码", "转出", "携转"),
        "垃圾短信": ("垃圾短信", "骚扰", "广告短信", "骚扰电话", "诈骗短信"),
        "增值业务": ("增值业务", "彩铃", "会员", "视频会员", "自动续费", "开通业务"),
        "宽带业务": ("宽带", "光猫", "装机", "宽带故障", "路由器", "上门维修"),
    },
}
KEYWORD_WEIGHT = 3  # a keyword counts as this many descriptions of its sub-class
SMOOTHING = 0.1  # additive smoothing of the bigram counts

_NOT_TEXT = re.compile(r"[\s，。、；：！？,.;:!?（）()【】\"'“”‘’/\-]+")


def bigrams(text: str) -> list[str]:
    """Overlapping 2-character tokens of each run of text (as the search index cuts them);
    a run of one character is kept alone."""
    grams: list[str] = []
    for run in _NOT_TEXT.split(text.lower()):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


@dataclass(frozen=True)
class Suggestion:
    main_class: str
    sub_class: str
    score: float  # log-probability (higher is likelier)
    because: tuple[str, ...]  # the bigrams that weighed most for it

    @property
    def label(self) -> str:
        return f"{self.main_class}/{self.sub_class}"


class ClassSuggester:
    """Bigram counts per (class, sub-class), learnt from keywords and a hall's history."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._counts: dict[tuple[str, str], Counter[str]] = {}
        self._documents: Counter[tuple[str, str]] = Counter()
        self._vocabulary: set[str] = set()
        for main, subs in CATALOGUE_KEYWORDS.items():
            for sub, words in subs.items():
                if catalogue.find(main, sub) is None:
                    continue
                for word in words:
                    self._learn(main, sub, word, KEYWORD_WEIGHT)

    def _learn(self, main: str, sub: str, text: str, weight: int = 1) -> None:
        grams = bigrams(text)
        if not grams:
            return
        counts = self._counts.setdefault((main, sub), Counter())
        for gram in grams:
            counts[gram] += weight
        self._vocabulary.update(grams)
        self._documents[(main, sub)] += weight

    def learn(self, history: Iterable[tuple[str, str, str]]) -> None:
        """(class, sub-class, description) of recorded complaints still in the catalogue. A
        description recorded again word for word under the same sub-class counts once: a stock
        sentence pasted a thousand times says no more than once, and would drown the rest."""
        seen: set[tuple[str, str, str]] = set()
        for main, sub, text in history:
            key = (main, sub, text.strip())
            if key in seen or self.catalogue.find(main, sub) is None:
                continue
            seen.add(key)
            self._learn(main, sub, text)

    def suggest(self, text: str, limit: int = 3, within: str | None = None) -> list[Suggestion]:
        """The likeliest (class, sub-class) for ``text``, best first; empty when the text has
        no bigram ever seen (nothing to go on: no suggestion rather than a guess). ``within``: only
        the sub-classes of that class (the clerk chose the class; the sub-class is suggested)."""
        grams = [g for g in bigrams(text) if g in self._vocabulary]
        if not grams or not self._counts:
            return []
        total_documents = sum(self._documents.values())
        size = len(self._vocabulary)
        ranked: list[Suggestion] = []
        for (main, sub), counts in self._counts.items():
            if within is not None and main != within:
                continue
            total = sum(counts.values())
            score = math.log(self._documents[(main, sub)] / total_documents)
            weights: dict[str, float] = {}
            for gram in grams:
                weight = math.log((counts[gram] + SMOOTHING) / (total + SMOOTHING * size))
                score += weight
                if counts[gram]:
                    weights[gram] = weights.get(gram, 0.0) + weight
            because = tuple(sorted(weights, key=lambda g: -weights[g])[:3])
            ranked.append(Suggestion(main, sub, score, because))
        ranked.sort(key=lambda s: -s.score)
        return ranked[:limit]


def accuracy(
    suggester: ClassSuggester, labelled: Iterable[tuple[str, str, str]]
) -> Mapping[str, float]:
    """Top-1 and top-3 accuracy on (description, class, sub-class) examples."""
    top1 = top3 = count = 0
    for text, main, sub in labelled:
        count += 1
        ranked = [(s.main_class, s.sub_class) for s in suggester.suggest(text, 3)]
        top1 += bool(ranked) and ranked[0] == (main, sub)
        top3 += (main, sub) in ranked
    return {"top1": top1 / count if count else 0.0, "top3": top3 / count if count else 0.0}
