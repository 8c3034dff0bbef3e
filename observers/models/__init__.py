"""Observers (观察员): roster and groups, 信息采集卡, field reports, findings, hand-offs, inspections."""

from .cards import CardItem, CardVersion, InfoCard, ItemKind
from .reports import FieldReport, Finding, ReportPhoto, VisitKind
from .roster import GroupField, Observer, ObserverCategory, ObserverGroup, ObserverKind
from .workflow import DutyReminder, HandOff, HandOffEvidence, Inspection, Satisfaction, WorkflowEvent

__all__ = [
    "CardItem",
    "CardVersion",
    "DutyReminder",
    "FieldReport",
    "Finding",
    "GroupField",
    "HandOff",
    "HandOffEvidence",
    "InfoCard",
    "Inspection",
    "ItemKind",
    "Observer",
    "ObserverCategory",
    "ObserverGroup",
    "ObserverKind",
    "ReportPhoto",
    "Satisfaction",
    "VisitKind",
    "WorkflowEvent",
]
