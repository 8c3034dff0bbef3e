"""Password rule: at least N of the four character classes (等保 二级 password complexity)."""

import re

from django.core.exceptions import ValidationError

CLASSES = (
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "特殊符号"),
)
ERR_TOO_FEW_CLASSES = "密码须至少包含小写字母、大写字母、数字、特殊符号中的 {n} 类。"


class CharacterClassValidator:
    """Refuse a password that uses fewer than `min_classes` of the four classes."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        found = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if found < self.min_classes:
            raise ValidationError(ERR_TOO_FEW_CLASSES.format(n=self.min_classes), code="password_too_simple")

    def get_help_text(self) -> str:
        return ERR_TOO_FEW_CLASSES.format(n=self.min_classes)
