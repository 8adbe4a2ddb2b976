"""Contract profiles: which elements a contract of a given type is expected to have.

A profile is chosen by configuration (``settings.profile``), else by the
contract's ``profile``/``type`` metadata, else inferred from its title, else
``general``. Essential-clause rules (CL1xx) name an element; they fire only
when the profile in force lists that element, so an NDA is never told it
lacks fees or service levels.

Plain Python data (no YAML): this runs on every lint and must cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from contractlint.model import Document


class Element(NamedTuple):
    """One element a profile expects, and what in a document satisfies it."""

    id: str
    label: dict[str, str]
    kinds: tuple[str, ...]  # clause kinds (tag or inferred heading) that satisfy it
    source: str = ""
    parties: bool = False  # satisfied by party declarations
    signatures: bool = False  # satisfied by signature blocks
    annexes: bool = False  # satisfied by annexes

    def title(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or self.id


@dataclass(frozen=True, slots=True)
class Profile:
    """A contract type and the elements a contract of that type is expected to have."""

    id: str
    label: dict[str, str]
    elements: tuple[Element, ...]
    description: dict[str, str] = field(default_factory=dict)

    def title(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or self.id

    def element(self, element_id: str) -> Element | None:
        for element in self.elements:
            if element.id == element_id:
                return element
        return None


def _e(id_: str, zh: str, en: str, kinds: tuple[str, ...], source: str, **flags: bool) -> Element:
    return Element(id_, {"zh": zh, "en": en}, kinds, source, **flags)


_G = "售后服务合同指南 二"
_LIABILITY = ("liability", "limitation-of-liability", "indemnity")
_PARTIES = _e("parties", "当事人", "Parties", (), "CC 470(1)", parties=True)
_SIGNATURES = _e(
    "signatures", "签署页", "Signature page", ("signatures",), "CC 490", signatures=True
)
_DISPUTES = _e(
    "disputes", "争议解决", "Dispute resolution", ("disputes", "governing-law"), "CC 470(8)"
)

PROFILES: dict[str, Profile] = {
    "after-sales-service": Profile(
        "after-sales-service",
        {"zh": "售后服务合同", "en": "after-sales service contract"},
        (
            _e(
                "parties", "合同双方当事人信息", "Parties", (), f"{_G}(一); CC 470(1)", parties=True
            ),
            _e(
                "scope",
                "服务范围与内容",
                "Scope of services",
                ("scope", "warranty", "training", "installation"),
                f"{_G}(二); CC 470(2)",
            ),
            _e(
                "service-method",
                "服务方式与期限",
                "Service method and term",
                ("service-method", "term"),
                f"{_G}(三); CC 470(6)",
            ),
            _e("fees", "服务费用与支付方式", "Fees and payment", ("fees",), f"{_G}(四); CC 470(5)"),
            _e(
                "obligations",
                "双方权利与义务",
                "Rights and obligations",
                ("obligations",),
                f"{_G}(五)",
            ),
            _e(
                "service-levels",
                "服务质量标准与验收",
                "Service levels and acceptance",
                ("service-levels", "acceptance"),
                f"{_G}(六); CC 470(4)",
            ),
            _e("liability", "违约责任", "Liability for breach", _LIABILITY, f"{_G}(七); CC 470(7)"),
            _e(
                "force-majeure",
                "不可抗力",
                "Force majeure",
                ("force-majeure",),
                f"{_G}(八); CC 590",
            ),
            _e(
                "disputes",
                "争议解决方式",
                "Dispute resolution",
                ("disputes", "governing-law"),
                f"{_G}(九); CC 470(8)",
            ),
            _e(
                "termination",
                "合同的变更、解除与终止",
                "Amendment and termination",
                ("termination",),
                f"{_G}(十); CC 563",
            ),
            _e(
                "confidentiality",
                "保密条款",
                "Confidentiality",
                ("confidentiality", "data-protection"),
                f"{_G}(十一); CC 509, 558",
            ),
            _e(
                "miscellaneous",
                "其他约定与附件",
                "Other terms and annexes",
                ("miscellaneous", "notices", "annexes"),
                f"{_G}(十二)",
                annexes=True,
            ),
            _e(
                "signatures",
                "签署页",
                "Signature page",
                ("signatures",),
                f"{_G}(十三); CC 490",
                signatures=True,
            ),
        ),
        {
            "zh": "售后服务合同：种子指南列出的13项核心要素。",
            "en": "After-sales service contracts: the 13 elements of the seed guide.",
        },
    ),
    "general": Profile(
        "general",
        {"zh": "一般合同", "en": "contract"},
        (
            _PARTIES,
            _e("subject", "标的", "Subject matter", ("scope",), "CC 470(2)"),
            _e(
                "quality",
                "质量",
                "Quality",
                ("service-levels", "warranty", "acceptance"),
                "CC 470(4); CC 511(1)",
            ),
            _e("price", "价款或者报酬", "Price or remuneration", ("fees",), "CC 470(5); CC 511(2)"),
            _e(
                "performance",
                "履行期限、地点和方式",
                "Time, place and manner of performance",
                ("term", "service-method", "installation"),
                "CC 470(6); CC 511(3)-(5)",
            ),
            _e("liability", "违约责任", "Liability for breach", _LIABILITY, "CC 470(7)"),
            _DISPUTES,
            _SIGNATURES,
        ),
        {
            "zh": "一般合同：民法典第470条所列的一般条款。",
            "en": "Any contract: the usual terms listed in PRC Civil Code art. 470.",
        },
    ),
    "service": Profile(
        "service",
        {"zh": "服务合同", "en": "service contract"},
        (
            _PARTIES,
            _e("scope", "服务范围", "Scope of services", ("scope",), "CC 470(2); CC 878"),
            _e(
                "term",
                "服务期限与方式",
                "Term and manner of service",
                ("term", "service-method"),
                "CC 470(6)",
            ),
            _e("fees", "服务费用", "Fees", ("fees",), "CC 470(5)"),
            _e(
                "service-levels",
                "服务标准与验收",
                "Service levels and acceptance",
                ("service-levels", "acceptance"),
                "CC 470(4); CC 511(1)",
            ),
            _e("liability", "违约责任", "Liability", _LIABILITY, "CC 470(7)"),
            _e("termination", "解除与终止", "Termination", ("termination",), "CC 563"),
            _e(
                "confidentiality",
                "保密",
                "Confidentiality",
                ("confidentiality", "data-protection"),
                "CC 509, 558",
            ),
            _DISPUTES,
            _SIGNATURES,
        ),
        {
            "zh": "服务合同：技术服务、维修保养、咨询和云服务。",
            "en": "Service contracts: technical, maintenance, consulting and cloud services.",
        },
    ),
    "nda": Profile(
        "nda",
        {"zh": "保密协议", "en": "non-disclosure agreement"},
        (
            _PARTIES,
            _e(
                "confidentiality",
                "保密义务",
                "Confidentiality obligations",
                ("confidentiality", "definitions"),
                "CC 501, 509, 558; AUCL art. 9",
            ),
            _DISPUTES,
            _SIGNATURES,
        ),
        {
            "zh": "保密协议：不要求责任上限、费用或服务水平条款。",
            "en": "NDAs: no liability cap, fees or service levels are expected.",
        },
    ),
}

# Title (or type) words that name a profile, most specific first. Plain substring
# tests on the lower-cased title (no regex to compile on every CLI start); English
# words in ``_WORDS`` must be whole words.
_HINTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "nda",
        (
            "保密协议",
            "保密合同",
            "保密承诺",
            "不披露协议",
            "non-disclosure",
            "nondisclosure",
            "non disclosure",
            "confidentiality agreement",
        ),
        ("nda",),
    ),
    ("after-sales-service", ("售后", "after-sales", "after sales", "aftersales", "保修服务"), ()),
    (
        "service",
        (
            "技术服务",
            "维保",
            "维修保养",
            "维护",
            "运维",
            "咨询",
            "云服务",
            "软件服务",
            "服务合同",
            "服务协议",
            "service agreement",
            "services agreement",
            "service contract",
            "services contract",
            "maintenance",
            "consult",
            "cloud",
            "saas",
            "technical service",
            "support agreement",
        ),
        (),
    ),
)


class Resolution(NamedTuple):
    """The profile in force and how it was chosen (for the CL002 note)."""

    profile: str
    how: str  # settings | metadata | type | title | default | unknown-type
    evidence: str = ""  # the type or title that decided it


def profile_names() -> tuple[str, ...]:
    return tuple(PROFILES)


def get_profile(profile_id: str) -> Profile | None:
    return PROFILES.get(profile_id)


def infer_from_text(text: str) -> str | None:
    """The profile a title or type names, if any."""
    lowered = text.lower()
    words: set[str] | None = None
    for name, phrases, whole_words in _HINTS:
        if any(phrase in lowered for phrase in phrases):
            return name
        if whole_words:
            if words is None:
                words = set(re.findall(r"[a-z]+", lowered))
            if words.intersection(whole_words):
                return name
    return None


def resolve(document: Document, settings: Any = None) -> Resolution:
    """Choose the profile: settings, then profile/type metadata, then title, else general."""
    chosen = getattr(settings, "profile", None)
    if chosen and chosen in PROFILES:
        return Resolution(chosen, "settings", chosen)
    declared = document.metadata.value("profile")
    if declared and declared.strip().lower() in PROFILES:
        return Resolution(declared.strip().lower(), "metadata", declared)
    kind = document.metadata.value("type")
    if kind:
        key = kind.strip().lower()
        if key in PROFILES:
            return Resolution(key, "type", kind)
        inferred = infer_from_text(kind)
        if inferred:
            return Resolution(inferred, "type", kind)
    title = document.title or document.metadata.value("title") or ""
    if title:
        inferred = infer_from_text(title)
        if inferred:
            return Resolution(inferred, "title", title)
    if kind:
        return Resolution("general", "unknown-type", kind)
    return Resolution("general", "default", title)


def resolve_profile(document: Document, settings: Any = None) -> str:
    """The id of the profile in force (the API the checklist and reports use)."""
    return resolve(document, settings).profile
