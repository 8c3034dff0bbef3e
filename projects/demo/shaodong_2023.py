"""邵东市 2023 年重点民生实事 — demo data transcribed from seeds/004 (pure data, no Django imports).

Source: 邵东市打好重点民生保障仗工作专班办公室《关于印发〈2023年全市重点民生实事项目实施意见〉的通知》
(邵东市人力资源和社会保障局代章, 2023-04-18): 24 件实事 = 附件 1 省级 10 + 附件 2 邵阳市级 6 + 附件 3 市级 8.

Conventions:
- "市" in unit names means 邵东市; names are canonicalised with organisations.SHAODONG_ALIASES.
- level: 附件 1 -> "province", 附件 2 (邵阳市定) -> "city", 附件 3 (邵东市本级) -> "county".
- matter names are the body headings (一/二/三 sections); project names are the 附件 1 项目 column (附件 2/3
  items are one matter = one project of the same name); indicator names are the 项目指标 text without the
  upper-level quantity, which goes into "note" ("项目指标：…" verbatim, e.g. "…“两癌”免费检查 95841 人").
- target = the "目标任务" column (邵东's share); responsible units = the 责任单位 lists of the body text.
- Shaodong reports as one unit: county_targets = {"邵东市": target}; nothing here is demo data.

Run `python3 projects/demo/shaodong_2023.py` for the self-check.
"""

