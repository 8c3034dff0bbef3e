"""宁川市 — an INVENTED second city beside 邵阳市 in the demo (pure data, no Django imports).

Nothing here comes from a seed: the city, its counties, its office and its programme are made up so that
one instance can show two cities side by side, each office seeing only its own subtree under its own name.
The shape follows the seeds (a 专班办公室 hosted by the HR bureau, 省定/市定 matters, per-county targets).
"""

CITY = {"name": "宁川市", "code": None}
OFFICE = {"name": "宁川市重点民生实事工作专班办公室", "host": "宁川市人力资源和社会保障局"}
COUNTIES = ["青溪区", "白沙县", "云岭县"]
DEPARTMENTS = ["宁川市人力资源和社会保障局", "宁川市教育局", "宁川市卫健委", "宁川市交通运输局"]
OFFICE_USER = ("office_ningchuan", "宁川市专班办公室演示账户")
# The province's own office (invented too): it reads every city's work for reporting and changes none of it.
PROVINCE_OFFICE = {"name": "湖南省重点民生实事工作专班办公室（演示）"}
PROVINCE_OFFICE_USER = ("office_province", "省专班办公室演示账户")

# Reported through month 9 (cumulative, per county); the periods run 1..10 like 邵阳市's.
LAST_MONTH = 9

PROGRAMME = {
    "year": 2024,
    "organisation": CITY["name"],
    "name": "重点民生实事",
    "office": OFFICE["name"],
    "issuing_authority": OFFICE["host"],
    "source_document": "宁川市 2024 年重点民生实事实施方案（演示数据，虚构）",
    "matters": [
        {
            "level": "province",
            "seq": 1,
            "name": "推进教育高质量发展",
            "domain": "education",
            "lead": "宁川市教育局",
            "projects": [
                {
                    "seq": 1,
                    "name": "新增公办幼儿园学位",
                    "lead": "宁川市教育局",
                    "indicators": [
                        {
                            "seq": 1,
                            "name": "新增公办幼儿园学位",
                            "unit": "个",
                            "kind": "quantity",
                            "target": "1800",
                            "county_targets": {"青溪区": "900", "白沙县": "500", "云岭县": "400"},
                            "county_targets_demo": True,
                            "progress_9": {"青溪区": "720", "白沙县": "410", "云岭县": "180"},
                        }
                    ],
                },
            ],
        },
        {
            "level": "province",
            "seq": 2,
            "name": "提升医疗卫生服务能力",
            "domain": "health",
            "lead": "宁川市卫健委",
            "projects": [
                {
                    "seq": 1,
                    "name": "适龄妇女“两癌”免费检查",
                    "lead": "宁川市卫健委",
                    "indicators": [
                        {
                            "seq": 1,
                            "name": "完成“两癌”免费检查",
                            "unit": "人",
                            "kind": "quantity",
                            "target": "24000",
                            "county_targets": {"青溪区": "10000", "白沙县": "8000", "云岭县": "6000"},
                            "county_targets_demo": True,
                            "progress_9": {"青溪区": "8100", "白沙县": "6500", "云岭县": "3900"},
                        }
                    ],
                },
            ],
        },
        {
            "level": "city",
            "seq": 1,
            "name": "改善城乡交通出行",
            "domain": "transport",
            "lead": "宁川市交通运输局",
            "projects": [
                {
                    "seq": 1,
                    "name": "农村公路提质改造",
                    "lead": "宁川市交通运输局",
                    "indicators": [
                        {
                            "seq": 1,
                            "name": "完成农村公路提质改造",
                            "unit": "公里",
                            "kind": "quantity",
                            "target": "120",
                            "county_targets": {"青溪区": "20", "白沙县": "50", "云岭县": "50"},
                            "county_targets_demo": True,
                            "progress_9": {"青溪区": "16", "白沙县": "41.5", "云岭县": "30"},
                        }
                    ],
                },
            ],
        },
    ],
}
