"""Domain suggestion from a proposal's text (keyword rules; no model download)."""
from __future__ import annotations

from projects.models import Domain

KEYWORDS: dict[str, tuple[str, ...]] = {
    Domain.TRANSPORT: ("公交", "道路", "公路", "交通", "停车", "红绿灯", "路灯", "桥", "出行", "车站", "人行道", "客运"),
    Domain.EMPLOYMENT: ("就业", "创业", "招聘", "技能培训", "务工", "岗位", "零工"),
    Domain.HOUSING: ("住房", "保障房", "棚改", "老旧小区", "廉租", "公租房", "危房", "加装电梯"),
    Domain.SOCIAL_SECURITY: ("社保", "医保", "养老保险", "低保", "参保", "社会保障"),
    Domain.RELIEF: ("救助", "救济", "困难群众", "特困", "残疾人", "临时救助", "孤儿"),
    Domain.EDUCATION: ("学校", "学位", "教育", "幼儿园", "课后", "教师", "校园", "学生", "午餐"),
    Domain.HEALTH: ("医院", "卫生", "医疗", "诊所", "筛查", "体检", "疫苗", "急救", "两癌", "健康"),
    Domain.CULTURE: ("图书", "文化", "书屋", "剧", "电影", "体育", "健身", "广场舞"),
    Domain.TOURISM: ("旅游", "景区", "民宿", "游客"),
    Domain.ELDERLY: ("养老", "老年", "老人", "助餐", "居家养老", "敬老院", "失能"),
    Domain.ENVIRONMENT: ("污水", "垃圾", "河道", "环境", "绿化", "空气", "噪音", "黑臭", "厕所", "公园"),
    Domain.GOVERNANCE: ("社区", "治理", "物业", "网格", "调解", "便民服务", "政务"),
    Domain.RURAL: ("乡村", "农村", "村级", "农业", "农田", "产业振兴", "村民", "饮水"),
    Domain.SAFETY: ("食品", "安全", "消防", "应急", "监控", "燃气", "防汛", "地质灾害"),
}

_KEYWORD_ITEMS = [(str(domain), words) for domain, words in KEYWORDS.items()]


def domain_suggest(*, text: str) -> str:
    """The domain whose keywords occur most often in the text ('' when none does)."""
    best, best_hits = "", 0
    count = text.count
    for domain, words in _KEYWORD_ITEMS:
        hits = sum(map(count, words))
        if hits > best_hits:
            best, best_hits = domain, hits
    return best
