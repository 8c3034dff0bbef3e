"""Jobs each 专班办公室 runs for its own level: which part of the work one entry of a per-office job runs."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import ScheduledJob

OFFICE_ROOT_REST = (
    0  # the instance entry of a per-office job: the work of levels with no office entry of their own
)


def office_entry_name(job: str, root_pk: int) -> str:
    return f"{job}@{root_pk}"


@dataclass(frozen=True)
class OfficeShare:
    """The part of a per-office job one entry runs: the work whose nearest office with its own entry of the job is
    the entry's (`root_path`; "" for the instance entry, which runs the work of levels with none). A level whose
    office stopped its entry is not taken over by the level above: the office chose."""

    root_path: str | None  # None: the entry's office no longer exists, nothing is its
    entry_paths: tuple[str, ...]

    def covers(self, org) -> bool:
        path = getattr(org, "path", "") or ""
        nearest = max((p for p in self.entry_paths if path.startswith(p)), key=len, default="")
        return nearest == self.root_path


def office_share(*, job: str, office_root: int | None) -> OfficeShare | None:
    """What an entry of a per-office job runs (one query). None when called without an office (the shell, a test):
    all the work, as before jobs were per office."""
    if office_root is None or not job:
        return None
    paths = dict(
        ScheduledJob.objects.filter(job=job, organisation__isnull=False).values_list(
            "organisation_id", "organisation__path"
        )
    )
    root_path = "" if office_root == OFFICE_ROOT_REST else paths.get(office_root)
    return OfficeShare(root_path=root_path, entry_paths=tuple(p for p in paths.values() if p))


def share_filter(items, *, share: OfficeShare | None, org_of) -> list:
    """The items (programmes, observers, hand-offs) whose organisation, `org_of(item)`, this entry runs."""
    items = list(items)
    return items if share is None else [i for i in items if share.covers(org_of(i))]
