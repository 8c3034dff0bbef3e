"""The office's edit form for one scheduled task: its time, its days of the month, its interval, enabled."""

from __future__ import annotations

import re

from django import forms

from .schedules import MSG_DAYS_INVALID, MSG_INTERVAL_INVALID, MSG_TIME_INVALID, _ints, cron_of_task


class ScheduleEditForm(forms.Form):
    """Only the parts of the task's rule that are plain to edit are offered; the rest is kept as it is."""

    enabled = forms.BooleanField(label="启用", required=False, help_text="停用后系统不再按时运行此任务，仍可手动“立即运行”。")
    time = forms.CharField(label="运行时间", required=False, max_length=5, help_text="24 小时制，例如 00:10、09:00。")
    days = forms.CharField(label="每月几日运行", required=False, max_length=100, help_text="例如 1 或 1,11,21。")
    every = forms.IntegerField(label="每隔几分钟运行", required=False)

    def __init__(self, *args, task, **kwargs):
        self.task = task
        minute, hour, dom, _moy, _dow = (cron_of_task(task) or "- - - - -").split()
        step = re.fullmatch(r"\*/(\d+)", minute)
        self.has_every = bool(step) and hour == "*"
        self.has_time = _ints(minute, 0, 59) is not None and len(_ints(minute, 0, 59)) == 1 and \
            _ints(hour, 0, 23) is not None and len(_ints(hour, 0, 23)) == 1
        self.has_days = self.has_time and dom != "*" and _ints(dom, 1, 31) is not None
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("enabled", task.enabled)
        if self.has_time:
            initial.setdefault("time", f"{int(hour):02d}:{int(minute):02d}")
        if self.has_days:
            initial.setdefault("days", ",".join(str(d) for d in _ints(dom, 1, 31)))
        if self.has_every:
            initial.setdefault("every", int(step[1]))
        super().__init__(*args, **kwargs)
        for name, offered in (("time", self.has_time), ("days", self.has_days), ("every", self.has_every)):
            if not offered:
                del self.fields[name]
            else:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = {
                    "time": MSG_TIME_INVALID, "days": MSG_DAYS_INVALID, "every": MSG_INTERVAL_INVALID
                }[name]
        if "every" in self.fields:
            self.fields["every"].error_messages["invalid"] = MSG_INTERVAL_INVALID

    def clean_time(self):
        value = self.cleaned_data["time"].strip().replace("：", ":")
        m = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not m or int(m[1]) > 23 or int(m[2]) > 59:
            raise forms.ValidationError(MSG_TIME_INVALID)
        return int(m[1]), int(m[2])

    def clean_days(self):
        value = re.sub(r"[，、\s]+", ",", self.cleaned_data["days"].strip()).strip(",")
        days = _ints(value, 1, 28) if value else None
        if not days:
            raise forms.ValidationError(MSG_DAYS_INVALID)
        return ",".join(str(d) for d in days)

    def clean_every(self):
        value = self.cleaned_data["every"]
        if value is None or not 1 <= value <= 59:
            raise forms.ValidationError(MSG_INTERVAL_INVALID)
        return value

    def changes(self) -> dict:
        """Keyword arguments for schedules.schedule_edit."""
        data = self.cleaned_data
        out = {"enabled": data["enabled"]}
        if "time" in data:
            out["hour"], out["minute"] = (str(v) for v in data["time"])
        if "days" in data:
            out["day_of_month"] = data["days"]
        if "every" in data:
            out["minute"] = f"*/{data['every']}"
        return out
