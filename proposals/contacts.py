"""Names and phone numbers as people write them in one cell of the 征集汇总表 (建议人姓名及联系电话).

"张三 138 1234 5678", "李四（0739-5026059转8012）", "王五\n+86 138-1234-5678", "赵六，１３８１２３４５６７８",
"张三 13812345678 / 李四 13900001111": every number is found (mobiles in any grouping, with +86/86/0086,
landlines with area code in brackets or not and an extension), the rest of the cell is the name(s).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "‐": "-", "‑": "-", "―": "-", "　": " "})
SEP = r"[ \-.]?"
MOBILE = rf"(?:(?:\+|00)?86{SEP})?(?P<mobile>1[3-9](?:{SEP}\d){{9}})"
LANDLINE = (
    rf"(?P<area>\(0\d{{2,3}}\)|0\d{{2,3}})\s?{SEP}(?P<local>[1-9](?:{SEP}\d){{6,7}})"
    r"(?:\s*(?:转|分机|ext\.?|x|-)\s*(?P<ext>\d{1,6}))?"
)
PHONE = re.compile(rf"(?<![\d+])(?:{MOBILE}|{LANDLINE})(?!\d)", re.IGNORECASE)
# A run of digits long enough to be meant as a phone (5 or more, spaces and dashes between them allowed).
DIGITS_RUN = re.compile(r"\d(?:[ \-.]?\d){4,}")
LABELS = re.compile(r"(联系电话|联系方式|手机号码|手机号|手机|电话|座机|固话|tel|mobile|phone)[:：]?", re.IGNORECASE)
NAME_SPLIT = re.compile(r"[\s,，、;；/|:：()（）\[\]【】<>《》]+")


@dataclass
class Proposer:
    names: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # phone-like text that is not a phone

    @property
    def name(self) -> str:
        """The first person's name, or the whole cell's text when it holds no number at all."""
        if not self.phones:
            return " ".join(self.names)
        return self.names[0] if self.names else ""

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""

    @property
    def several(self) -> bool:
        return bool(self.phones) and (len(self.names) > 1 or len(self.phones) > 1)

    @property
    def rest(self) -> str:
        """What is kept beside the first name and phone: the other people and numbers, in the cell's order."""
        if not self.several:
            return ""
        return "，".join([*self.names[1:], *self.phones[1:]])


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _landline(area: str, local: str, ext: str | None) -> str:
    number = f"{_digits(area)}-{_digits(local)}"
    return f"{number}转{ext}" if ext else number


def split_proposer(text: str) -> Proposer:
    """Every name and phone number in the cell (full-width digits and brackets read as half-width)."""
    result = Proposer()
    if not text:
        return result
    norm = unicodedata.normalize("NFKC", text).translate(DASHES)
    leftover = []
    at = 0
    for m in PHONE.finditer(norm):
        leftover.append(norm[at:m.start()])
        at = m.end()
        if m.group("mobile"):
            result.phones.append(_digits(m.group("mobile")))
        else:
            result.phones.append(_landline(m.group("area"), m.group("local"), m.group("ext")))
    leftover.append(norm[at:])
    rest = " ".join(leftover)
    result.unreadable = [m.group(0) for m in DIGITS_RUN.finditer(rest)]
    rest = DIGITS_RUN.sub(" ", rest)
    rest = LABELS.sub(" ", rest)
    result.names = [n for n in NAME_SPLIT.split(rest) if n and not n.isdigit()]
    return result
