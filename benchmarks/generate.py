"""合成目录生成器: deterministic synthetic catalogs for zwfw's benchmarks and tests.

    python -m benchmarks.generate --scale city|nation|small --out DIR [--seed N]
                                  [--version 2025] [--defects | --no-defects]

Writes ``DIR/catalog/`` in the layout of catalog-format.md §1, ``DIR/expected-findings.json``
(the findings planted on purpose: a sorted list of ``{rule, item, file}``) and
``DIR/generation.json`` (settings, counts, bytes). Without defects the catalog is meant to be
clean under every rule of rulebook.md; with them, every planted finding is listed.

Determinism: every record draws from its own ``random.Random`` seeded from (seed, record
number), nothing iterates a set or reads the clock, so one seed gives byte-identical output.
A later ``--version`` evolves the same catalog (some promised times cut, some items reach
全程网办, a few items added at the end of each file) so that two versions make a realistic diff.

YAML is written as text: every string is double-quoted with ``json.dumps`` (a JSON string is a
YAML 1.2 double-quoted scalar), so codes, dates and words like ``no`` never change type.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_VERSION = 2025


# ---------------------------------------------------------------------------------------------
# Scales and the planted defects


@dataclass(frozen=True)
class Scale:
    name: str
    licensing: tuple[int, int]  # (items, files)
    non_licensing: tuple[int, int]
    filing: tuple[int, int]
    districts: int  # implementation lists written (catalog.yaml always names all 16)
    entries: int  # implementation entries per district
    certificates: int
    benefits: int
    scenarios: int
    defects: bool  # default of --defects
    period: int  # every period-th service item of a list (at offset) carries a defect
    offset: int
    side_period: int  # the same for scenarios, certificate entries and benefits
    side_offset: int
    impl_period: int  # the same for implementation entries (all districts in a row)
    impl_offset: int


SCALES: dict[str, Scale] = {
    "small": Scale("small", (24, 2), (28, 3), (8, 1), 3, 12, 6, 6, 8,
                   False, 6, 2, 3, 1, 7, 3),
    "city": Scale("city", (1200, 14), (1500, 18), (300, 8), 16, 800, 150, 150, 200,
                  True, 79, 39, 37, 18, 997, 500),
    "nation": Scale("nation", (40000, 200), (52000, 250), (8000, 50), 16, 4000, 600, 600, 1500,
                    True, 79, 39, 37, 18, 997, 500),
}

# Each planted service-item defect is named by the rule it must trigger. Per list, the items at
# positions offset, offset+period, ... take the next defect of that list's cycle.
GENERIC_DEFECTS = (
    "promised-within-legal", "instant-item-zero-days", "full-online-zero-visits",
    "zero-visits-needs-channel", "visit-reason-required", "negative-list-reason",
    "contact-format", "consult-not-complaint", "fee-basis-required", "result-type-required",
    "commitment-needs-supervision", "supervision-consistent", "tolerance-material-exists",
    "gov-issued-material-submitted", "newspaper-notice", "inline-material-duplicates-dictionary",
    "ref-material", "ref-data-element", "ref-department", "no-empty-element", "duplicate-name",
    "unique-code", "waiver-expired", "waiver-unused",
)
ITEM_DEFECTS: dict[str, tuple[str, ...]] = {
    "licensing": ("licensing-basis-level", "list-type-mismatch", "code-type-mismatch",
                  *GENERIC_DEFECTS[0::2]),
    "non-licensing": ("national-code-link", "list-type-mismatch", "code-type-mismatch",
                      *GENERIC_DEFECTS[1::2]),
    "filing": ("filing-no-fee", "filing-after-the-fact", "filing-basis-level"),
}
SCENARIO_DEFECTS = ("scenario-min-items", "scenario-lead-involved", "scenario-not-faster",
                    "ref-item")
CERTIFICATE_DEFECTS = ("commitment-excluded-domain", "certificate-not-required-by-item",
                       "ref-item")
BENEFIT_DEFECTS = ("benefit-data-source", "benefit-expired", "benefit-criteria",
                   "benefit-apply-form")
IMPLEMENTATION_DEFECTS = ("uniform-elements",)


# ---------------------------------------------------------------------------------------------
# Vocabulary: 天津市 departments, districts, data sources, data elements, materials

REGION, REGION_CODE = "天津市", "120000"

# id, name, two legal domains, eight topics (globally unique)
DEPARTMENTS: tuple[tuple[str, str, tuple[str, str], tuple[str, ...]], ...] = (
    ("fgw", "天津市发展和改革委员会", ("价格", "招标投标"),
     ("固定资产投资项目", "企业投资项目", "价格认定", "节能审查", "招标代理", "社会信用修复",
      "电力业务", "粮食收购资格")),
    ("jw", "天津市教育委员会", ("教育", "民办教育促进"),
     ("民办学校", "教师资格", "学历认证", "校外培训机构", "中外合作办学", "学生资助", "幼儿园",
      "职业学校")),
    ("kjj", "天津市科学技术局", ("科学技术进步", "促进科技成果转化"),
     ("科技型企业", "技术合同", "高新技术企业", "科研项目", "实验动物", "科技成果",
      "外国人来华工作", "众创空间")),
    ("gxj", "天津市工业和信息化局", ("中小企业促进", "无线电管理"),
     ("工业企业技术改造", "民用爆炸物品", "监控化学品", "无线电台站", "中小企业", "软件企业",
      "工业互联网", "专精特新企业")),
    ("gaj", "天津市公安局", ("居民身份证", "道路交通安全"),
     ("户口迁移", "居民身份证办理", "机动车登记", "机动车驾驶证", "出入境证件",
      "剧毒化学品购买", "保安服务", "大型群众性活动")),
    ("mzj", "天津市民政局", ("社会救助", "老年人权益保障"),
     ("社会团体", "民办非企业单位", "最低生活保障", "特困人员供养", "婚姻登记", "养老机构",
      "殡葬服务", "慈善组织")),
    ("sfj", "天津市司法局", ("律师", "公证"),
     ("律师执业", "公证机构", "司法鉴定", "法律援助", "基层法律服务", "人民调解",
      "仲裁委员会", "律师事务所")),
    ("czj", "天津市财政局", ("会计", "政府采购"),
     ("代理记账", "政府采购", "会计人员", "资产评估机构", "非税收入", "财政票据", "彩票销售",
      "会计师事务所")),
    ("rsj", "天津市人力资源和社会保障局", ("就业促进", "社会保险"),
     ("职业技能等级", "人力资源服务", "劳务派遣", "失业保险", "养老保险", "工伤认定",
      "就业创业", "职称评审")),
    ("ghzy", "天津市规划和自然资源局", ("城乡规划", "土地管理"),
     ("建设用地规划", "建设工程规划", "不动产登记", "测绘资质", "地质勘查", "矿产资源",
      "临时用地", "土地复垦")),
    ("sthj", "天津市生态环境局", ("环境保护", "大气污染防治"),
     ("排污许可", "建设项目环境影响评价", "危险废物经营", "辐射安全", "机动车排放检验",
      "环境监测", "一般工业固体废物", "噪声污染防治")),
    ("zjw", "天津市住房和城乡建设委员会", ("建筑", "城市房地产管理"),
     ("建筑工程施工", "建筑业企业资质", "商品房预售", "房地产开发企业", "物业服务",
      "城市燃气经营", "建设工程消防验收", "住房保障")),
    ("jtysw", "天津市交通运输委员会", ("道路运输", "港口"),
     ("道路运输经营", "出租汽车经营", "公路超限运输", "港口经营", "水路运输", "机动车维修",
      "驾驶员培训", "城市公共交通")),
    ("swj", "天津市水务局", ("水", "防洪"),
     ("取水", "河道管理范围内建设项目", "水土保持方案", "城市排水", "供水企业", "水利工程",
      "节约用水", "蓄滞洪区")),
    ("nyncw", "天津市农业农村委员会", ("农业", "动物防疫"),
     ("农药经营", "兽药经营", "种子生产经营", "动物防疫条件", "渔业捕捞", "农机驾驶",
      "生鲜乳收购", "农村宅基地")),
    ("sw", "天津市商务局", ("对外贸易", "商业特许经营"),
     ("对外贸易经营者", "单用途商业预付卡", "报废机动车回收", "成品油零售", "拍卖企业",
      "外商投资企业", "二手车交易市场", "直销企业")),
    ("whly", "天津市文化和旅游局", ("旅游", "文物保护"),
     ("营业性演出", "娱乐场所", "旅行社", "网络文化经营", "文物保护单位", "艺术品经营",
      "星级饭店", "导游")),
    ("wjw", "天津市卫生健康委员会", ("基本医疗卫生与健康促进", "医师"),
     ("医疗机构执业", "医师执业", "护士执业", "放射诊疗", "母婴保健技术服务", "公共场所卫生",
      "生活饮用水卫生", "出生医学证明")),
    ("tyjrj", "天津市退役军人事务局", ("退役军人保障", "军人抚恤优待"),
     ("退役士兵安置", "优抚对象", "伤残抚恤", "烈士褒扬", "军休干部", "退役军人创业",
      "光荣牌", "军人家属")),
    ("yjj", "天津市应急管理局", ("安全生产", "突发事件应对"),
     ("危险化学品经营", "安全生产", "烟花爆竹经营", "非药品类易制毒化学品", "特种作业人员",
      "非煤矿山", "应急预案", "生产安全事故")),
    ("scjgw", "天津市市场监督管理委员会", ("食品安全", "产品质量"),
     ("食品经营", "食品生产", "药品零售", "特种设备使用", "计量器具", "工业产品生产",
      "检验检测机构", "市场主体")),
    ("tyj", "天津市体育局", ("体育", "全民健身"),
     ("高危险性体育项目", "体育竞赛", "社会体育指导员", "运动员注册", "体育场馆",
      "游泳场所", "体育类社会组织", "体育彩票")),
    ("tjj", "天津市统计局", ("统计", "统计调查"),
     ("统计调查项目", "统计数据", "统计执法", "统计登记", "涉外调查", "统计从业人员",
      "统计报表", "统计信息")),
    ("ybj", "天津市医疗保障局", ("医疗保障", "基本医疗保险"),
     ("医疗保险参保", "医疗费用报销", "定点医药机构", "异地就医", "门诊特定疾病",
      "生育保险", "长期护理保险", "医疗救助")),
    ("rfb", "天津市人民防空办公室", ("人民防空", "防空地下室"),
     ("人防工程", "防空地下室", "人防警报设施", "人防工程拆除", "人防工程监理",
      "人防易地建设", "人防设备", "人防工程平时使用")),
    ("srylw", "天津市城市管理委员会", ("城市绿化", "市容环境卫生"),
     ("城市绿化", "户外广告设施", "建筑垃圾处置", "市政设施", "临时占用绿地", "城市道路挖掘",
      "环境卫生", "古树名木")),
    ("mzzjw", "天津市民族和宗教事务委员会", ("宗教事务", "民族团结进步"),
     ("宗教活动场所", "宗教教职人员", "宗教团体", "清真食品", "民族团结进步创建",
      "宗教院校", "宗教出版物", "宗教临时活动地点")),
    ("dag", "天津市档案馆", ("档案", "档案馆管理"),
     ("档案查阅", "档案出境", "档案寄存", "婚姻档案", "档案鉴定", "档案修复", "档案捐赠",
      "档案利用")),
    ("qxj", "天津市气象局", ("气象", "防雷减灾"),
     ("雷电防护装置", "施放气球", "气象信息服务", "气象探测环境", "人工影响天气", "气象灾害",
      "防雷检测", "气象资料")),
    ("yzglj", "天津市邮政管理局", ("邮政", "快递"),
     ("快递业务经营", "邮政普遍服务", "邮政用品用具", "快递末端网点", "集邮票品", "邮件快件",
      "邮政设施", "快递从业人员")),
    ("tax", "国家税务总局天津市税务局", ("税收征收管理", "发票管理"),
     ("税务登记", "发票领用", "纳税申报", "税收优惠", "出口退税", "纳税信用", "涉税证明",
      "个人所得税")),
    ("gjj", "天津市住房公积金管理中心", ("住房公积金", "住房公积金缴存"),
     ("住房公积金缴存", "公积金提取", "公积金贷款", "公积金转移接续", "缴存基数调整",
      "公积金缓缴", "公积金账户", "补充公积金")),
    ("zscqj", "天津市知识产权局", ("专利", "商标"),
     ("专利", "商标", "地理标志", "知识产权质押", "专利代理机构", "集成电路布图设计",
      "知识产权纠纷", "知识产权维权援助")),
    ("lsj", "天津市粮食和物资储备局", ("粮食流通", "储备物资"),
     ("粮食收购", "粮食储存", "军粮供应", "储备物资", "粮油质量", "粮食加工", "粮食应急",
      "粮食流通统计")),
    ("wxb", "天津市委网络安全和信息化委员会办公室", ("网络安全", "数据安全"),
     ("互联网新闻信息服务", "网络安全等级", "网站", "互联网群组", "数据出境", "网络直播",
      "网络信息内容", "算法推荐服务")),
    ("xwcbj", "天津市新闻出版局", ("出版", "印刷业管理"),
     ("出版物经营", "印刷经营", "音像制品", "电子出版物", "报刊出版", "内部资料性出版物",
      "出版单位", "网络出版")),
    ("gdj", "天津市广播电视局", ("广播电视", "网络视听"),
     ("广播电视节目制作", "卫星电视接收设施", "有线电视站", "广播电视设施", "视听节目服务",
      "广播电视视频点播", "电视剧制作", "广播电台")),
    ("zwfwb", "天津市政务服务办公室", ("优化营商环境", "政务服务"),
     ("政务服务", "工程建设项目审批", "中介服务", "投资项目在线审批", "企业开办", "帮办代办",
      "政务热线", "政务公开")),
    ("cl", "天津市残疾人联合会", ("残疾人保障", "无障碍环境建设"),
     ("残疾人证", "残疾人就业", "残疾人康复", "残疾人辅助器具", "无障碍设施", "残疾人教育",
      "残疾人托养", "残疾人保障金")),
    ("xfjy", "天津市消防救援总队", ("消防", "火灾事故调查"),
     ("公众聚集场所消防安全检查", "消防设施", "火灾事故认定", "消防技术服务",
      "建设工程消防设计", "消防产品", "消防安全重点单位", "消防车通道")),
)
DEPT_INDEX = {d[0]: i for i, d in enumerate(DEPARTMENTS)}
LIST_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "licensing": ("scjgw", "zjw", "sthj", "jtysw", "wjw", "ghzy", "gaj", "whly", "nyncw", "yjj",
                  "sw", "jw", "swj", "gxj"),
    "non-licensing": ("rsj", "mzj", "ybj", "gjj", "tax", "gaj", "wjw", "jw", "tyjrj", "cl", "dag",
                      "sfj", "zscqj", "kjj", "qxj", "czj", "tjj", "srylw"),
    "filing": ("fgw", "sw", "xfjy", "yzglj", "wxb", "xwcbj", "gdj", "lsj"),
}

# name, code, file slug, agency id prefix, road
DISTRICTS = (
    ("和平区", "120101", "heping", "hp", "南京路"),
    ("河东区", "120102", "hedong", "hd", "十一经路"),
    ("河西区", "120103", "hexi", "hx", "友谊路"), ("南开区", "120104", "nankai", "nk", "长江道"),
    ("河北区", "120105", "hebei", "hb", "金纬路"), ("红桥区", "120106", "hongqiao", "hq", "芥园道"),
    ("东丽区", "120110", "dongli", "dl", "先锋路"), ("西青区", "120111", "xiqing", "xq", "西青道"),
    ("津南区", "120112", "jinnan", "jn", "津沽路"), ("北辰区", "120113", "beichen", "bc", "京津路"),
    ("武清区", "120114", "wuqing", "wq", "雍阳西道"), ("宝坻区", "120115", "baodi", "bd", "南环路"),
    ("滨海新区", "120116", "binhai", "bh", "新港二号路"),
    ("宁河区", "120117", "ninghe", "nh", "芦台大街"),
    ("静海区", "120118", "jinghai", "jh", "胜利大街"),
    ("蓟州区", "120119", "jizhou", "jz", "人民西大街"),
)

DATA_SOURCES = (
    ("tyrz", "统一身份认证平台", "zwfwb"), ("dzzz", "电子证照库", "zwfwb"),
    ("sczt", "市场主体登记库", "scjgw"), ("rkk", "人口基础信息库", "gaj"),
    ("shbx", "社会保险信息库", "rsj"), ("bdc", "不动产登记信息库", "ghzy"),
    ("nsxx", "纳税信息库", "tax"), ("ybxx", "医疗保障信息库", "ybj"),
    ("mzjz", "社会救助信息库", "mzj"), ("gjjxx", "住房公积金信息库", "gjj"),
    ("cjr", "残疾人信息库", "cl"), ("tyjr", "退役军人信息库", "tyjrj"),
    ("xyxx", "公共信用信息库", "fgw"),
)

# key, label, type, options, max_length, source
_E = tuple[str, str, str, tuple[str, ...], int, str]
COMMON_ELEMENTS: tuple[_E, ...] = (
    ("applicant.name", "申请人姓名", "文本", (), 50, "tyrz"),
    ("applicant.id_number", "申请人身份证号", "身份证号", (), 18, "tyrz"),
    ("applicant.mobile", "申请人手机号", "手机号", (), 11, "tyrz"),
    ("applicant.gender", "性别", "枚举", ("男", "女"), 0, "rkk"),
    ("applicant.birth_date", "出生日期", "日期", (), 0, "rkk"),
    ("applicant.ethnicity", "民族", "枚举", ("汉族", "回族", "满族", "蒙古族", "其他"), 0, "rkk"),
    ("applicant.household_address", "户籍地址", "地址", (), 200, "rkk"),
    ("applicant.address", "现居住地址", "地址", (), 200, ""),
    ("applicant.email", "电子邮箱", "文本", (), 100, ""),
    ("applicant.education", "学历", "枚举", ("研究生", "本科", "专科", "高中及以下"), 0, ""),
    ("applicant.marital_status", "婚姻状况", "枚举", ("未婚", "已婚", "离异", "丧偶"), 0, "mzjz"),
    ("applicant.age", "年龄", "整数", (), 0, "rkk"),
    ("applicant.insured_years", "累计参保年限", "整数", (), 0, "shbx"),
    ("applicant.unemployed_months", "失业月数", "整数", (), 0, "shbx"),
    ("applicant.is_low_income", "是否低收入家庭成员", "布尔", (), 0, "mzjz"),
    ("applicant.disability_level", "残疾等级", "枚举", ("一级", "二级", "三级", "四级"), 0, "cjr"),
    ("applicant.is_veteran", "是否退役军人", "布尔", (), 0, "tyjr"),
    ("applicant.fund_months", "公积金连续缴存月数", "整数", (), 0, "gjjxx"),
    ("applicant.has_property", "是否有本市住房", "布尔", (), 0, "bdc"),
    ("applicant.medical_expense", "年度自付医疗费用", "数值", (), 0, "ybxx"),
    ("agent.name", "代理人姓名", "文本", (), 50, ""),
    ("agent.id_number", "代理人身份证号", "身份证号", (), 18, ""),
    ("agent.mobile", "代理人手机号", "手机号", (), 11, ""),
    ("enterprise.name", "单位名称", "文本", (), 100, "sczt"),
    ("enterprise.uscc", "统一社会信用代码", "统一社会信用代码", (), 18, "sczt"),
    ("enterprise.legal_rep", "法定代表人", "文本", (), 50, "sczt"),
    ("enterprise.legal_rep_id", "法定代表人身份证号", "身份证号", (), 18, "sczt"),
    ("enterprise.address", "住所", "地址", (), 200, "sczt"),
    ("enterprise.phone", "单位联系电话", "固定电话", (), 20, ""),
    ("enterprise.registered_capital", "注册资本（万元）", "数值", (), 0, "sczt"),
    ("enterprise.established_date", "成立日期", "日期", (), 0, "sczt"),
    ("enterprise.industry", "所属行业", "枚举", ("制造业", "批发和零售业", "住宿和餐饮业",
                                                 "建筑业", "信息技术服务业", "其他"), 0, "sczt"),
    ("enterprise.insured_months", "连续参保月数", "整数", (), 0, "shbx"),
    ("enterprise.layoff_rate", "上年度裁员率", "数值", (), 0, "shbx"),
    ("enterprise.employees", "参保职工人数", "整数", (), 0, "shbx"),
    ("enterprise.tax_credit_level", "纳税信用等级", "枚举", ("A", "B", "M", "C", "D"), 0, "nsxx"),
    ("enterprise.annual_revenue", "上年度营业收入（万元）", "数值", (), 0, "nsxx"),
    ("enterprise.rd_ratio", "研发费用占比", "数值", (), 0, "nsxx"),
    ("enterprise.is_high_tech", "是否高新技术企业", "布尔", (), 0, "dzzz"),
    ("enterprise.is_small_micro", "是否小微企业", "布尔", (), 0, "sczt"),
    ("enterprise.years", "成立年限", "整数", (), 0, "sczt"),
    ("enterprise.dishonest", "是否列入严重失信主体名单", "布尔", (), 0, "xyxx"),
    ("business.address", "经营场所地址", "地址", (), 200, ""),
    ("business.area", "经营场所面积（平方米）", "数值", (), 0, ""),
    ("business.scope", "经营范围", "文本", (), 500, "sczt"),
    ("business.start_date", "拟开业日期", "日期", (), 0, ""),
    ("business.contact", "联系人", "文本", (), 50, ""),
    ("business.contact_phone", "联系人电话", "手机号", (), 11, ""),
    ("property.cert_number", "不动产权证书号", "文本", (), 50, "bdc"),
    ("property.address", "不动产坐落", "地址", (), 200, "bdc"),
    ("project.name", "项目名称", "文本", (), 200, ""),
    ("project.address", "项目地址", "地址", (), 200, ""),
    ("project.investment", "总投资（万元）", "数值", (), 0, ""),
    ("project.code", "项目代码", "文本", (), 30, ""),
    ("application.reason", "申请事由", "文本", (), 500, ""),
    ("application.delivery", "结果领取方式", "枚举", ("窗口领取", "邮寄送达", "电子送达"), 0, ""),
    ("application.commitment", "是否同意告知承诺", "布尔", (), 0, ""),
)
# eligibility criteria on sourced elements: key → (target, JSON-schema text, Chinese text)
CRITERIA: tuple[tuple[str, str, str], ...] = (
    ("enterprise.insured_months", "企业", "{minimum: 12}"),
    ("enterprise.layoff_rate", "企业", "{maximum: 0.055}"),
    ("enterprise.employees", "企业", "{minimum: 10}"),
    ("enterprise.tax_credit_level", "企业", '{enum: ["A", "B"]}'),
    ("enterprise.annual_revenue", "企业", "{minimum: 500}"),
    ("enterprise.rd_ratio", "企业", "{minimum: 0.03}"),
    ("enterprise.is_high_tech", "企业", "{const: true}"),
    ("enterprise.is_small_micro", "企业", "{const: true}"),
    ("enterprise.years", "企业", "{minimum: 1}"),
    ("enterprise.dishonest", "企业", "{const: false}"),
    ("applicant.age", "个人", "{minimum: 80}"),
    ("applicant.insured_years", "个人", "{minimum: 1}"),
    ("applicant.unemployed_months", "个人", "{minimum: 3}"),
    ("applicant.is_low_income", "个人", "{const: true}"),
    ("applicant.disability_level", "个人", '{enum: ["一级", "二级"]}'),
    ("applicant.is_veteran", "个人", "{const: true}"),
    ("applicant.fund_months", "个人", "{minimum: 6}"),
    ("applicant.has_property", "个人", "{const: false}"),
    ("applicant.medical_expense", "个人", "{minimum: 10000}"),
)
DEPT_ELEMENT_ATTRS = (("category", "类别", "枚举"), ("scale", "规模", "整数"),
                      ("number", "编号", "文本"), ("area", "面积（平方米）", "数值"),
                      ("date", "日期", "日期"), ("description", "情况说明", "文本"))

# key, name, origin, issued_by, e_license, shared_by
_M = tuple[str, str, str, str, str, str]
COMMON_MATERIALS: tuple[_M, ...] = (
    ("id-card", "居民身份证", "政府部门核发", "gaj", "居民身份证电子证照", "rkk"),
    ("hukou", "居民户口簿", "政府部门核发", "gaj", "居民户口簿电子证照", "rkk"),
    ("business-license", "营业执照", "政府部门核发", "scjgw", "营业执照电子证照", "sczt"),
    ("marriage-cert", "结婚证", "政府部门核发", "mzj", "结婚证电子证照", ""),
    ("property-cert", "不动产权证书", "政府部门核发", "ghzy", "不动产权证书电子证照", "bdc"),
    ("social-security-card", "社会保障卡", "政府部门核发", "rsj", "", "shbx"),
    ("driver-license", "机动车驾驶证", "政府部门核发", "gaj", "机动车驾驶证电子证照", ""),
    ("birth-cert", "出生医学证明", "政府部门核发", "wjw", "出生医学证明电子证照", ""),
    ("disability-cert", "中华人民共和国残疾人证", "政府部门核发", "cl", "残疾人证电子证照", "cjr"),
    ("degree-cert", "学历证书", "其他", "", "", ""),
    ("power-of-attorney", "授权委托书", "申请人自备", "", "", ""),
    ("legal-rep-cert", "法定代表人身份证明书", "申请人自备", "", "", ""),
    ("lease-contract", "房屋租赁合同", "申请人自备", "", "", ""),
    ("site-plan", "经营场所平面布局图", "申请人自备", "", "", ""),
    ("staff-list", "从业人员名单及资格证书", "申请人自备", "", "", ""),
    ("equipment-list", "主要设施设备清单", "申请人自备", "", "", ""),
    ("eia-report", "环境影响评价报告书", "中介机构出具", "", "", ""),
    ("safety-assessment", "安全评价报告", "中介机构出具", "", "", ""),
    ("survey-report", "岩土工程勘察报告", "中介机构出具", "", "", ""),
    ("audit-report", "年度财务审计报告", "中介机构出具", "", "", ""),
    ("design-drawings", "施工图设计文件", "中介机构出具", "", "", ""),
    ("bank-credit", "银行资信证明", "其他", "", "", ""),
    ("medical-report", "健康体检报告", "其他", "", "", ""),
)
PERSONAL_MATS = ("id-card", "hukou", "marriage-cert", "social-security-card", "driver-license",
                 "birth-cert", "disability-cert", "degree-cert", "property-cert")
ENTERPRISE_MATS = ("lease-contract", "site-plan", "staff-list", "equipment-list", "eia-report",
                   "safety-assessment", "survey-report", "audit-report", "design-drawings",
                   "bank-credit", "property-cert")

# certificate (证明) materials: person × fact, issued by the department in brackets
CERT_PERSONS = ("本人", "配偶", "子女", "父母", "法定代表人", "主要负责人", "申请单位",
                "共同申请人", "监护人", "被监护人", "委托代理人", "股东", "技术负责人",
                "安全管理人员", "家庭成员", "实际控制人", "项目负责人", "从业人员", "投资人",
                "继承人", "受赠人", "承租人", "担保人", "联系人")
CERT_FACTS = (("无犯罪记录证明", "gaj"), ("婚姻状况证明", "mzj"), ("亲属关系证明", "gaj"),
              ("居住情况证明", "gaj"), ("就业失业状况证明", "rsj"), ("收入情况证明", "rsj"),
              ("健康状况证明", "wjw"), ("学历学位证明", "jw"), ("工作经历证明", "rsj"),
              ("无违法违规记录证明", "scjgw"), ("纳税情况证明", "tax"),
              ("社会保险缴纳证明", "rsj"), ("住房情况证明", "ghzy"),
              ("专业技术资格证明", "rsj"), ("生存状况证明", "mzj"), ("经营状况证明", "scjgw"),
              ("信用状况证明", "fgw"), ("无欠薪记录证明", "rsj"), ("安全生产情况证明", "yjj"),
              ("职业资格证明", "rsj"), ("残疾状况证明", "cl"), ("服役经历证明", "tyjrj"),
              ("医疗费用支出证明", "ybj"), ("公积金缴存证明", "gjj"), ("户籍情况证明", "gaj"),
              ("出生情况证明", "wjw"), ("死亡情况证明", "gaj"), ("环境违法情况证明", "sthj"),
              ("房屋权属证明", "ghzy"))

TYPE_CODE = {"行政许可": "01", "行政给付": "05", "行政确认": "07", "行政奖励": "08",
             "行政裁决": "09", "其他行政权力": "10", "公共服务": "20"}
NON_LICENSING_TYPES = (("公共服务", 40), ("行政确认", 20), ("其他行政权力", 15),
                       ("行政给付", 12), ("行政裁决", 7), ("行政奖励", 6))
ACTIONS = {
    "行政许可": ("许可", "审批", "核准", "许可证核发", "资质认定", "设立审批"),
    "行政给付": ("补贴发放", "补助金给付", "津贴发放", "救助金给付"),
    "行政确认": ("登记", "认定", "确认", "资格认定", "信息核验"),
    "行政奖励": ("表彰奖励", "先进评选奖励", "突出贡献奖励"),
    "行政裁决": ("纠纷裁决", "争议裁决", "权属争议裁决"),
    "其他行政权力": ("年度核验", "情况核查", "事项审核", "信息变更审核"),
    "公共服务": ("政策咨询", "信息查询", "业务指导", "资料查阅", "预约服务", "办理进度查询",
             "证明开具"),
    "行政备案": ("备案", "信息备案", "变更备案", "年度报告备案"),
}
QUALIFIERS = ("", "（新办）", "（变更）", "（延续）", "（注销）", "（补办）")
CONDITIONS = (
    "申请人应当具有与{t}活动相适应的场所、设施和设备，并符合相关技术规范和标准要求",
    "具有健全的{t}管理制度、岗位责任制度和质量安全保障措施，且制度文本完整有效",
    "配备与{t}业务规模相适应的专业技术人员和管理人员，关键岗位人员持证上岗",
    "申请人依法取得营业执照或者事业单位法人证书、社会组织登记证书等主体资格证明",
    "申请人及其法定代表人、主要负责人近三年内无{t}领域重大违法违规记录",
    "申请材料齐全、符合法定形式，所填写内容真实、准确、完整",
    "{t}相关场所的选址和布局符合国土空间规划及环境保护、安全生产、消防等要求",
    "申请人为本市户籍居民或者在本市连续缴纳社会保险满六个月的常住人口",
    "未被列入严重失信主体名单，未处于{t}相关行政处罚执行期内",
    "按照规定完成{t}相关从业人员的岗前培训和考核，培训记录可追溯",
)
INLINE_DOCS = ("{t}工作方案", "{t}场所使用权证明材料", "{t}安全管理制度文本", "{t}情况说明",
               "{t}设施设备检测报告", "{t}可行性研究报告", "{t}应急处置预案",
               "{t}专业技术人员职称证书", "{t}质量保证体系文件", "{t}现场照片")
MAT_NOTES = ("原件核验后当场退回，复印件须加盖申请单位公章",
             "可通过电子证照库调取，无需提交纸质材料",
             "须由法定代表人签字并加盖单位公章", "委托他人办理的须提交，并载明委托事项和权限",
             "须在有效期内，复印件注明“与原件一致”", "外文材料须附中文译本")
PROCESSES = (("申请", "受理", "审查", "决定", "送达"), ("网上申报", "受理", "审核", "办结"),
             ("申请", "受理", "现场核查", "审查", "决定", "制证", "送达"),
             ("预约", "申请", "受理", "审核", "办结", "送达"), ("申请", "受理", "办结"))
HOURS = ("周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
         "工作日 9:00—17:00（午间不休，法定节假日除外）",
         "周一至周五 8:30—12:00、13:30—17:30，周六上午9:00—12:00（预约服务）")
VISIT_REASONS = ("需现场核验原件并采集申请人签名", "需现场勘验经营场所和设施设备",
                 "需采集申请人照片和指纹等生物特征信息", "需现场领取实体证照并签收")
ONLINE_NEGATIVE = ("需现场勘验", "需实物查验", "需采集生物特征", "法律法规另有规定",
                   "涉及国家秘密", "其他")
SCOPES = ("全市通办", "全市通办", "全区通办", "不通办", "京津冀通办", "跨省通办")
LEVELS = (("市级",), ("市级", "区级"), ("区级",), ("区级", "街道级"), ("市级", "区级", "街道级"),
          ("市级", "区级"), ("区级",), ("街道级",), ("街道级", "村级"))
SCENARIO_EVENTS = ("新生儿出生", "教育入学", "社会保障卡居民服务", "开办运输企业", "开办餐饮店",
                   "退休", "残疾人服务", "企业信息变更", "企业破产信息核查",
                   "二手房转移登记及水电气网联合过户",
                   "军人退役", "员工录用", "身后", "个体工商户开业", "企业注销", "水电气联合报装",
                   "企业上市合法合规信息核查", "建筑工程开工", "开办养老机构", "开办旅行社",
                   "开办药店", "开办健身房", "开办民办学校", "外国人来华工作", "高龄老人补贴申领",
                   "困难群众救助", "公积金提取", "住房租赁", "机动车检验", "企业迁移",
                   "开办书店", "开办便利店", "开办网吧", "开办美容美发店", "开办洗车店",
                   "再就业", "灵活就业参保", "扶残助困", "大件运输", "港口货物装卸")
BENEFIT_KINDS = (("企业", "稳岗返还", "返还上年度实际缴纳失业保险费的60%", "60%"),
                 ("企业", "一次性扩岗补助", "按新招用人数每人1500元发放", "每人1500元"),
                 ("企业", "研发费用后补助", "按上年度研发费用增量的10%给予补助，最高100万元",
                  "10%，最高100万元"),
                 ("企业", "高新技术企业认定奖励", "首次认定的给予一次性奖励20万元", "20万元"),
                 ("企业", "小微企业社保补贴", "按单位缴纳社会保险费的50%给予补贴", "50%"),
                 ("企业", "专精特新企业奖励", "给予一次性奖励50万元", "50万元"),
                 ("个人", "高龄老人津贴", "每人每月发放高龄津贴200元", "每月200元"),
                 ("个人", "残疾人两项补贴", "每人每月发放护理补贴120元", "每月120元"),
                 ("个人", "失业保险金", "按最低工资标准的90%按月发放", "最低工资标准的90%"),
                 ("个人", "退役军人一次性创业补贴", "给予一次性创业补贴1万元", "1万元"),
                 ("个人", "困难群众价格临时补贴", "按月发放价格临时补贴60元", "每月60元"),
                 ("个人", "医疗救助金", "对政策范围内自付费用按70%给予救助", "70%"))
BENEFIT_DEPTS = ("rsj", "mzj", "kjj", "gxj", "sw", "ybj", "tyjrj", "cl", "czj", "gjj")
DOC_ABBR = {"rsj": "人社", "mzj": "民政", "kjj": "科", "gxj": "工信", "sw": "商务", "ybj": "医保",
            "tyjrj": "退役军人", "cl": "残联", "czj": "财", "gjj": "公积金"}
VIEWS = (("tiankai", "天开高教科创园服务事项清单", "{tags: [\"天开园\"]}"),
         ("lvse-shihua", "绿色石化产业服务事项清单", "{tags: [\"绿色石化\"]}"),
         ("xingzheng-geifu", "行政给付事项清单", "{types: [\"行政给付\"]}"))
SUPERVISION = (
    ("method", "双随机、一公开抽查与重点检查相结合，在作出决定后两个月内完成核查"),
    ("content", "核查申请人承诺的{t}条件是否属实，所提交材料与实际情况是否一致"),
    ("inspection_standard", "按照{t}现场核查标准逐项核对场所、设施和人员"),
    ("penalty", "承诺不实的，依法撤销行政许可决定，纳入信用记录并依法予以处罚"),
)
CERT_BASIS = ("国务院办公厅关于全面推行证明事项告知承诺制的指导意见", "天津市优化营商环境条例")
CERT_PROMISE = "本人承诺所述{name}相关情况真实有效，如有不实，愿意承担相应法律责任"
CERT_CHECKS = ("数据共享核验", "部门协查", "现场核查")
CERT_LIABILITY = "申请人作出不实承诺的，撤销相关决定，记入信用记录，依法追究法律责任"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


# ---------------------------------------------------------------------------------------------
# Text helpers

_QUOTED: dict[str, str] = {}


def q(text: str) -> str:
    """A YAML 1.2 double-quoted scalar (a JSON string), memoised: most strings repeat."""
    out = _QUOTED.get(text)
    if out is None:
        out = json.dumps(text, ensure_ascii=False)
        if len(_QUOTED) < 500_000:
            _QUOTED[text] = out
    return out


def flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def flow_map(pairs: Iterable[tuple[str, str]]) -> str:
    """A flow mapping from already-rendered values."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def yes(value: bool) -> str:
    return "true" if value else "false"


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..999 in Chinese numerals, as in 第三十五条."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + (("一" + cn_number(rest)) if rest < 20 else cn_number(rest))


