"""Template filters for documents: split editable text into paragraphs with their lead sentence."""

import re

from django import template

from ..compose import FIELD_LABELS, SECTION_LABELS

register = template.Library()

# （一）… 。  or  一是… 。  : the lead that GB/T 9704 sets in 楷体 (二级标题) or bold.
_H2 = re.compile(r"^(（[一二三四五六七八九十]+）[^。；]{1,40}[。；])(.*)$", re.S)
_IS = re.compile(r"^([一二三四五六七八九十]+是[^。；]{1,40}[。；])(.*)$", re.S)


@register.filter
def paragraphs(text: str | None) -> list[dict]:
    """Lines of a section as [{"h2": lead, "lead": lead, "rest": text}] (each value escaped by the template)."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        m = _H2.match(line)
        if m:
            out.append({"h2": m.group(1), "lead": "", "rest": m.group(2)})
            continue
        m = _IS.match(line)
        if m:
            out.append({"h2": "", "lead": m.group(1), "rest": m.group(2)})
            continue
        out.append({"h2": "", "lead": "", "rest": line})
    return out


@register.filter
def add_class_form_control(field):
    """Render a bound field with Bootstrap's form-control class (or form-select for selects)."""
    widget = field.field.widget
    css = "form-select" if widget.__class__.__name__ == "Select" else "form-control"
    return field.as_widget(attrs={"class": css})


@register.filter
def section_label(key: str) -> str:
    return LETTER_LABELS.get(key) or FIELD_LABELS.get(key) or SECTION_LABELS.get(key, key)


LETTER_LABELS = {"facts": "有关情况", "requirement": "工作要求", "body": "正文"}
