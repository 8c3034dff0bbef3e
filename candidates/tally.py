"""The count of a 人大代表票决 as a pure function of plain numbers (no database, no clock).

Rules (DOMAIN §3, seed 002 第十六条): the vote is valid only if more than quorum_num/quorum_den of
the roster is present; a candidate passes with 赞成 from more than half of the base (all deputies by
default, or those present) and is chosen if its rank is within the N seats. When the last seat is
shared by candidates with equal 赞成, none of them is chosen: they are flagged for a new round.

The year-end 满意度测评 is graded here too (compute_survey): valid when more than half of the deputies
took part; a project is 满意 when its 满意 votes are more than SATISFACTION_PASS_SHARE of the participants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

CHOSEN = "chosen"
NOT_CHOSEN = "not_chosen"
TIE = "tie"
NO_RESULT = "no_result"
RESULT_LABELS = {CHOSEN: "入选", NOT_CHOSEN: "未入选", TIE: "票数相同，需重新票决", NO_RESULT: "票决无效"}


def quorum_required(roster_size: int, num: int = 2, den: int = 3) -> int:
    """The smallest attendance that is *more than* num/den of the roster."""
    return roster_size * num // den + 1


def pass_threshold(base: int) -> int:
    """The smallest number of 赞成 that is *more than half* of the base."""
    return base // 2 + 1


def compute_tally(
    *,
    candidates: Sequence[tuple[int, str]],
    counts: Mapping[int, Mapping[str, int]],
    seats: int,
    roster_size: int,
    present: int,
    ballots: int,
    base_rule: str = "all",
    quorum_num: int = 2,
    quorum_den: int = 3,
) -> dict:
    """Count a session: candidates in ballot order, counts {candidate: {for, against, abstain}}; JSON-able."""
    base = roster_size if base_rule == "all" else present
    threshold = pass_threshold(base)
    quorum = quorum_required(roster_size, quorum_num, quorum_den)
    quorum_met = present >= quorum and roster_size > 0
    rows = []
    for order, (pk, name) in enumerate(candidates):
        c = counts.get(pk, {})
        rows.append(
            {
                "candidate": pk,
                "name": name,
                "order": order,
                "for": int(c.get("for", 0)),
                "against": int(c.get("against", 0)),
                "abstain": int(c.get("abstain", 0)),
            }
        )
    # Competition ranking by 赞成 (1, 2, 2, 4); equal votes keep the ballot order for display.
    rows.sort(key=lambda r: (-r["for"], r["order"]))
    for i, row in enumerate(rows):
        row["rank"] = rows[i - 1]["rank"] if i and rows[i - 1]["for"] == row["for"] else i + 1
        row["over_base"] = row["for"] >= threshold
    chosen: list[int] = []
    tie: list[int] = []
    if quorum_met:
        eligible = [r for r in rows if r["over_base"]]
        if len(eligible) <= seats:
            chosen = [r["candidate"] for r in eligible]
        else:
            cut = eligible[seats - 1]["for"]
            above = [r for r in eligible if r["for"] > cut]
            at_cut = [r for r in eligible if r["for"] == cut]
            if len(above) + len(at_cut) > seats:
                chosen = [r["candidate"] for r in above]
                tie = [r["candidate"] for r in at_cut]
            else:  # pragma: no cover - cannot happen: eligible[seats] is below the cut
                chosen = [r["candidate"] for r in eligible[:seats]]
    for row in rows:
        if not quorum_met:
            row["result"] = NO_RESULT
        elif row["candidate"] in chosen:
            row["result"] = CHOSEN
        elif row["candidate"] in tie:
            row["result"] = TIE
        else:
            row["result"] = NOT_CHOSEN
        row["result_label"] = RESULT_LABELS[row["result"]]
        del row["order"]
    return {
        "seats": seats,
        "roster": roster_size,
        "present": present,
        "ballots": ballots,
        "pass_base": base_rule,
        "base": base,
        "threshold": threshold,
        "quorum_required": quorum,
        "quorum_met": quorum_met,
        "rows": rows,
        "chosen": chosen,
        "tie": tie,
        "seats_left_for_tie": seats - len(chosen) if tie else 0,
    }


def session_runoff_plan(tally: dict) -> tuple[list[int], int] | None:
    """What a new vote after this frozen tally is about: (candidate ids, seats), or None when the vote decided.
    Quorum missed → every candidate for every seat; a tie at the cut-off → the tied candidates for the seats left."""
    if not tally["quorum_met"]:
        return [row["candidate"] for row in tally["rows"]], tally["seats"]
    if tally["tie"]:
        return list(tally["tie"]), tally["seats_left_for_tie"]
    return None


# --- the year-end 满意度测评 ----------------------------------------------------------------------
SATISFIED = "satisfied"
FAIRLY = "fairly"
UNSATISFIED = "unsatisfied"
GRADE_LABELS = {SATISFIED: "满意", FAIRLY: "基本满意", UNSATISFIED: "不满意", NO_RESULT: "测评无效"}


def survey_quorum_required(roster_size: int) -> int:
    """The smallest 实到人数 that is *more than half* of the deputies asked to take part."""
    return roster_size // 2 + 1


def grade_satisfaction(*, satisfied: int, fairly: int, participants: int, pass_share: float) -> str:
    """满意 when the 满意 votes are more than `pass_share` of the participants (超过半数 at 0.5); 基本满意 when
    满意 and 基本满意 together are; otherwise 不满意."""
    bar = Fraction(str(pass_share)) * participants
    if satisfied > bar:
        return SATISFIED
    if satisfied + fairly > bar:
        return FAIRLY
    return UNSATISFIED


def _share(n: int, of: int) -> float | None:
    return round(100 * n / of, 1) if of else None


def compute_survey(
    *,
    projects: Sequence[tuple[int, str]],
    counts: Mapping[int, Mapping[str, int]],
    roster_size: int,
    participants: int,
    pass_share: float,
) -> dict:
    """Grade a closed survey: projects in display order, counts {project: {satisfied, fairly, unsatisfied}};
    valid only when more than half of the deputies took part; shares are of the participants; JSON-able."""
    quorum = survey_quorum_required(roster_size)
    quorum_met = roster_size > 0 and participants >= quorum
    rows = []
    for pk, name in projects:
        c = counts.get(pk, {})
        n_s, n_f, n_u = (int(c.get(k, 0)) for k in (SATISFIED, FAIRLY, UNSATISFIED))
        rated = n_s + n_f + n_u
        grade = (
            grade_satisfaction(satisfied=n_s, fairly=n_f, participants=participants, pass_share=pass_share)
            if quorum_met
            else NO_RESULT
        )
        rows.append(
            {
                "project": pk,
                "name": name,
                SATISFIED: n_s,
                FAIRLY: n_f,
                UNSATISFIED: n_u,
                "rated": rated,
                "satisfied_share": _share(n_s, participants),
                "fairly_share": _share(n_f, participants),
                "unsatisfied_share": _share(n_u, participants),
                "rate": _share(n_s + n_f, rated),
                "grade": grade,
                "grade_label": GRADE_LABELS[grade],
            }
        )
    return {
        "roster": roster_size,
        "participants": participants,
        "quorum_required": quorum,
        "quorum_met": quorum_met,
        "pass_share": float(pass_share),
        "rows": rows,
    }