def uscc(org_seq: int) -> str:
    """A valid 统一社会信用代码 of a 机关 (11) in 天津 with a valid 组织机构代码 inside."""
    body = f"{10_000_000 + org_seq * 7919 % 89_999_999:08d}"
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    org = body + ("X" if check == 10 else "0" if check == 11 else str(check))
    code17 = "11" + REGION_CODE + org
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code17, USCC_WEIGHTS, strict=True))
    return code17 + USCC_CHARS[(31 - total % 31) % 31]


def weighted(r: random.Random, choices: Sequence[tuple[Any, int]]) -> Any:
    total = sum(w for _, w in choices)
    x = r.randrange(total)
    for value, w in choices:
        if x < w:
            return value
        x -= w
    raise AssertionError


def law_title(level: str, domain: str) -> str:
    return {
        "法律": f"中华人民共和国{domain}法",
        "行政法规": f"{domain}管理条例",
        "国务院决定": "国务院对确需保留的行政审批项目设定行政许可的决定",
        "地方性法规": f"天津市{domain}条例",
        "部门规章": f"{domain}管理办法",
        "地方政府规章": f"天津市{domain}管理规定",
        "规范性文件": f"关于进一步规范{domain}工作的通知",
    }[level]


# ---------------------------------------------------------------------------------------------
# The generator


