"""Organisations named in the seed documents (pure data, no Django imports).

Sources:
- seeds/003: 邵阳市实施民生可感行动工作专班办公室
  《关于全市 1-9 月实施民生可感行动工作推进情况的通报》(2024-10-09)
- seeds/004: 邵东市打好重点民生保障仗工作专班办公室
  《2023年全市重点民生实事项目实施意见》(2023-04-18)

Department names are the short forms the documents themselves use ("市教育局" = 邵阳市教育局 in the
Shaoyang lists, = 邵东市教育局 in the Shaodong lists).
"""

PROVINCE = {"name": "湖南省", "code": "430000"}
CITY = {"name": "邵阳市", "code": "430500"}

# County-level units in the official order of Shaoyang bulletins, with 6-digit administrative codes.
# 经开区 (邵阳经济技术开发区) is a functional zone, not an administrative division: no code.
COUNTIES = [
    ("双清区", "430502"),
    ("大祥区", "430503"),
    ("北塔区", "430511"),
    ("邵东市", "430582"),
    ("新邵县", "430522"),
    ("邵阳县", "430523"),
    ("隆回县", "430524"),
    ("洞口县", "430525"),
    ("绥宁县", "430527"),
    ("新宁县", "430528"),
    ("城步苗族自治县", "430529"),
    ("武冈市", "430581"),
    ("经开区", None),
]

# Pseudo county-level reporting unit for items the city carries itself (e.g. seed 003: "市本级重新挂网，
# 进度 60%" for 市级应急广播建设). Used as a key of county_targets / progress_1_9.
CITY_SELF = "市本级"

CITY_OFFICE = {"name": "邵阳市实施民生可感行动工作专班办公室", "host": "邵阳市人力资源和社会保障局"}

# 市直单位 of 邵阳市. The first group is named in seed 003; the second group are the lead units the
# 2024 programme needs (seed 003 does not print 牵头单位 for every project).
CITY_DEPARTMENTS = [
    # named in seed 003
    "市人力资源和社会保障局",  # hosts the 专班办公室, signs 代章
    "市教育局",  # 徐特立项目, “爱晚”老年学校
    "市应急管理局",  # 基层防灾能力提升
    "市文旅广体局",  # 市本级应急广播 (邵阳市文化旅游广电体育局)
    "市广播电视台",  # 市本级应急广播
    "市水利局",  # 农村水源保障及灌溉能力提升
    # lead units of the 2024 programme
    "市妇联",
    "市卫健委",
    "市民政局",
    "市残联",
    "市司法局",
    "市行政审批服务局",
    "市住房和城乡建设局",
    "市自然资源和规划局",
    "市交通运输局",
    "市公路建设养护中心",
    "市生态环境局",
]

SHAODONG_OFFICE = {"name": "邵东市打好重点民生保障仗工作专班办公室", "host": "邵东市人力资源和社会保障局"}

# Every unit named as 牵头单位 or 责任单位 in seed 004 (附件 tables and body sections 一/二/三), in order of
# first appearance. "市" here means 邵东市. Spelling variants are folded into SHAODONG_ALIASES.
SHAODONG_DEPARTMENTS = [
    "市教育局",
    "市发改局",
    "市财政局",
    "市人力资源和社会保障局",
    "市住房和城乡建设局",
    "市自然资源局",
    "市行政审批服务局",
    "市妇联",
    "市卫健局",
    "市医保局",
    "市民政局",
    "市残联",
    "中国电信邵东分公司",
    "中国移动邵东分公司",
    "中国联通邵东分公司",
    "国网邵东供电公司",
    "市交通运输局",
    "市公路建设养护中心",
    "市农业农村局",
    "市科技和工业信息化局",
    "市水利局",
    "生态环境局邵东分局",
    "市委编办",
    "市城建投",
    "市人民医院",
    "市中医院",
    "市经开区征拆中心",
]

# variant spelling in seed 004 -> canonical entry of SHAODONG_DEPARTMENTS
SHAODONG_ALIASES = {
    "市交通局": "市交通运输局",  # body 一(十); 附件1 writes 市交通运输局
    "市行政审批局": "市行政审批服务局",  # body 一(二); 附件1 writes 市行政审批服务局
    "市人力资源社会保障局": "市人力资源和社会保障局",  # body 四/五/七
    "市卫生健康局": "市卫健局",  # body 二(三)
    "市医疗保障局": "市医保局",  # 附件1 row 5; body writes 市医保局
    "国网邵东市供电公司": "国网邵东供电公司",  # body 一(九)
    # body 二(四) lists 国网邵阳供电公司 where the otherwise identical lists of 一(九) and 三(三) have
    # 国网邵东供电公司; treated as the same local supplier.
    "国网邵阳供电公司": "国网邵东供电公司",
    # 附件1 row 10 writes 市生态环境局; body 一(十) names the unit precisely (邵东 has no bureau of its
    # own since the 2019 vertical-management reform: it is a branch of 邵阳市生态环境局).
    "市生态环境局": "生态环境局邵东分局",
}


def shaodong_unit(name: str) -> str:
    """Canonical spelling of a Shaodong unit name."""
    return SHAODONG_ALIASES.get(name, name)
