"""Chinese and English names of the codes that statistics group by (Qt-free; the bulletin is Chinese).

Copies of backend tables (categories.toml, alarm_ops, demo names): the console must not import the
backend, and these names change rarely.
"""

from __future__ import annotations

CATEGORY = {
    "city_appearance": ("市容环境", "City appearance"), "advertising": ("宣传广告", "Advertising"),
    "construction": ("施工管理", "Construction"), "street_order": ("街面秩序", "Street order"),
    "emergency": ("突发事件", "Emergency"), "dispute": ("矛盾纠纷", "Dispute"),
    "public_security": ("治安隐患", "Public security"), "facility_repair": ("设施维修", "Facility repair"),
    "livelihood": ("民生服务", "Livelihood services"), "other": ("其他", "Other"),
}
SOURCE = {
    "resident_app": ("居民报事", "Resident app"), "patrol": ("网格巡查", "Grid patrol"), "hotline": ("热线", "Hotline"),
    "camera_ai": ("视频AI", "Video AI"), "sensor": ("传感器", "Sensor"), "alarm": ("一键报警", "One-key alarm"),
    "other": ("其他", "Other"),
}
RESIDENT_TYPE = {"registered": ("户籍人口", "Registered"), "floating": ("流动人口", "Floating"),
                 "overseas": ("境外人员", "Overseas")}
CARE_TAG = {
    "elderly_alone": ("独居老人", "Elderly living alone"), "empty_nest": ("空巢老人", "Empty-nest elderly"),
    "disabled": ("残疾人", "Disabled"), "low_income": ("低保户", "Low income"), "veteran": ("退役军人", "Veteran"),
    "left_behind_child": ("留守儿童", "Left-behind child"), "serious_illness": ("大病患者", "Serious illness"),
    "special_hardship": ("特困人员", "Special hardship"),
}
ALARM_TYPE = {
    "one_key": ("一键报警", "One-key alarm"), "care_no_motion": ("独居老人无活动", "No motion"),
    "care_smoke": ("烟感报警", "Smoke detector"), "care_fall": ("跌倒报警", "Fall"),
    "ai_stranger": ("陌生人识别", "Stranger"), "ai_crowd": ("人员聚集", "Crowd"), "ai_intrusion": ("区域入侵", "Intrusion"),
    "ai_fire": ("烟火识别", "Fire"), "gate_forced": ("门禁强行开启", "Gate forced"),
    "gate_tailgating": ("尾随进入", "Tailgating"),
}
STATUS = {"reported": ("待受理", "To accept"), "accepted": ("待派遣", "To dispatch"), "dispatched": ("已派遣", "Dispatched"),
          "in_progress": ("处置中", "Handling"), "feedback": ("待核查", "To verify"), "verified": ("待评价", "To evaluate"),
          "closed": ("已结单", "Closed"), "rejected": ("不予立案", "Rejected")}
# Values the residents table stores in Chinese already (political status, education): English for the UI.
POLITICAL_EN = {"中共党员": "CPC member", "共青团员": "CYL member", "少先队员": "Young Pioneer", "群众": "Masses"}
EDUCATION_EN = {"学龄前": "Preschool", "小学": "Primary", "初中": "Junior middle", "高中": "Senior middle",
                "中专": "Secondary vocational", "大专": "Junior college", "本科": "Bachelor", "硕士研究生": "Master",
                "博士研究生": "Doctorate", "文盲或半文盲": "Illiterate"}
EDUCATION_ORDER = ("学龄前", "文盲或半文盲", "小学", "初中", "高中", "中专", "大专", "本科", "硕士研究生", "博士研究生")


def label(table: dict[str, tuple[str, str]], code: str, english: bool = False) -> str:
    """Name of `code` in `table` (zh, or en when `english`); unknown codes show as themselves."""
    pair = table.get(code)
    return code if pair is None else pair[1 if english else 0]


def fmt_rate(rate: float | None) -> str:
    """'75.0%', or '—' for no data (null is not 0 %)."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def fmt_hours(minutes: float | None) -> str:
    return "—" if minutes is None else f"{minutes / 60:.1f}"