@dataclass(slots=True)
class ItemMeta:
    """What the cross-record lists need to know about a service item."""

    code: str
    name: str
    dept: str
    type: str
    kind: str
    legal: int
    base_promised: int
    promised: int
    visits: int
    district: bool  # levels include 区级
    refable: bool  # may be named by scenarios, certificate entries and implementations
    mats: tuple[str, ...]  # materials.yaml keys
    tolerable: tuple[str, ...]  # material keys / inline names that may be tolerated


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    item: str | None
    file: str


@dataclass
class Planned:
    """One service item to write."""

    idx: int
    lst: str
    dept: str
    type: str
    code: str
    national_code: str = ""
    name: str = ""
    topic: str = ""
    qualifier: str = ""
    parent: str = ""
    defect: str = ""
    family: bool = False
    status: str = "在用"
    new: bool = False  # added by a later version


@dataclass
class Catalog:
    """Everything written so far, for the lists that refer back to items."""

    items: list[ItemMeta] = field(default_factory=list)
    cert_users: dict[str, list[int]] = field(default_factory=dict)  # cert key → item positions
    cancelled: list[tuple[str, str]] = field(default_factory=list)  # (code, cert key)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    bytes: int = 0


class Generator:
    def __init__(self, scale: Scale, out: Path, seed: int, version: int, defects: bool) -> None:
        self.scale, self.out, self.seed, self.version, self.defects = (
            scale, out, seed, version, defects)
        self.root = out / "catalog"
        self.delta = max(0, version - BASE_VERSION)
        self.effective_date = f"{version}-03-01"
        self.cat = Catalog()
        self._file_counts: list[int] = []
        self.cert_mats = self._cert_materials()
        self.dept_mats = {d[0]: [(f"{d[0]}-{k + 1}", f"{t}批准文书", t)
                                 for k, t in enumerate(d[3])] for d in DEPARTMENTS}
        self.dict_names = {m[1] for m in COMMON_MATERIALS}
        self.dict_names.update(name for _, name, _ in self.cert_mats)
        for mats in self.dept_mats.values():
            self.dict_names.update(name for _, name, _ in mats)
        self.elements = self._elements()
        self.dept_elements = {d[0]: [f"{d[0]}.{attr}_{k + 1}" for k in range(2)
                                     for attr, _, _ in DEPT_ELEMENT_ATTRS[:3]]
                              for d in DEPARTMENTS}
        self.general_elements = [e[0] for e in COMMON_ELEMENTS[7:11]] + [
            e[0] for e in COMMON_ELEMENTS if e[0].startswith(("business.", "application.",
                                                              "agent.", "project."))]
        self.optional_elements = {"applicant.email", "agent.name", "agent.id_number",
                                  "agent.mobile", "application.reason"}

    # -- plumbing -------------------------------------------------------------------------------

    def rng(self, *parts: int) -> random.Random:
        value = self.seed
        for p in parts:
            value = value * 1_000_003 + p
        return random.Random(value)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.cat.files += 1
        self.cat.bytes += len(data)

    def plant(self, rule: str, item: str | None, rel: str) -> None:
        self.cat.findings.append(Finding(rule, item, "catalog/" + rel))

    # -- dictionaries ---------------------------------------------------------------------------

    def _cert_materials(self) -> list[tuple[str, str, str]]:
        need = max(self.scale.certificates + 50, 40)
        out: list[tuple[str, str, str]] = []
        for person in CERT_PERSONS:
            for fact, issuer in CERT_FACTS:
                out.append((f"cert-{len(out) + 1:03d}", person + fact, issuer))
                if len(out) == need:
                    return out
        return out

    def _elements(self) -> list[_E]:
        out = list(COMMON_ELEMENTS)
        for dept, _, _, topics in DEPARTMENTS:
            for k in range(2):
                topic = topics[k]
                for attr, label, etype in DEPT_ELEMENT_ATTRS[:3]:
                    opts = ("甲类", "乙类", "丙类") if etype == "枚举" else ()
                    out.append((f"{dept}.{attr}_{k + 1}", topic + label, etype, opts,
                                100 if etype == "文本" else 0, ""))
        return out

    def write_catalog_meta(self) -> None:
        lines = [f"region: {q(REGION)}", f"region_code: {q(REGION_CODE)}",
                 f"version: {q(str(self.version))}", f"effective_date: {q(self.effective_date)}",
                 "districts:"]
        lines += [f"  - {{name: {q(d[0])}, code: {q(d[1])}}}" for d in DISTRICTS]
        lines.append("departments:")
        for i, (dept, name, _, _) in enumerate(DEPARTMENTS):
            lines.append(f"  - {{id: {q(dept)}, name: {q(name)}, level: {q('市级')}, "
                         f"uscc: {q(uscc(i + 1))}}}")
        for d in DISTRICTS:
            lines.append(f"  - {{id: {q(d[3] + '-zwfwb')}, name: {q(d[0] + '政务服务办公室')}, "
                         f"level: {q('区级')}}}")
        lines.append("data_sources:")
        lines += [f"  - {{id: {q(s[0])}, name: {q(s[1])}, department: {q(s[2])}}}"
                  for s in DATA_SOURCES]
        self.write("catalog.yaml", "\n".join(lines) + "\n")

        lines = ["elements:"]
        for key, label, etype, opts, max_len, source in self.elements:
            pairs = [("key", q(key)), ("label", q(label)), ("type", q(etype))]
            if opts:
                pairs.append(("options", flow_list(opts)))
            if max_len:
                pairs.append(("max_length", str(max_len)))
            if source:
                pairs.append(("source", q(source)))
            lines.append("  - " + flow_map(pairs))
        self.write("data-elements.yaml", "\n".join(lines) + "\n")

        lines = ["materials:"]
        rows: list[_M] = list(COMMON_MATERIALS)
        for dept, _, _, _ in DEPARTMENTS:
            for k, (key, name, _) in enumerate(self.dept_mats[dept]):
                rows.append((key, name, "政府部门核发", dept,
                             name.replace("批准文书", "电子批准文书") if k % 2 == 0 else "", ""))
        for key, name, issuer in self.cert_mats:
            n = int(key[5:])
            shared = "xyxx" if n % 7 == 0 else ""
            rows.append((key, name, "政府部门核发", issuer, "", shared))
        cert_keys = {k for k, _, _ in self.cert_mats}
        for key, name, origin, issued_by, e_license, shared_by in rows:
            pairs = [("key", q(key)), ("name", q(name)), ("origin", q(origin))]
            if issued_by:
                pairs.append(("issued_by", q(issued_by)))
            if e_license:
                pairs.append(("e_license", q(e_license)))
            if shared_by:
                pairs.append(("shared_by", q(shared_by)))
            if key in cert_keys:
                pairs.append(("certificate", "true"))
            lines.append("  - " + flow_map(pairs))
        self.write("materials.yaml", "\n".join(lines) + "\n")

    # -- service items: planning ----------------------------------------------------------------

    def plan_files(self) -> list[tuple[str, str, str, int]]:
        """(list, file, department, item count) for every service-item file, in order."""
        out = []
        for lst, (n_items, n_files) in (("licensing", self.scale.licensing),
                                        ("non-licensing", self.scale.non_licensing),
                                        ("filing", self.scale.filing)):
            depts = LIST_DEPARTMENTS[lst]
            many = n_files > len(depts)
            for f in range(n_files):
                dept = depts[f % len(depts)]
                name = f"{dept}-{f // len(depts) + 1:02d}" if many else dept
                count = n_items // n_files + (1 if f < n_items % n_files else 0)
                out.append((lst, f"{lst}/{name}.yaml", dept, count))
        return out

    def write_service_items(self) -> None:
        counters = {t: 0 for t in (*TYPE_CODE.values(), "local", "filing", "natl")}
        new_names: dict[str, set[str]] = {}
        files = self.plan_files()
        self._file_counts = [f[3] for f in files]
        names: dict[str, set[str]] = {d[0]: set() for d in DEPARTMENTS}
        position = {"licensing": 0, "non-licensing": 0, "filing": 0}
        cycle = {lst: 0 for lst in ITEM_DEFECTS}
        pending = {lst: False for lst in ITEM_DEFECTS}
        last_spare: dict[str, tuple[str, str] | None] = {lst: None for lst in ITEM_DEFECTS}
        last_name: dict[str, str] = {}
        spare_count = 0
        idx = 0
        for file_no, (lst, rel, dept, count) in enumerate(files):
            chunks = ["items:\n"]
            # a duplicated code or name copies an earlier item of the same file, so that both
            # places of the finding are in one file whichever one a linter reports
            last_spare = {lst: None for lst in ITEM_DEFECTS}
            last_name.clear()
            written = 0
            while written < count:
                r = self.rng(1, idx)
                family = lst == "licensing" and written + 4 <= count and r.random() < 0.04
                plans = self._plan(r, idx, lst, dept, family, names, counters)
                for _ in plans:  # a defect is due every `period` items of a list ...
                    if position[lst] % self.scale.period == self.scale.offset:
                        pending[lst] = self.defects
                    position[lst] += 1
                if len(plans) == 1 and pending[lst]:  # ... and lands on the next single item
                    defect = self._take_defect(lst, cycle, last_spare)
                    pending[lst] = False
                    self._apply_defect(plans[0], defect, counters, last_spare, last_name)
                for plan in plans:
                    if (not plan.defect and not plan.family and plan.national_code == ""
                            and not r.random() < 0.7):
                        # a spare: never referenced by other lists; some are paused or cancelled
                        spare_count += 1
                        if spare_count % 13 == 6:
                            plan.status = "取消"
                        elif spare_count % 13 == 12:
                            plan.status = "暂停"
                        refable = False
                    else:
                        refable = not plan.defect
                    text, meta = self._item(plan, refable)
                    chunks.append(text)
                    self._record(plan, meta, rel)
                    if not plan.defect and plan.status == "在用":
                        if not refable and lst != "filing":
                            last_spare[lst] = (plan.code, plan.type)
                        last_name[plan.dept] = plan.name
                    idx += 1
                    written += 1
            # a later version adds a few items at the end of each file
            for j in range(min(20, self._new_per_year(file_no) * self.delta)):
                plan = self._new_item(file_no, j, lst, dept, new_names)
                text, meta = self._item(plan, False)
                chunks.append(text)
                self._record(plan, meta, rel)
            self.write(rel, "".join(chunks))

    def _plan(self, r: random.Random, idx: int, lst: str, dept: str, family: bool,
              names: dict[str, set[str]], counters: dict[str, int]) -> list[Planned]:
        topics = DEPARTMENTS[DEPT_INDEX[dept]][3]
        if lst == "licensing":
            itype = "行政许可"
        elif lst == "filing":
            itype = "行政备案"
        else:
            itype = weighted(r, NON_LICENSING_TYPES)
        topic = r.choice(topics)
        action = r.choice(ACTIONS[itype])
        used = names[dept]
        if family:
            base = topic + action
            kids = [base + qual for qual in QUALIFIERS[1:4]]
            if base in used or any(k in used for k in kids):
                family = False
        if family:
            counters["01"] += 1
            main = f"12{TYPE_CODE[itype]}{counters['01']:05d}"
            used.add(base)
            out = [Planned(idx, lst, dept, itype, main + "00Y", name=base, topic=topic,
                           family=True)]
            for k, kid in enumerate(kids):
                used.add(kid)
                out.append(Planned(idx + k + 1, lst, dept, itype, f"{main}{k + 1:03d}", name=kid,
                                   topic=topic, qualifier=QUALIFIERS[k + 1], parent=main + "00Y",
                                   family=True))
            return out
        qualifier = ""
        name = topic + action
        for _ in range(4):
            if name not in used:
                break
            topic = r.choice(topics)
            qualifier = r.choice(QUALIFIERS[1:])
            name = topic + r.choice(ACTIONS[itype]) + qualifier
        n = 1
        while name in used:
            n += 1
            name = f"{topic}{action}（第{cn_number(n % 999 + 1)}类）"
            if n > 999:
                name = f"{topic}{action}（第{cn_number(n // 999)}批第{cn_number(n % 999 + 1)}类）"
        used.add(name)
        plan = Planned(idx, lst, dept, itype, "", name=name, topic=topic, qualifier=qualifier)
        if lst == "filing":
            counters["filing"] += 1
            plan.code = f"{REGION_CODE}-BA-{counters['filing']:06d}"
        elif r.random() < 0.025:
            counters["local"] += 1
            counters["natl"] += 1
            plan.code = f"{REGION_CODE}-{TYPE_CODE[itype]}-{counters['local']:06d}"
            plan.national_code = f"00{TYPE_CODE[itype]}{80000 + counters['natl']:05d}000"
        else:
            tc = TYPE_CODE[itype]
            counters[tc] += 1
            plan.code = f"12{tc}{counters[tc]:05d}000"
        return [plan]

    def _new_item(self, file_no: int, j: int, lst: str, dept: str,
                  new_names: dict[str, set[str]]) -> Planned:
        """The j-th item a later version adds to a file; its code and name depend only on
        (file, j, year added), so each version keeps the items the previous one added."""
        per_year = self._new_per_year(file_no)
        year = BASE_VERSION + 1 + j // per_year
        idx = 50_000_000 + file_no * 10_000 + j
        r = self.rng(1, idx)
        counters = {t: 0 for t in (*TYPE_CODE.values(), "local", "filing", "natl")}
        used = new_names.setdefault(f"{dept}:{year}", set())
        plan = self._plan(r, idx, lst, dept, False, {dept: used}, counters)[0]
        plan.name += f"（{year}年新设）"
        if lst == "filing":
            plan.code = f"{REGION_CODE}-BA-{900_000 + file_no * 100 + j:06d}"
        else:
            plan.code = f"12{TYPE_CODE[plan.type]}{70000 + file_no * 20 + j:05d}000"
            plan.national_code = ""
        plan.new = True
        return plan

    def _new_per_year(self, file_no: int) -> int:
        return (self._file_counts[file_no] + 99) // 100

    def _take_defect(self, lst: str, cycle: dict[str, int],
                     last_spare: dict[str, tuple[str, str] | None]) -> str:
        kinds = ITEM_DEFECTS[lst]
        while True:
            defect = kinds[cycle[lst] % len(kinds)]
            cycle[lst] += 1
            if defect == "unique-code" and last_spare[lst] is None:
                continue
            return defect

    def _apply_defect(self, plan: Planned, defect: str, counters: dict[str, int],
                      last_spare: dict[str, tuple[str, str] | None],
                      last_name: dict[str, str]) -> None:
        plan.defect = defect
        if defect == "list-type-mismatch":
            itype = "行政确认" if plan.lst == "licensing" else "行政许可"
            plan.type = itype
            tc = TYPE_CODE[itype]
            counters[tc] += 1
            plan.code, plan.national_code = f"12{tc}{counters[tc]:05d}000", ""
        elif defect == "code-type-mismatch":
            wrong = "07" if plan.type != "行政确认" else "05"
            counters[wrong] += 1
            plan.code, plan.national_code = f"12{wrong}{counters[wrong]:05d}000", ""
        elif defect == "national-code-link":
            counters["local"] += 1
            plan.code = f"{REGION_CODE}-{TYPE_CODE[plan.type]}-{counters['local']:06d}"
            plan.national_code = ""
        elif defect == "unique-code":
            spare = last_spare[plan.lst]
            assert spare is not None
            plan.code, plan.type = spare
            plan.national_code = ""
        elif defect == "duplicate-name" and plan.dept in last_name:
            plan.name = last_name[plan.dept]
        elif defect == "duplicate-name":
            plan.defect = "promised-within-legal"

    def _record(self, plan: Planned, meta: ItemMeta, rel: str) -> None:
        pos = len(self.cat.items)
        self.cat.items.append(meta)
        if plan.status == "取消" and meta.mats:
            cert = next((m for m in meta.mats if m.startswith("cert-")), "")
            if cert:
                self.cat.cancelled.append((plan.code, cert))
        if meta.refable:
            for m in meta.mats:
                if m.startswith("cert-"):
                    self.cat.cert_users.setdefault(m, []).append(pos)
        if plan.defect:
            rules = {"waiver-expired": ("consult-not-complaint", "waiver-expired")}.get(
                plan.defect, (plan.defect,))
            for rule in rules:
                self.plant(rule, plan.code, rel)

    # -- service items: one item ----------------------------------------------------------------

    def _item(self, plan: Planned, refable: bool) -> tuple[str, ItemMeta]:
        r = self.rng(2, plan.idx)
        d = plan.defect
        dept = plan.dept
        _, dept_name, domains, _ = DEPARTMENTS[DEPT_INDEX[dept]]
        t = plan.topic
        lst, itype = plan.lst, plan.type
        enterprise = itype in ("行政许可", "行政备案") or r.random() < 0.35
        if d == "gov-issued-material-submitted":
            enterprise = True
        out: list[str] = [f"  - code: {q(plan.code)}\n"]
        if plan.national_code:
            out.append(f"    national_code: {q(plan.national_code)}\n")
        out.append(f"    name: {q(plan.name)}\n")
        if plan.parent:
            out.append(f"    parent: {q(plan.parent)}\n")
        out.append(f"    type: {q(itype)}\n")
        out.append(f"    department: {q('wlj' if d == 'ref-department' else dept)}\n")
        levels = r.choice(LEVELS)
        out.append(f"    levels: {flow_list(levels)}\n")

        # 设定依据
        strong = ("法律", "行政法规", "国务院决定", "地方性法规")
        if d in ("licensing-basis-level",):
            basis_levels = ["部门规章", "规范性文件"]
        elif d == "filing-basis-level":
            basis_levels = ["规范性文件"]
        else:
            if lst == "licensing" or itype == "行政许可":
                first = r.choice(strong)
            elif lst == "filing":
                first = r.choice(("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章"))
            else:
                first = r.choice(("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章",
                                  "规范性文件"))
            basis_levels = [first]
            for _ in range(r.randrange(3)):
                basis_levels.append(r.choice(("行政法规", "地方性法规", "部门规章", "地方政府规章",
                                              "规范性文件")))
        out.append("    basis:\n")
        first_basis = ""
        for k, level in enumerate(basis_levels):
            title = law_title(level, domains[k % 2])
            if level == "国务院决定":
                article = f"第{cn_number(r.randint(1, 500))}项"
            else:
                article = f"第{cn_number(r.randint(2, 90))}条"
                if r.random() < 0.3:
                    article += f"第{cn_number(r.randint(1, 4))}款"
            if not first_basis:
                first_basis = f"《{title}》{article}"
            out.append(f"      - {{title: {q(title)}, article: {q(article)}, level: {q(level)}}}\n")

        # 受理条件
        if d == "no-empty-element":
            conditions = ["无"]
        else:
            conditions = [c.format(t=t) for c in r.sample(CONDITIONS, r.randint(3, 6))]
        out.append("    conditions:\n")
        out.extend(f"      - {q(c)}\n" for c in conditions)

        # 申请材料
        mats: list[tuple[str, str, bool]] = []  # (rendered, identifier, tolerable)
        keys: list[str] = []
        target = r.randint(3, 10)

        def dict_mat(key: str, copies: tuple[int, int], necessity: str = "必要",
                     note: str = "", exempt: str = "") -> None:
            pairs = [("material", q(key)), ("necessity", q(necessity)),
                     ("copies", f"{{original: {copies[0]}, copy: {copies[1]}}}"),
                     ("form", q(r.choice(("纸质或电子", "电子", "纸质"))))]
            if exempt:
                pairs.append(("exempt", exempt))
            if note:
                pairs.append(("note", q(note)))
            mats.append(("      - " + flow_map(pairs) + "\n", key, True))
            keys.append(key)

        def inline_mat(name: str, origin: str, copies: tuple[int, int], tolerable: bool = True,
                       note: str = "") -> None:
            pairs = [("name", q(name)), ("origin", q(origin)), ("necessity", q("必要")),
                     ("copies", f"{{original: {copies[0]}, copy: {copies[1]}}}"),
                     ("form", q("纸质或电子"))]
            if note:
                pairs.append(("note", q(note)))
            mats.append(("      - " + flow_map(pairs) + "\n", name, tolerable))
            assert d or name not in self.dict_names, name

        form_name = plan.name + ("申请表" if r.random() < 0.7 else "申请书")
        inline_mat(form_name, "申请人自备", (1, 0), tolerable=False,
                   note="可在线填写，系统根据共享数据自动预填")
        if enterprise:
            dict_mat("business-license", (0, 1), note=MAT_NOTES[1],
                     exempt="false" if d == "gov-issued-material-submitted" else "")
            dict_mat("legal-rep-cert", (1, 0), note=MAT_NOTES[2])
        else:
            dict_mat("id-card", (0, 1), note=MAT_NOTES[1])
        if plan.qualifier in ("（变更）", "（延续）", "（注销）", "（补办）") or r.random() < 0.3:
            dkey = self.dept_mats[dept][DEPARTMENTS[DEPT_INDEX[dept]][3].index(t)][0]
            dict_mat(dkey, (1, 1), note=MAT_NOTES[4])
        cert = ""
        if plan.status == "取消":
            cert = self.cert_mats[len(self.cat.cancelled) % len(self.cert_mats)][0]
        elif r.random() < 0.45:
            cert = self.cert_mats[r.randrange(len(self.cert_mats))][0]
        if cert:
            dict_mat(cert, (1, 0), note="可以告知承诺书代替")
        pool = ENTERPRISE_MATS if enterprise else PERSONAL_MATS
        for key in r.sample(pool, 2):
            if key not in keys and len(mats) < target and not (
                    d == "inline-material-duplicates-dictionary" and key == "lease-contract"):
                dict_mat(key, (0, 1), note=r.choice(MAT_NOTES))
        docs = r.sample(INLINE_DOCS, 4)
        for doc in docs:
            if len(mats) >= target:
                break
            inline_mat(doc.format(t=t), "申请人自备", (1, 0), note=r.choice(MAT_NOTES))
        if r.random() < 0.25 and len(mats) < target:
            dict_mat("power-of-attorney", (1, 0), necessity="非必要", note=MAT_NOTES[3])
        if d == "inline-material-duplicates-dictionary":
            inline_mat("房屋租赁合同", "申请人自备", (0, 1))
        elif d == "newspaper-notice":
            inline_mat("遗失登报声明", "申请人自备", (1, 0))
        elif d == "ref-material":
            dict_mat("unregistered-material", (1, 0))
        # 容缺后补: one material that may be supplied later
        tolerance: list[str] = []
        tolerable = [m for m in mats if m[2] and not m[1].startswith("cert-")
                     and 'necessity: "必要"' in m[0]]
        if tolerable and r.random() < 0.2 and d not in ("supervision-consistent",):
            rendered, ident, _ = tolerable[-1]
            i = mats.index(tolerable[-1])
            mats[i] = (rendered.replace('necessity: "必要"', 'necessity: "容缺后补"'), ident, True)
            tolerance.append(ident)
        if d == "tolerance-material-exists":
            tolerance.append("未列明的补充材料")
        out.append("    materials:\n")
        out.extend(m[0] for m in mats)
        out.append(f"    process: {flow_list(r.choice(PROCESSES))}\n")

        # 办结时限
        if lst == "licensing":
            legal = r.choice((20, 20, 15, 30, 45, 60, 10, 5, 0))
        elif lst == "filing":
            legal = r.choice((0, 5, 10, 20))
        else:
            legal = r.choice((0, 5, 10, 15, 20, 30, 60))
        if d in ("promised-within-legal", "instant-item-zero-days", "waiver-unused") and legal < 5:
            legal = 10
        if legal == 0 or r.random() < 0.15:
            kind, promised = "即办件", 0
        else:
            kind = "承诺件"
            promised = max(1, round(legal * r.choice((0.2, 0.3, 0.4, 0.5, 0.6))))
        if d == "promised-within-legal":
            kind, promised = "承诺件", legal + 5
        elif d == "instant-item-zero-days":
            kind, promised = "即办件", 3
        base_promised = promised
        depth = weighted(r, ((4, 50), (3, 25), (2, 15), (1, 10)))
        if d in ("full-online-zero-visits",):
            depth = 4
        elif d in ("zero-visits-needs-channel",):
            depth = 2
        elif d == "visit-reason-required":
            depth = 3
        evolve = self.rng(3, plan.idx, self.version).random() if self.delta and not d else 1.0
        if evolve < 0.03 * self.delta and kind == "承诺件" and promised >= 2:
            promised -= max(1, promised // 4)
        elif evolve < 0.05 * self.delta and depth == 3:
            depth = 4
        note = "不含现场勘验、专家评审和听证时间" if legal and r.random() < 0.3 else ""
        tl = [("legal", str(legal)), ("promised", str(promised))]
        if note:
            tl.append(("note", q(note)))
        out.append(f"    time_limit: {flow_map(tl)}\n")

        # 收费
        charged = (d in ("fee-basis-required", "filing-no-fee")
                   or (lst != "filing" and r.random() < (0.08 if lst == "licensing" else 0.03)))
        if charged:
            fee_item = [("name", q(f"{t}证照工本费")),
                        ("standard", q(f"每件{r.choice((5, 10, 20, 50))}元"))]
            if d != "fee-basis-required":
                number = r.randint(10, 400)
                basis = f"关于{t}收费标准的通知（津发改价费〔2019〕{number}号）"
                fee_item.append(("basis", q(basis)))
            out.append(f"    fee: {{charged: true, items: [{flow_map(fee_item)}]}}\n")
        else:
            out.append("    fee: {charged: false}\n")

        # 办理结果
        if lst == "filing":
            result = (f"{t}备案回执", "其他")
        elif itype == "行政许可":
            result = r.choice(((f"{t}许可证", "证照"), (f"准予{plan.name}决定书", "批文")))
        elif itype == "行政确认":
            result = r.choice(((f"{t}登记证明", "证照"), (f"{plan.name}结果通知书", "其他")))
        else:
            result = (f"{plan.name}办理结果告知书", "其他")
        res = [("name", q(result[0]))]
        if d != "result-type-required":
            res.append(("type", q(result[1])))
        res.append(("electronic", yes(r.random() < 0.8)))
        out.append(f"    result: {flow_map(res)}\n")

        # 办理方式
        x = r.random()  # drawn whatever the depth, so that a later version's depth keeps the rest
        if depth == 4:
            visits = 0
        elif depth == 3:
            visits = 0 if x < 0.5 else 1
        else:
            visits = 1 if x < 0.7 else 2
        if d == "full-online-zero-visits":
            visits = 1
        elif d == "zero-visits-needs-channel":
            visits = 0
        elif d == "visit-reason-required":
            visits = 1
        channels = ["窗口办理"]
        if depth >= 3:
            channels.append("网上办理")
            if r.random() < 0.6:
                channels.append("移动端办理")
        if r.random() < 0.5 or (visits == 0 and depth < 3):
            channels.append("快递申请")
        if r.random() < 0.15:
            channels.append("自助终端")
        if d == "zero-visits-needs-channel":
            channels = ["窗口办理", "自助终端"]
        x = r.random()
        commitment = (d in ("commitment-needs-supervision", "supervision-consistent")
                      or (not d and lst == "licensing" and x < 0.12)
                      or (not d and lst == "non-licensing" and x < 0.03))
        out.append("    handling:\n")
        out.append(f"      kind: {q(kind)}\n")
        out.append(f"      online_depth: {depth}\n")
        out.append(f"      visits: {visits}\n")
        if visits and d != "visit-reason-required":
            out.append(f"      visit_reason: {q(r.choice(VISIT_REASONS))}\n")
        out.append(f"      channels: {flow_list(channels)}\n")
        if d == "negative-list-reason":
            in_center = "{value: false}"
        elif r.random() < 0.05:
            in_center = r.choice((f"{{value: false, reason: {q('场地限制')}, detail: "
                                  f"{q('需配套大型检测设备，在部门专业服务大厅办理')}}}",
                                  f"{{value: false, reason: {q('涉及国家秘密')}}}"))
        else:
            in_center = "{value: true}"
        out.append(f"      in_center: {in_center}\n")
        if depth >= 3:
            online = "{value: true}"
        else:
            reason = r.choice(ONLINE_NEGATIVE)
            online = f"{{value: false, reason: {q(reason)}"
            if reason == "法律法规另有规定":
                online += f", basis: {q(first_basis)}"
            elif reason == "其他":
                online += f", detail: {q(f'{t}须核验实物样品，暂不具备网上办理条件')}"
            online += "}"
        out.append(f"      online: {online}\n")
        if visits <= 1:
            out.append("      one_visit: {value: true}\n")
        else:
            out.append(f"      one_visit: {{value: false, reason: {q('需现场勘验')}, detail: "
                       f"{q('首次申请需现场勘验，勘验后再次到场领取结果')}}}\n")
        out.append(f"      commitment: {yes(commitment)}\n")
        out.append(f"      tolerance: {flow_list(tolerance)}\n")
        scope = r.choice(SCOPES)
        out.append(f"      scope: {q(scope)}\n")
        if scope == "京津冀通办":
            out.append("      same_standard: true\n")

        # 联系方式
        dn = DEPT_INDEX[dept]
        phone = f"022-2{dn:02d}{r.randrange(10000, 99999)}"
        shape = r.random()
        if shape < 0.2:
            phone += f"转{r.randint(1, 9)}"
        elif shape < 0.3:
            phone += f"；022-2{dn:02d}{r.randrange(10000, 99999)}"
        elif shape < 0.35:
            phone = f"1{r.choice('3589')}{r.randrange(100_000_000, 999_999_999)}"
        complaint = "12345" if r.random() < 0.7 else f"022-8{dn:02d}{r.randrange(10000, 99999)}"
        if d == "contact-format":
            phone = f"022-{r.randrange(1000, 9999)}"
        elif d in ("consult-not-complaint", "waiver-expired"):
            complaint = phone
        place = (f"天津市政务服务中心{cn_number(r.randint(1, 4))}楼{r.choice('ABCDEF')}区"
                 f"{r.randint(1, 60)}号窗口（河西区水上公园东路68号）"
                 if r.random() < 0.7 else f"{dept_name}政务服务窗口")
        contact = [("place", q(place)), ("hours", q(r.choice(HOURS))), ("phone", q(phone)),
                   ("complaint_phone", q(complaint))]
        out.append(f"    contact: {flow_map(contact)}\n")

        # 申请表
        base = (["enterprise.name", "enterprise.uscc", "enterprise.legal_rep", "applicant.mobile"]
                if enterprise else ["applicant.name", "applicant.id_number", "applicant.mobile"])
        extra = r.sample(self.dept_elements[dept], 3) + r.sample(self.general_elements, 13)
        n_form = r.randint(5, 20)
        form = base + [e for e in extra if e not in base][: max(0, n_form - len(base))]
        if d == "ref-data-element":
            form.append("applicant.nickname")
        fields = [f"{{element: {q(e)}, required: false}}" if e in self.optional_elements
                  else q(e) for e in form]
        out.append("    form: [" + ", ".join(fields) + "]\n")

        # 监管实施细则
        if commitment and d != "commitment-needs-supervision":
            checks = [*[k for k in keys if not k.startswith("cert-")][:1], conditions[0]]
            if d == "supervision-consistent":
                checks.append("申请人具有相应的专业资质")
            out.append("    supervision:\n")
            out.append(f"      object: {q(f'通过告知承诺方式取得{plan.name}的申请人')}\n")
            out.append(f"      subject: {q(dept_name)}\n")
            for key, text in SUPERVISION:
                out.append(f"      {key}: {q(text.format(t=t))}\n")
            out.append(f"      checks: {flow_list(checks)}\n")
        if lst == "filing":
            timing = "事前备案" if d == "filing-after-the-fact" else "事后备案"
            out.append(f"    filing_timing: {q(timing)}\n")
        out.append(f"    status: {q(plan.status)}\n")
        x = r.random()
        if x < 0.05:
            out.append(f"    tags: {flow_list(('天开园',))}\n")
        elif x < 0.08:
            out.append(f"    tags: {flow_list(('绿色石化', '京津冀协同'))}\n")
        if d == "waiver-expired":
            out.append("    waivers:\n")
            out.append(f"      - {{rule: {q('consult-not-complaint')}, reason: "
                       f"{q('热线整合过渡期内咨询与投诉暂用同一号码')}, until: {q('2020-12-31')}, "
                       f"approved_by: {q(dept_name)}}}\n")
        elif d == "waiver-unused":
            out.append("    waivers:\n")
            out.append(f"      - {{rule: {q('promised-within-legal')}, reason: "
                       f"{q('承诺时限调整正在报批')}, until: {q('2099-12-31')}, "
                       f"approved_by: {q(dept_name)}}}\n")
        meta = ItemMeta(plan.code, plan.name, dept, itype, kind, legal, base_promised, promised,
                        visits, "区级" in levels,
                        refable and plan.status == "在用" and not plan.new,
                        tuple(keys), tuple(m[1] for m in mats if m[2]))
        return "".join(out), meta

    # -- the lists that refer to items -----------------------------------------------------------

    def write_certificates(self) -> None:
        items = self.cat.items
        users = self.cat.cert_users
        reserved = []  # defect entries naming a cancelled item: (code, cert)
        n = self.scale.certificates
        defects = [""] * n
        k = 0
        for c in range(n):
            if self.defects and c % self.scale.side_period == self.scale.side_offset:
                defects[c] = CERTIFICATE_DEFECTS[k % len(CERTIFICATE_DEFECTS)]
                k += 1
        cancelled = iter(self.cat.cancelled)
        for c in range(n):
            if defects[c] == "ref-item":
                pair = next(cancelled, None)
                if pair is None:
                    defects[c] = "commitment-excluded-domain"
                else:
                    reserved.append(pair)
        reserved_mats = {m for _, m in reserved}
        free = [m for m, _, _ in self.cert_mats if m in users and m not in reserved_mats]
        free_iter = iter(free)
        res_iter = iter(reserved)
        refable = [i for i, it in enumerate(items) if it.refable]
        per_file = 50
        chunks: list[str] = []
        rel = ""
        for c in range(n):
            r = self.rng(4, c)
            code = f"CN-{c + 1:04d}"
            defect = defects[c]
            applies: list[str] = []
            if defect == "ref-item":
                cancelled_code, mat = next(res_iter)
                applies = [items[p].code for p in users.get(mat, [])[:2]] + [cancelled_code]
            else:
                found = next(free_iter, None)
                if found is None:
                    break
                mat = found
                applies = [items[p].code for p in users[mat][: r.randint(1, 3)]]
                if defect == "certificate-not-required-by-item":
                    for p in refable[r.randrange(len(refable)):] + refable:
                        if mat not in items[p].mats:
                            applies.append(items[p].code)
                            break
            name = next(nm for k2, nm, _ in self.cert_mats if k2 == mat)
            issuer = next(iss for k2, _, iss in self.cert_mats if k2 == mat)
            domain = "公共安全" if defect == "commitment-excluded-domain" else "一般"
            if c % per_file == 0:
                if chunks:
                    self.write(rel, "".join(chunks))
                rel = f"certificate-exemption/gzcn-{c // per_file + 1:02d}.yaml"
                chunks = ["items:\n"]
            if defect:
                self.plant(defect, code, rel)
            chunks.append(
                f"  - code: {q(code)}\n"
                f"    name: {q(name)}\n"
                f"    material: {q(mat)}\n"
                f"    applies_to: {flow_list(applies)}\n"
                f"    domain: {q(domain)}\n"
                f"    basis: [{{title: {q(CERT_BASIS[0])}, article: {q('二')}, "
                f"level: {q('规范性文件')}}}, {{title: {q(CERT_BASIS[1])}, "
                f"article: {q(f'第{cn_number(r.randint(10, 60))}条')}, "
                f"level: {q('地方性法规')}}}]\n"
                f"    issuer: {q(issuer)}\n"
                f"    commitment: {q(CERT_PROMISE.format(name=name))}\n"
                f"    verification: {{method: {q(r.choice(CERT_CHECKS))}, "
                f"days: {r.choice((3, 5, 10, 20))}}}\n"
                f"    liability: {q(CERT_LIABILITY)}\n")
        if chunks:
            self.write(rel, "".join(chunks))

    def write_benefits(self) -> None:
        n = self.scale.benefits
        per_file = 50
        by_target: dict[str, list[tuple[str, str]]] = {"企业": [], "个人": []}
        for key, target, schema in CRITERIA:
            by_target[target].append((key, schema))
        source_of = {e[0]: e[5] for e in self.elements}
        chunks: list[str] = []
        rel = ""
        k = 0
        for b in range(n):
            r = self.rng(5, b)
            defect = ""
            if self.defects and b % self.scale.side_period == self.scale.side_offset:
                defect = BENEFIT_DEFECTS[k % len(BENEFIT_DEFECTS)]
                k += 1
            target, title, content, standard = BENEFIT_KINDS[b % len(BENEFIT_KINDS)]
            dept = BENEFIT_DEPTS[r.randrange(len(BENEFIT_DEPTS))]
            dept_name = DEPARTMENTS[DEPT_INDEX[dept]][1].replace("天津市", "")
            crit = r.sample(by_target[target], r.randint(2, 3))
            sources: list[str] = []
            for key, _ in crit:
                if source_of[key] not in sources:
                    sources.append(source_of[key])
            if defect == "benefit-data-source":
                dropped = source_of[crit[0][0]]
                sources = [s for s in sources if s != dropped] or [
                    "xyxx" if dropped != "xyxx" else "tyrz"]
                if source_of[crit[0][0]] in sources:
                    sources = [s for s in sources if s != source_of[crit[0][0]]] or ["tyrz"]
            apply = r.random() < 0.2 or defect == "benefit-apply-form"
            mode = "即申即享" if apply else "免申即享"
            code = f"MJ-{b + 1:04d}"
            batch = b // len(BENEFIT_KINDS) + 1
            name = f"{title}（第{cn_number(batch % 999 or 999)}批）" if batch > 1 else title
            year = self.version
            until = max(BASE_VERSION + r.choice((0, 1, 2)), year)  # extended while in force
            valid = ((f"{year - 2}-01-01", f"{year - 1}-12-31") if defect == "benefit-expired"
                     else (f"{BASE_VERSION}-01-01", f"{until}-12-31"))
            if b % per_file == 0:
                if chunks:
                    self.write(rel, "".join(chunks))
                rel = f"no-application-benefits/msjx-{b // per_file + 1:02d}.yaml"
                chunks = ["items:\n"]
            if defect:
                self.plant(defect, code, rel)
            document = f"津{DOC_ABBR[dept]}规〔{BASE_VERSION - 1}〕{r.randint(1, 30)}号"
            lines = [
                f"  - code: {q(code)}\n",
                f"    name: {q(name)}\n",
                f"    document: {q(document)}\n",
                f"    department: {q(dept)}\n",
                f"    target: {q(target)}\n",
                f"    mode: {q(mode)}\n",
                "    eligibility:\n",
                f"      type: {q('object')}\n",
                f"      required: {flow_list(key for key, _ in crit)}\n",
                "      properties:\n",
            ]
            lines += [f"        {q(key)}: {schema}\n" for key, schema in crit]
            lines.append(f"    data_sources: {flow_list(sources)}\n")
            ben = [("content", q(f"{dept_name}：{content}"))]
            if defect != "benefit-criteria":
                ben.append(("standard", q(standard)))
            lines.append(f"    benefit: {flow_map(ben)}\n")
            method = "直接拨付至企业对公账户" if target == "企业" else "发放至社会保障卡金融账户"
            lines.append(f"    delivery: {{method: {q(method)}, days: {r.choice((15, 30, 60))}}}\n")
            lines.append(f"    valid: {{from: {q(valid[0])}, to: {q(valid[1])}}}\n")
            if mode == "即申即享":
                if defect == "benefit-apply-form":
                    lines.append("    form: []\n")
                else:
                    base = (["enterprise.name", "enterprise.uscc", "applicant.mobile"]
                            if target == "企业" else ["applicant.name", "applicant.id_number",
                                                     "applicant.mobile"])
                    lines.append(f"    form: {flow_list(base + [key for key, _ in crit])}\n")
            chunks.extend(lines)
        if chunks:
            self.write(rel, "".join(chunks))

    def write_scenarios(self) -> None:
        items = self.cat.items
        pool = [i for i, it in enumerate(items) if it.refable]
        slow = [i for i in pool if items[i].base_promised >= 2]
        cancelled = [code for code, _ in self.cat.cancelled]
        if not pool or not slow:
            return
        k = 0
        for s in range(self.scale.scenarios):
            r = self.rng(6, s)
            defect = ""
            if self.defects and s % self.scale.side_period == self.scale.side_offset:
                defect = SCENARIO_DEFECTS[k % len(SCENARIO_DEFECTS)]
                k += 1
            n = 1 if defect == "scenario-min-items" else r.randint(2, 6)
            chosen = [slow[r.randrange(len(slow))]]
            for p in r.sample(pool, min(len(pool), n + 3)):
                if len(chosen) >= n:
                    break
                if p not in chosen:
                    chosen.append(p)
            its = [items[p] for p in chosen]
            code = f"YJ-{s + 1:04d}"
            event = SCENARIO_EVENTS[s % len(SCENARIO_EVENTS)]
            rnd = s // len(SCENARIO_EVENTS)
            name = f"{event}一件事" + (f"（场景{cn_number(rnd + 1)}）" if rnd else "")
            depts = [it.dept for it in its]
            lead = depts[0]
            if defect == "scenario-lead-involved":
                lead = next(dp[0] for dp in DEPARTMENTS if dp[0] not in depts)
            partners = []
            for dp in depts:
                if dp != lead and dp not in partners:
                    partners.append(dp)
            optional = [j >= 2 and r.random() < 0.4 for j in range(len(its))]
            # below the sum of the required items alone (the first one is required and takes
            # at least a day), so below the sum whichever items a linter adds up
            required = sum(it.promised for it, opt in zip(its, optional, strict=True) if not opt)
            total = sum(it.promised for it in its)
            days = total if defect == "scenario-not-faster" else required * 2 // 5
            visits = 0 if all(it.visits == 0 for it in its) else 1
            rel = f"scenarios/{code}.yaml"
            lines = [f"code: {q(code)}\n", f"name: {q(name)}\n",
                     f"kind: {q('企业' if its[0].type in ('行政许可', '行政备案') else '个人')}\n",
                     f"lead: {q(lead)}\n", f"partners: {flow_list(partners)}\n", "items:\n"]
            situations = []
            for j, it in enumerate(its):
                if optional[j]:
                    question = f"是否同时办理{it.name}"
                    situations.append((question, it.code))
                    lines.append(f"  - {{code: {q(it.code)}, required: false, "
                                 f"when: {q(question)}}}\n")
                else:
                    lines.append(f"  - {{code: {q(it.code)}, required: true}}\n")
            if defect == "ref-item":
                missing = cancelled[k % len(cancelled)] if cancelled else "129999999000"
                lines.append(f"  - {{code: {q(missing)}, required: true}}\n")
            if situations:
                lines.append("situations:\n")
                lines += [f"  - {{question: {q(qs)}, adds: {flow_list((c,))}}}\n"
                          for qs, c in situations]
            lines.append(f"promised_days: {days}\n")
            lines.append(f"visits: {visits}\n")
            if defect:
                self.plant(defect, code, rel)
            self.write(rel, "".join(lines))

    def write_implementations(self) -> None:
        items = self.cat.items
        pool = [i for i, it in enumerate(items) if it.refable and it.district]
        counter = 0
        pending = False
        for dn, (dname, _, slug, abbr, road) in enumerate(DISTRICTS[: self.scale.districts]):
            r = self.rng(7, dn)
            chosen = sorted(r.sample(range(len(pool)), min(len(pool), self.scale.entries)))
            rel = f"implementations/{slug}.yaml"
            lines = [f"district: {q(dname)}\n", f"agency: {q(abbr + '-zwfwb')}\n", "items:\n"]
            phone_base = 20000000 + (dn + 1) * 1_000_000
            for pi in chosen:  # positions in the pool: stable when a later version adds items
                it = items[pool[pi]]
                re = self.rng(8, dn, pi)
                if self.defects and counter % self.scale.impl_period == self.scale.impl_offset:
                    pending = True
                counter += 1
                place = (f"{dname}政务服务中心{cn_number(re.randint(1, 3))}楼"
                         f"{re.randint(1, 40)}号窗口（{road}{re.randint(1, 200)}号）")
                phone = f"022-{phone_base + re.randrange(100000, 999999)}"
                lines.append(f"  - code: {q(it.code)}\n")
                lines.append(f"    contact: {{place: {q(place)}, phone: {q(phone)}}}\n")
                promised = None
                if pending and it.kind == "承诺件" and it.promised < it.legal:
                    promised = it.promised + 1
                    pending = False
                    self.plant("uniform-elements", it.code, rel)
                elif it.kind == "承诺件" and it.base_promised >= 2 and re.random() < 0.5:
                    promised = min(it.promised, re.randint(1, it.base_promised - 1))
                if promised is not None:
                    lines.append(f"    time_limit: {{promised: {promised}}}\n")
                if it.tolerable and re.random() < 0.1:
                    lines.append(f"    handling: {{tolerance: {flow_list(it.tolerable[-1:])}}}\n")
            self.write(rel, "".join(lines))

    def write_views(self) -> None:
        for slug, name, select in VIEWS:
            self.write(f"views/{slug}.yaml", f"name: {q(name)}\nselect: {select}\n")

    # -- the whole run --------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        for folder in ("licensing", "non-licensing", "filing", "certificate-exemption",
                       "no-application-benefits", "scenarios", "implementations", "views"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.write_catalog_meta()
        self.write_service_items()
        self.write_certificates()
        self.write_benefits()
        self.write_scenarios()
        self.write_implementations()
        self.write_views()
        findings = sorted(
            {(f.rule, f.item or "", f.file) for f in self.cat.findings})
        expected = [{"rule": rule, "item": item or None, "file": path}
                    for rule, item, path in findings]
        rows = ",\n ".join(json.dumps(e, ensure_ascii=False) for e in expected)
        (self.out / "expected-findings.json").write_text(f"[{rows}]\n" if rows else "[]\n",
                                                         encoding="utf-8")
        by_rule: dict[str, int] = {}
        for rule, _, _ in findings:
            by_rule[rule] = by_rule.get(rule, 0) + 1
        summary = {
            "scale": self.scale.name, "seed": self.seed, "version": str(self.version),
            "defects": self.defects, "files": self.cat.files, "bytes": self.cat.bytes,
            "service_items": len(self.cat.items),
            "planted": len(expected), "planted_by_rule": dict(sorted(by_rule.items())),
        }
        (self.out / "generation.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8")
        return summary


def generate(scale: str, out: Path | str, seed: int = 1, version: int = BASE_VERSION,
             defects: bool | None = None) -> dict[str, Any]:
    """Write DIR/catalog, DIR/expected-findings.json and DIR/generation.json; return the summary."""
    spec = SCALES[scale]
    out = Path(out)
    root = out / "catalog"
    if root.exists():
        if not (out / "generation.json").exists():
            raise FileExistsError(f"{root} exists and was not written by this generator")
        shutil.rmtree(root)
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(spec, out, seed, version, spec.defects if defects is None else defects)
    return gen.run()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--version", type=int, default=BASE_VERSION, help="catalog year, e.g. 2026")
    parser.add_argument("--defects", action=argparse.BooleanOptionalAction, default=None,
                        help="plant known findings (default: on for city/nation, off for small)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        summary = generate(args.scale, args.out, args.seed, args.version, args.defects)
    except FileExistsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f"{summary['scale']}: {summary['service_items']} service items, "
          f"{summary['files']} files, "
          f"{summary['bytes'] / 1e6:.1f} MB, {summary['planted']} planted findings "
          f"in {elapsed:.1f} s → {os.fspath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