PROGRAMME = {
    "year": 2023,
    "organisation": "邵东市",
    "name": "重点民生实事",
    "office": "邵东市打好重点民生保障仗工作专班办公室",
    "issuing_authority": "邵东市人力资源和社会保障局",
    "source_document": "关于印发《2023年全市重点民生实事项目实施意见》的通知",
    "matters": [
        # ============================== 附件 1：2023 省级重点民生实事项目（level province）
        # --- 1 启动省定县域普通高中“徐特立项目”建设
        {
            "level": "province", "seq": 1, "name": "启动省定县域普通高中“徐特立项目”建设",
            "domain": "education", "lead": "市教育局",
            "responsible": [
                "市发改局",
                "市财政局",
                "市人力资源和社会保障局",
                "市住房和城乡建设局",
                "市自然资源局",
            ],
            "description": (
                "2023 年启动县域普通高中“徐特立项目”建设，2024 年全面建成，适应生源增长需要，"
                "改善办学条件。"
            ),
            "projects": [
                {
                    "seq": 1, "name": "县域普通高中“徐特立项目”建设", "lead": "市教育局",
                    "responsible": [
                        "市发改局",
                        "市财政局",
                        "市人力资源和社会保障局",
                        "市住房和城乡建设局",
                        "市自然资源局",
                    ],
                    "domain": "education",
                    "description": (
                        "2023 年启动县域普通高中“徐特立项目”建设，2024 年全面建成，适应生源增长需要，"
                        "改善办学条件。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "启动县域普通高中“徐特立项目”建设", "unit": "所",
                            "kind": "pending", "target": None,
                            "target_text": "待省打好重点民生保障仗工作专班按程序遴选报批后，另行发文确定。",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": (
                                "全省 100 所；项目指标：启动 100 所县域普通高中“徐特立项目”建设，"
                                "适应生源增长需要，改善办学条件（全省 100 所）"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": None},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 2 完成“湘易办”超级服务端用户任务
        {
            "level": "province", "seq": 2, "name": "完成“湘易办”超级服务端用户任务", "domain": "governance",
            "lead": "市行政审批服务局", "responsible": ["市发改局"],
            "description": (
                "上线服务事项 700 项，其中“一网通办”事项达到或超过省定标准；"
                "集成可应用的电子证照种类超过 60 类；用户数突破 47.7 万。"
            ),
            "projects": [
                {
                    "seq": 1, "name": "完成“湘易办”超级服务端用户任务", "lead": "市行政审批服务局",
                    "responsible": ["市发改局"], "domain": "governance",
                    "description": (
                        "上线服务事项 700 项，其中“一网通办”事项达到或超过省定标准；"
                        "集成可应用的电子证照种类超过 60 类；用户数突破 47.7 万。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "上线服务事项", "unit": "项", "kind": "quantity",
                            "target": "700", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False,
                            "note": "项目指标：上线服务事项 700 项，其中“一网通办”事项达到省定标准",
                            "tracked_by": None, "county_targets": {"邵东市": "700"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "集成可应用的电子证照种类", "unit": "类", "kind": "quantity",
                            "target": "60", "target_text": "超过 60 类", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：集成可应用的电子证照种类超过 80 类",
                            "tracked_by": None, "county_targets": {"邵东市": "60"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 3, "name": "用户数", "unit": "万", "kind": "quantity", "target": "47.7",
                            "target_text": "突破 47.7 万", "due_date": None, "lead": None, "is_demo": False,
                            "note": "项目指标：用户数突破 300 万", "tracked_by": None,
                            "county_targets": {"邵东市": "47.7"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 3 促进高质量充分就业
        {
            "level": "province", "seq": 3, "name": "促进高质量充分就业", "domain": "employment",
            "lead": "市人力资源和社会保障局", "responsible": ["市财政局"],
            "description": (
                "城镇新增就业 4980 人；开展补贴性职业技能培训 3530 人次，其中创业培训 530 人次。"
            ),
            "projects": [
                {
                    "seq": 1, "name": "促进高质量充分就业", "lead": "市人力资源和社会保障局",
                    "responsible": ["市财政局"], "domain": "employment",
                    "description": (
                        "城镇新增就业 4980 人；开展补贴性职业技能培训 3530 人次，其中创业培训 530 人次。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "城镇新增就业", "unit": "人", "kind": "quantity",
                            "target": "4980", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：城镇新增就业 4.5 万人", "tracked_by": None,
                            "county_targets": {"邵东市": "4980"}, "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "开展补贴性职业技能培训", "unit": "人次", "kind": "quantity",
                            "target": "3530", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：开展补贴性职业技能培训 3.28 万人次",
                            "tracked_by": None, "county_targets": {"邵东市": "3530"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 3, "name": "创业培训", "unit": "人次", "kind": "quantity",
                            "target": "530", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：创业培训 0.85 万人次", "tracked_by": None,
                            "county_targets": {"邵东市": "530"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 4 开展妇幼健康守护行动
        {
            "level": "province", "seq": 4, "name": "开展妇幼健康守护行动", "domain": "health",
            "lead": "市妇联",
            "responsible": ["市财政局", "市卫健局"],
            "description": "农村适龄及城镇低保适龄妇女“两癌”免费检查 17000 人。",
            "projects": [
                {
                    "seq": 1, "name": "开展妇幼健康守护行动", "lead": "市妇联",
                    "responsible": ["市财政局", "市卫健局"],
                    "domain": "health",
                    "description": "农村适龄及城镇低保适龄妇女“两癌”免费检查 17000 人。",
                    "indicators": [
                        {
                            "seq": 1, "name": "农村适龄及城镇低保适龄妇女“两癌”免费检查", "unit": "人",
                            "kind": "quantity", "target": "17000", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": "项目指标：农村适龄及城镇低保适龄妇女“两癌”免费检查 95841 人",
                            "tracked_by": None, "county_targets": {"邵东市": "17000"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 5 推行异地就医结算与基层医保代办服务
        {
            "level": "province", "seq": 5, "name": "推行异地就医结算与基层医保代办服务",
            "domain": "social_security", "lead": "市医保局", "responsible": [],
            "description": (
                "实现普通门诊异地结算二级以上定点医疗机构全覆盖；"
                "实现全部 43 个门诊慢特病治疗费用省内异地直接结算；实现乡镇(街道)、村(社区)医保参保登记、"
                "信息查询及变更、异地就医备案等经办服务事项直办或帮代办全覆盖。"
            ),
            "projects": [
                {
                    "seq": 1, "name": "推行异地就医结算与基层医保代办服务", "lead": "市医保局",
                    "responsible": [], "domain": "social_security",
                    "description": (
                        "实现普通门诊异地结算二级以上定点医疗机构全覆盖；"
                        "实现全部 43 个门诊慢特病治疗费用省内异地直接结算；实现乡镇(街道)、"
                        "村(社区)医保参保登记、信息查询及变更、"
                        "异地就医备案等经办服务事项直办或帮代办全覆盖。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "每个县区实现普通门诊异地结算二级以上定点医疗机构全覆盖",
                            "unit": "个", "kind": "quantity", "target": "9", "target_text": "",
                            "due_date": None, "lead": None, "is_demo": False, "note": "",
                            "tracked_by": None, "county_targets": {"邵东市": "9"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "每个统筹区实现全部 43 个门诊慢特病治疗费用省内异地直接结算",
                            "unit": "个", "kind": "quantity", "target": "1", "target_text": "",
                            "due_date": None, "lead": None, "is_demo": False, "note": "",
                            "tracked_by": None, "county_targets": {"邵东市": "1"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 3,
                            "name": (
                                "实现乡（镇）医保参保登记、信息查询及变更、"
                                "异地就医备案等经办服务事项直办或帮代办全覆盖"
                            ),
                            "unit": "个", "kind": "quantity", "target": "25", "target_text": "",
                            "due_date": None, "lead": None, "is_demo": False, "note": "",
                            "tracked_by": None, "county_targets": {"邵东市": "25"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 4,
                            "name": (
                                "实现村（社区）医保参保登记、信息查询及变更、"
                                "异地就医备案等经办服务事项直办或帮代办全覆盖"
                            ),
                            "unit": "个", "kind": "quantity", "target": "580", "target_text": "",
                            "due_date": None, "lead": None, "is_demo": False, "note": "",
                            "tracked_by": None, "county_targets": {"邵东市": "580"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 6 提升基本养老服务水平
        {
            "level": "province", "seq": 6, "name": "提升基本养老服务水平", "domain": "elderly",
            "lead": "市民政局",
            "responsible": ["市发改局", "市财政局", "市住房和城乡建设局", "市残联"],
            "description": "完成 550 户困难老年人居家适老化改造。",
            "projects": [
                {
                    "seq": 1, "name": "提升基本养老服务水平", "lead": "市民政局",
                    "responsible": ["市发改局", "市财政局", "市住房和城乡建设局", "市残联"],
                    "domain": "elderly", "description": "完成 550 户困难老年人居家适老化改造。",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成困难老年人居家适老化改造", "unit": "户",
                            "kind": "quantity", "target": "550", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": (
                                "项目指标：完成 4490 户困难老年人居家适老化改造；附件1 本行牵头单位栏空，"
                                "按正文为市民政局"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "550"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 7 提高困难群体救助标准
        {
            "level": "province", "seq": 7, "name": "提高困难群体救助标准", "domain": "relief",
            "lead": "市民政局", "responsible": ["市财政局", "市残联"],
            "description": (
                "提高城乡低保标准。城市低保标准从不低于 600 元/月提高到不低于 650 元/月，"
                "农村低保标准从不低于 4600 元/年提高到不低于 5000 元/年。提高残疾人“两项补贴”标准，"
                "困难残疾人生活补贴和重度残疾人护理补贴标准分别从不低于 75 元/月·人提高到不低于 80 元/月·"
                "人。提高孤儿和事实无人抚养儿童基本生活最低保障标准，散居孤儿从 950 元/月提高到 1100 元/月"
                "，集中养育孤儿从 1350 元/月提高到 1500 元/月执行。"
            ),
            "projects": [
                {
                    "seq": 1, "name": "提高城乡低保标准", "lead": "市民政局",
                    "responsible": ["市财政局", "市残联"], "domain": "relief",
                    "description": (
                        "城市低保标准从不低于 600 元/月提高到不低于 650 元/月，"
                        "农村低保标准从不低于 4600 元/年提高到不低于 5000 元/年。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "城市低保标准", "unit": "元/月", "kind": "standard",
                            "target": "650", "target_text": "不低于 650 元/月", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": "项目指标：城市低保标准不低于 650 元每月；原标准不低于 600 元/月",
                            "tracked_by": None, "county_targets": {"邵东市": "650"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "农村低保标准", "unit": "元/年", "kind": "standard",
                            "target": "5000", "target_text": "不低于 5000 元/年", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": "项目指标：农村低保标准不低于 5000 元每年；原标准不低于 4600 元/年",
                            "tracked_by": None, "county_targets": {"邵东市": "5000"},
                            "county_targets_demo": False,
                        },
                    ],
                },
                {
                    "seq": 2, "name": "提高残疾人“两项补贴”标准", "lead": "市民政局",
                    "responsible": ["市财政局", "市残联"], "domain": "relief",
                    "description": (
                        "困难残疾人生活补贴和重度残疾人护理补贴标准分别从不低于 75 元/月·人提高到不低于 80"
                        " 元/月·人。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "困难残疾人生活补贴标准", "unit": "元/月·人",
                            "kind": "standard", "target": "80", "target_text": "不低于 80 元/月·人",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": (
                                "项目指标：困难残疾人生活补贴标准不低于 80 元/月·人；"
                                "原标准不低于 75 元/月·人"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "80"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "重度残疾人护理补贴标准", "unit": "元/月·人",
                            "kind": "standard", "target": "80", "target_text": "不低于 80 元/月·人",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": (
                                "项目指标：重度残疾人护理补贴标准不低于 80 元/月·人；"
                                "原标准不低于 75 元/月·人"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "80"},
                            "county_targets_demo": False,
                        },
                    ],
                },
                {
                    "seq": 3, "name": "提高孤儿和事实无人抚养儿童基本生活最低保障标准", "lead": "市民政局",
                    "responsible": ["市财政局", "市残联"], "domain": "relief",
                    "description": (
                        "散居孤儿从 950 元/月提高到 1100 元/月，集中养育孤儿从 1350 元/月提高到 1500 元/月"
                        "执行。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "散居孤儿基本生活最低保障标准", "unit": "元/月",
                            "kind": "standard", "target": "1100", "target_text": "提高到 1100 元/月",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": "项目指标：散居孤儿提高到 1100 元/月；原标准 950 元/月",
                            "tracked_by": None, "county_targets": {"邵东市": "1100"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "集中养育孤儿基本生活最低保障标准", "unit": "元/月",
                            "kind": "standard", "target": "1500", "target_text": "提高到 1500 元/月",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": "项目指标：集中养育孤儿提高到 1500 元/月；原标准 1350 元/月",
                            "tracked_by": None, "county_targets": {"邵东市": "1500"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 8 开展残疾人关爱服务
        {
            "level": "province", "seq": 8, "name": "开展残疾人关爱服务", "domain": "social_security",
            "lead": "市残联",
            "responsible": ["市教育局", "市民政局", "市财政局", "市卫健局", "市医保局"],
            "description": "康复救助残疾儿童 298 人；完成 140 户困难残疾人家庭无障碍改造。",
            "projects": [
                {
                    "seq": 1, "name": "开展残疾人关爱服务", "lead": "市残联",
                    "responsible": ["市教育局", "市民政局", "市财政局", "市卫健局", "市医保局"],
                    "domain": "social_security",
                    "description": "康复救助残疾儿童 298 人；完成 140 户困难残疾人家庭无障碍改造。",
                    "indicators": [
                        {
                            "seq": 1, "name": "康复救助残疾儿童", "unit": "人", "kind": "quantity",
                            "target": "298", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：康复救助残疾儿童 1140 人",
                            "tracked_by": None, "county_targets": {"邵东市": "298"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "完成困难残疾人家庭无障碍改造", "unit": "户",
                            "kind": "quantity", "target": "140", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": "项目指标：完成 1300 户困难残疾人家庭无障碍改造", "tracked_by": None,
                            "county_targets": {"邵东市": "140"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 9 加快城镇老旧小区改造
        {
            "level": "province", "seq": 9, "name": "加快城镇老旧小区改造", "domain": "housing",
            "lead": "市住房和城乡建设局",
            "responsible": [
                "市发改局",
                "市民政局",
                "市财政局",
                "市自然资源局",
                "中国电信邵东分公司",
                "中国移动邵东分公司",
                "中国联通邵东分公司",
                "国网邵东供电公司",
            ],
            "description": "开工改造 22 个城镇老旧小区。城镇住宅小区居民“一户一表”改造接收 1680 户",
            "projects": [
                {
                    "seq": 1, "name": "城镇老旧小区改造", "lead": "市住房和城乡建设局",
                    "responsible": [
                        "市发改局",
                        "市民政局",
                        "市财政局",
                        "市自然资源局",
                        "中国电信邵东分公司",
                        "中国移动邵东分公司",
                        "中国联通邵东分公司",
                        "国网邵东供电公司",
                    ],
                    "domain": "housing",
                    "description": "开工改造 22 个城镇老旧小区。城镇住宅小区居民“一户一表”改造接收 1680 户",
                    "indicators": [
                        {
                            "seq": 1, "name": "开工改造城镇老旧小区", "unit": "个", "kind": "quantity",
                            "target": "22", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：开工改造 176 个城镇老旧小区",
                            "tracked_by": None, "county_targets": {"邵东市": "22"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "城镇住宅小区居民“一户一表”改造接收", "unit": "户",
                            "kind": "quantity", "target": "1680", "target_text": "", "due_date": None,
                            "lead": "国网邵东供电公司", "is_demo": False,
                            "note": (
                                "项目指标：城镇住宅小区居民“一户一表”10000 户改造接收；正文一(九)："
                                "牵头单位国网邵东市供电公司，责任单位市发改局"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "1680"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 10 加强农村“三路”、“两网”及灌溉、饮水建设
        {
            "level": "province", "seq": 10, "name": "加强农村“三路”、“两网”及灌溉、饮水建设",
            "domain": "rural", "lead": "市交通运输局",
            "responsible": [
                "国网邵东供电公司",
                "市科技和工业信息化局",
                "市水利局",
                "生态环境局邵东分局",
                "市公路建设养护中心",
                "市发改局",
                "市财政局",
                "市自然资源局",
                "市农业农村局",
                "中国电信邵东分公司",
                "中国移动邵东分公司",
                "中国联通邵东分公司",
            ],
            "description": (
                "农村“三路”建设、农村公路提质改造 101 公里；建设农村公路安防设施 161 公里。"
                "农村电网巩固提升工程。农村地区 110 千伏、35 千伏、10 千伏及以下电网供电能力提升。"
                "乡村信息化网络建设。加快农村新型基础设施建设，推动行政村 5G 网络和千兆光纤网络覆盖，"
                "深化 20 户以上自然村 4G 网络覆盖，积极拓展农村地区宽带业务，高效服务数字乡村信息应用。"
                "农村水源保障及灌溉能力提升。新增蓄水 73 万方左右,恢复和改善灌溉面积 3 万亩。"
                "完成 20 个农村千人以上集中饮用水水源地突出环境问题整治。"
            ),
            "projects": [
                {
                    "seq": 1, "name": "农村“三路”建设", "lead": "市交通运输局",
                    "responsible": [
                        "市公路建设养护中心",
                        "市发改局",
                        "市财政局",
                        "市自然资源局",
                        "市农业农村局",
                    ],
                    "domain": "transport",
                    "description": (
                        "农村“三路”建设、农村公路提质改造 101 公里；建设农村公路安防设施 161 公里。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "农村公路提质改造", "unit": "公里", "kind": "quantity",
                            "target": "101", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False,
                            "note": (
                                "项目指标：农村公路提质改造 503 公里；牵头单位：市交通运输局、"
                                "市公路建设养护中心"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "101"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "建设农村公路安防设施", "unit": "公里", "kind": "quantity",
                            "target": "161", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False,
                            "note": (
                                "项目指标：建设农村公路安防设施 758 公里；牵头单位：市交通运输局、"
                                "市公路建设养护中心"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "161"},
                            "county_targets_demo": False,
                        },
                    ],
                },
                {
                    "seq": 2, "name": "农村电网巩固提升工程", "lead": "国网邵东供电公司",
                    "responsible": ["市发改局"], "domain": "rural",
                    "description": "农村地区 110 千伏、35 千伏、10 千伏及以下电网供电能力提升。",
                    "indicators": [
                        {
                            "seq": 1, "name": "农村地区 110 千伏、35 千伏电网供电能力提升", "unit": "万元",
                            "kind": "quantity", "target": "9577", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "9577"}, "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "农村地区 10 千伏及以下电网供电能力提升", "unit": "万元",
                            "kind": "quantity", "target": "4316", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "4316"}, "county_targets_demo": False,
                        },
                    ],
                },
                {
                    "seq": 3, "name": "乡村信息化网络建设", "lead": "市科技和工业信息化局",
                    "responsible": [
                        "市财政局",
                        "中国电信邵东分公司",
                        "中国移动邵东分公司",
                        "中国联通邵东分公司",
                    ],
                    "domain": "rural",
                    "description": (
                        "加快农村新型基础设施建设，推动行政村 5G 网络和千兆光纤网络覆盖，"
                        "深化 20 户以上自然村 4G 网络覆盖，积极拓展农村地区宽带业务，"
                        "高效服务数字乡村信息应用。"
                    ),
                    "indicators": [
                        {
                            "seq": 1, "name": "农村新增基站", "unit": "个", "kind": "quantity",
                            "target": "112", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：农村新增基站 850 个", "tracked_by": None,
                            "county_targets": {"邵东市": "112"}, "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "农村新增千兆光纤端口", "unit": "个", "kind": "quantity",
                            "target": "13283", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：农村新增千兆光纤端口 80200 个",
                            "tracked_by": None, "county_targets": {"邵东市": "13283"},
                            "county_targets_demo": False,
                        },
                    ],
                },
                {
                    "seq": 4, "name": "农村水源保障及灌溉能力提升", "lead": "市水利局",
                    "responsible": ["市发改局", "市财政局"],
                    "domain": "rural", "description": "新增蓄水 73 万方左右,恢复和改善灌溉面积 3 万亩。",
                    "indicators": [
                        {
                            "seq": 1, "name": "新增蓄水能力", "unit": "万方", "kind": "quantity",
                            "target": "73", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False,
                            "note": "项目指标：新增蓄水能力 517 万方；正文：新增蓄水 73 万方左右",
                            "tracked_by": None, "county_targets": {"邵东市": "73"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "恢复和改善灌溉面积", "unit": "万亩", "kind": "quantity",
                            "target": "3", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：恢复和改善灌溉面积 15 万亩",
                            "tracked_by": None, "county_targets": {"邵东市": "3"},
                            "county_targets_demo": False,
                        },
                    ],
                },
                {
                    "seq": 5, "name": "农村千人以上集中饮用水水源地突出环境问题整治",
                    "lead": "生态环境局邵东分局",
                    "responsible": ["市财政局", "市水利局", "市农业农村局"],
                    "domain": "environment",
                    "description": "完成 20 个农村千人以上集中饮用水水源地突出环境问题整治。",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成农村千人以上集中饮用水水源地突出环境问题整治",
                            "unit": "个", "kind": "quantity", "target": "20", "target_text": "",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": (
                                "项目指标：完成 117 个农村千人以上集中饮用水水源地突出环境问题整治；"
                                "附件1 牵头单位写作市生态环境局"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "20"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # ============================== 附件 2：2023 邵阳市级重点民生实事项目（level city）
        # --- 1 建设乡镇标准化寄宿制学校 3 所
        {
            "level": "city", "seq": 1, "name": "建设乡镇标准化寄宿制学校 3 所", "domain": "education",
            "lead": "市教育局",
            "responsible": ["市委编办", "市财政局", "市人力资源和社会保障局", "市自然资源局"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "建设乡镇标准化寄宿制学校 3 所", "lead": "市教育局",
                    "responsible": ["市委编办", "市财政局", "市人力资源和社会保障局", "市自然资源局"],
                    "domain": "education", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "建设乡镇标准化寄宿制学校", "unit": "所", "kind": "quantity",
                            "target": "3", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：建设乡镇标准化寄宿制学校 35 所",
                            "tracked_by": None, "county_targets": {"邵东市": "3"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 2 完成困难家庭适老化改造 350 户
        {
            "level": "city", "seq": 2, "name": "完成困难家庭适老化改造 350 户", "domain": "elderly",
            "lead": "市民政局",
            "responsible": ["市发改局", "市财政局", "市住房和城乡建设局", "市残联"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "完成困难家庭适老化改造 350 户", "lead": "市民政局",
                    "responsible": ["市发改局", "市财政局", "市住房和城乡建设局", "市残联"],
                    "domain": "elderly", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成困难家庭适老化改造", "unit": "户", "kind": "quantity",
                            "target": "350", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：完成困难家庭适老化改造 2928 户",
                            "tracked_by": None, "county_targets": {"邵东市": "350"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 3 完成残疾儿童康复救助 298 人,完成困难残疾人家庭无障碍改造 140 户
        {
            "level": "city", "seq": 3,
            "name": "完成残疾儿童康复救助 298 人,完成困难残疾人家庭无障碍改造 140 户",
            "domain": "social_security", "lead": "市残联",
            "responsible": ["市教育局", "市民政局", "市财政局", "市卫健局", "市医保局"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "完成残疾儿童康复救助 298 人,完成困难残疾人家庭无障碍改造 140 户",
                    "lead": "市残联",
                    "responsible": ["市教育局", "市民政局", "市财政局", "市卫健局", "市医保局"],
                    "domain": "social_security", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成残疾儿童康复救助", "unit": "人", "kind": "quantity",
                            "target": "298", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：完成残疾儿童康复救助 1000 人",
                            "tracked_by": None, "county_targets": {"邵东市": "298"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "完成困难残疾人家庭无障碍改造", "unit": "户",
                            "kind": "quantity", "target": "140", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": "项目指标：完成困难残疾人家庭无障碍改造 1000 户", "tracked_by": None,
                            "county_targets": {"邵东市": "140"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 4 启动城镇老旧小区改造项目 22 个
        {
            "level": "city", "seq": 4, "name": "启动城镇老旧小区改造项目 22 个", "domain": "housing",
            "lead": "市住房和城乡建设局",
            "responsible": [
                "市发改局",
                "市民政局",
                "市财政局",
                "市自然资源局",
                "中国电信邵东分公司",
                "中国移动邵东分公司",
                "中国联通邵东分公司",
                "国网邵东供电公司",
            ],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "启动城镇老旧小区改造项目 22 个", "lead": "市住房和城乡建设局",
                    "responsible": [
                        "市发改局",
                        "市民政局",
                        "市财政局",
                        "市自然资源局",
                        "中国电信邵东分公司",
                        "中国移动邵东分公司",
                        "中国联通邵东分公司",
                        "国网邵东供电公司",
                    ],
                    "domain": "housing", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "启动城镇老旧小区改造项目", "unit": "个", "kind": "quantity",
                            "target": "22", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：启动城镇老旧小区改造项目 150 个",
                            "tracked_by": None, "county_targets": {"邵东市": "22"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 5 完成农村危房改造 206 户
        {
            "level": "city", "seq": 5, "name": "完成农村危房改造 206 户", "domain": "housing",
            "lead": "市住房和城乡建设局",
            "responsible": ["市城建投", "市发改局", "市自然资源局", "市财政局"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "完成农村危房改造 206 户", "lead": "市住房和城乡建设局",
                    "responsible": ["市城建投", "市发改局", "市自然资源局", "市财政局"],
                    "domain": "housing", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成农村危房改造", "unit": "户", "kind": "quantity",
                            "target": "206", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False,
                            "note": (
                                "项目指标：完成农村危房改造 945 户；附件2 本行牵头单位栏空，"
                                "按正文为市住房和城乡建设局"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "206"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 6 完成污水管网改造 4 公里、新建污水管网 4.6 公里
        {
            "level": "city", "seq": 6, "name": "完成污水管网改造 4 公里、新建污水管网 4.6 公里",
            "domain": "environment", "lead": "市住房和城乡建设局", "responsible": [], "description": "",
            "projects": [
                {
                    "seq": 1, "name": "完成污水管网改造 4 公里、新建污水管网 4.6 公里",
                    "lead": "市住房和城乡建设局", "responsible": [], "domain": "environment",
                    "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成污水管网改造", "unit": "公里", "kind": "quantity",
                            "target": "4", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：完成污水管网改造 33 公里",
                            "tracked_by": None, "county_targets": {"邵东市": "4"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "新建污水管网", "unit": "公里", "kind": "quantity",
                            "target": "4.6", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "项目指标：新建污水管网 24 公里", "tracked_by": None,
                            "county_targets": {"邵东市": "4.6"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # ============================== 附件 3：2023 市级（邵东市本级）重点民生实事项目（level county）
        # --- 1 人民医院东扩、中医院搬迁工程
        {
            "level": "county", "seq": 1, "name": "人民医院东扩、中医院搬迁工程", "domain": "health",
            "lead": "市卫健局",
            "responsible": ["市人民医院", "市中医院", "市财政局"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "人民医院东扩、中医院搬迁工程", "lead": "市卫健局",
                    "responsible": ["市人民医院", "市中医院", "市财政局"],
                    "domain": "health", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "人民医院东扩、中医院搬迁工程", "unit": "",
                            "kind": "deadline", "target": None, "target_text": "2023 年全面完成",
                            "due_date": "2023-12-31", "lead": None, "is_demo": False, "note": "",
                            "tracked_by": None, "county_targets": {"邵东市": None},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 2 小型水库除险加固 17 座
        {
            "level": "county", "seq": 2, "name": "小型水库除险加固 17 座", "domain": "safety",
            "lead": "市水利局",
            "responsible": ["市发改局", "市财政局"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "小型水库除险加固 17 座", "lead": "市水利局",
                    "responsible": ["市发改局", "市财政局"],
                    "domain": "safety", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "小型水库除险加固工程", "unit": "座", "kind": "quantity",
                            "target": "17", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "17"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 3 完成省、邵阳市定任务以外的城镇老旧小区改造 12 个
        {
            "level": "county", "seq": 3, "name": "完成省、邵阳市定任务以外的城镇老旧小区改造 12 个",
            "domain": "housing", "lead": "市住房和城乡建设局",
            "responsible": [
                "市发改局",
                "市民政局",
                "市财政局",
                "市自然资源局",
                "中国电信邵东分公司",
                "中国移动邵东分公司",
                "中国联通邵东分公司",
                "国网邵东供电公司",
            ],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "完成省、邵阳市定任务以外的城镇老旧小区改造 12 个",
                    "lead": "市住房和城乡建设局",
                    "responsible": [
                        "市发改局",
                        "市民政局",
                        "市财政局",
                        "市自然资源局",
                        "中国电信邵东分公司",
                        "中国移动邵东分公司",
                        "中国联通邵东分公司",
                        "国网邵东供电公司",
                    ],
                    "domain": "housing", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "城镇老旧小区改造（省、邵阳市定任务以外）", "unit": "个",
                            "kind": "quantity", "target": "12", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "12"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 4 加速城市燃气管网建设, 新增燃气用户 6000 户
        {
            "level": "county", "seq": 4, "name": "加速城市燃气管网建设, 新增燃气用户 6000 户",
            "domain": "housing", "lead": "市住房和城乡建设局", "responsible": [], "description": "",
            "projects": [
                {
                    "seq": 1, "name": "加速城市燃气管网建设, 新增燃气用户 6000 户",
                    "lead": "市住房和城乡建设局", "responsible": [], "domain": "housing", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "新增燃气用户", "unit": "户", "kind": "quantity",
                            "target": "6000", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "附件3 本行牵头单位栏空，按正文为市住房和城乡建设局",
                            "tracked_by": None, "county_targets": {"邵东市": "6000"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 5 深入开展数字化转型行动和中小企业“两上三化”专项行动, 带动 120 家以上企业深度“上云”、70 家以…
        {
            "level": "county", "seq": 5,
            "name": (
                "深入开展数字化转型行动和中小企业“两上三化”专项行动, 带动 120 家以上企业深度“上云”、"
                "70 家以上企业“上平台”"
            ),
            "domain": "employment", "lead": "市科技和工业信息化局", "responsible": [], "description": "",
            "projects": [
                {
                    "seq": 1,
                    "name": (
                        "深入开展数字化转型行动和中小企业“两上三化”专项行动, 带动 120 家以上企业深度“上云”"
                        "、70 家以上企业“上平台”"
                    ),
                    "lead": "市科技和工业信息化局", "responsible": [], "domain": "employment",
                    "description": "",
                    "indicators": [
                        {
                            "seq": 1,
                            "name": (
                                "深入开展数字化转型行动和中小企业“两上三化”专项行动，带动企业深度“上云”"
                            ),
                            "unit": "家", "kind": "quantity", "target": "120", "target_text": "120 家以上",
                            "due_date": None, "lead": None, "is_demo": False,
                            "note": "附件3 原文作“数字化转转型”，按正文改正", "tracked_by": None,
                            "county_targets": {"邵东市": "120"}, "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "带动企业“上平台”", "unit": "家", "kind": "quantity",
                            "target": "70", "target_text": "70 家以上", "due_date": None, "lead": None,
                            "is_demo": False, "note": "附件3 本行单位栏空，同上行为“家”",
                            "tracked_by": None, "county_targets": {"邵东市": "70"},
                            "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 6 新建梅岭学校、4 所高标准幼儿园, 全面完成昭阳中学二期工程
        {
            "level": "county", "seq": 6, "name": "新建梅岭学校、4 所高标准幼儿园, 全面完成昭阳中学二期工程",
            "domain": "education", "lead": "市教育局",
            "responsible": [
                "市发改局",
                "市财政局",
                "市人力资源和社会保障局",
                "市住房和城乡建设局",
                "市自然资源局",
            ],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "新建梅岭学校、4 所高标准幼儿园, 全面完成昭阳中学二期工程",
                    "lead": "市教育局",
                    "responsible": [
                        "市发改局",
                        "市财政局",
                        "市人力资源和社会保障局",
                        "市住房和城乡建设局",
                        "市自然资源局",
                    ],
                    "domain": "education", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "新建梅岭学校。全面完成昭阳中学二期工程", "unit": "所",
                            "kind": "quantity", "target": "1", "target_text": "", "due_date": None,
                            "lead": None, "is_demo": False,
                            "note": (
                                "目标 1 所指新建梅岭学校；昭阳中学二期工程 2023 年全面完成，"
                                "附件3 未单列目标"
                            ),
                            "tracked_by": None, "county_targets": {"邵东市": "1"},
                            "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "新建高标准幼儿园", "unit": "所", "kind": "quantity",
                            "target": "4", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "4"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 7 实施特色强农行动，创建省级联合示范体 2 个以上，培育新增市级龙头企业 5 家以上
        {
            "level": "county", "seq": 7,
            "name": "实施特色强农行动，创建省级联合示范体 2 个以上，培育新增市级龙头企业 5 家以上",
            "domain": "rural", "lead": "市农业农村局", "responsible": [], "description": "",
            "projects": [
                {
                    "seq": 1,
                    "name": "实施特色强农行动，创建省级联合示范体 2 个以上，培育新增市级龙头企业 5 家以上",
                    "lead": "市农业农村局", "responsible": [], "domain": "rural", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "实施特色强农行动，创建省级联合示范体", "unit": "个",
                            "kind": "quantity", "target": "2", "target_text": "2 个以上", "due_date": None,
                            "lead": None, "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "2"}, "county_targets_demo": False,
                        },
                        {
                            "seq": 2, "name": "培育新增市级龙头企业", "unit": "家", "kind": "quantity",
                            "target": "5", "target_text": "5 家以上", "due_date": None, "lead": None,
                            "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "5"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
        # --- 8 完成城区超期安置交付 1000 户，实现存量清零
        {
            "level": "county", "seq": 8, "name": "完成城区超期安置交付 1000 户，实现存量清零",
            "domain": "housing", "lead": "市经开区征拆中心",
            "responsible": ["市发改局", "市自然资源局", "市财政局"],
            "description": "",
            "projects": [
                {
                    "seq": 1, "name": "完成城区超期安置交付 1000 户，实现存量清零",
                    "lead": "市经开区征拆中心",
                    "responsible": ["市发改局", "市自然资源局", "市财政局"],
                    "domain": "housing", "description": "",
                    "indicators": [
                        {
                            "seq": 1, "name": "完成城区超期安置交付任务", "unit": "户", "kind": "quantity",
                            "target": "1000", "target_text": "", "due_date": None, "lead": None,
                            "is_demo": False, "note": "", "tracked_by": None,
                            "county_targets": {"邵东市": "1000"}, "county_targets_demo": False,
                        },
                    ],
                },
            ],
        },
    ],
}

if __name__ == "__main__":  # self-check: python3 projects/demo/shaodong_2023.py
    from datetime import date
    from decimal import Decimal

    try:
        from .organisations import SHAODONG_ALIASES, SHAODONG_DEPARTMENTS
    except ImportError:
        from organisations import SHAODONG_ALIASES, SHAODONG_DEPARTMENTS

    KINDS = {"quantity", "percent", "standard", "deadline", "pending"}
    DOMAINS = {"transport", "employment", "housing", "social_security", "relief", "education", "health",
               "culture", "tourism", "elderly", "environment", "governance", "rural", "safety"}
    known = set(SHAODONG_DEPARTMENTS) | set(SHAODONG_ALIASES)
    assert set(SHAODONG_ALIASES.values()) <= set(SHAODONG_DEPARTMENTS)
    used = set()
    counts = {}
    for lv in ("province", "city", "county"):
        ms = [m for m in PROGRAMME["matters"] if m["level"] == lv]
        assert [m["seq"] for m in ms] == list(range(1, len(ms) + 1)), lv
        ps = [p for m in ms for p in m["projects"]]
        inds = [i for p in ps for i in p["indicators"]]
        counts[lv] = (len(ms), len(ps), len(inds))
        for m in ms:
            assert m["domain"] in DOMAINS and m["lead"] in known, m["name"]
            assert [p["seq"] for p in m["projects"]] == list(range(1, len(m["projects"]) + 1)), m["name"]
            for p in m["projects"]:
                assert p["domain"] in DOMAINS, p["name"]
                seqs = [i["seq"] for i in p["indicators"]]
                assert seqs == list(range(1, len(seqs) + 1)), p["name"]
                names = [m["lead"], p["lead"], *m["responsible"], *p["responsible"]]
                names += [i["lead"] for i in p["indicators"] if i["lead"]]
                assert all(n in known for n in names), [n for n in names if n not in known]
                used.update(names)
                for i in p["indicators"]:
                    assert i["kind"] in KINDS, i["name"]
                    assert i["county_targets"] == {"邵东市": i["target"]} and not i["county_targets_demo"]
                    assert "seed_progress" not in i and "progress_1_9" not in i and not i["is_demo"]
                    if i["kind"] in ("quantity", "standard"):
                        assert Decimal(i["target"]) > 0, i["name"]
                    if i["kind"] == "standard":
                        assert i["target"] in i["target_text"], i["name"]
                    if i["kind"] == "pending":
                        assert i["target"] is None and "另行发文确定" in i["target_text"], i["name"]
                    if i["kind"] == "deadline":
                        assert i["target"] is None and date.fromisoformat(i["due_date"]), i["name"]
        print(f"{lv:8} matters {len(ms):2}  projects {len(ps):2}  indicators {len(inds):2}")
    unused = set(SHAODONG_DEPARTMENTS) - used
    assert not unused, unused
    assert counts == {"province": (10, 16, 32), "city": (6, 6, 8), "county": (8, 8, 11)}, counts
    # seed: "2023 年我市办理省、邵阳市、市本级共 24 件重点民生实事"
    assert sum(c[0] for c in counts.values()) == 24
    print("OK")
