"""The tally rules as a pure function: pass base, N seats, ties at the cut-off, quorum."""

from candidates.tally import (
    CHOSEN,
    NO_RESULT,
    NOT_CHOSEN,
    TIE,
    compute_survey,
    compute_tally,
    grade_satisfaction,
    pass_threshold,
    quorum_required,
    survey_quorum_required,
)


def _tally(votes_for, *, seats=2, roster=10, present=10, base_rule="all"):
    cands = [(i + 1, f"项目{i + 1}") for i in range(len(votes_for))]
    counts = {i + 1: {"for": v, "against": present - v} for i, v in enumerate(votes_for)}
    return compute_tally(
        candidates=cands,
        counts=counts,
        seats=seats,
        roster_size=roster,
        present=present,
        ballots=present,
        base_rule=base_rule,
    )


def _results(t):
    return {r["candidate"]: r["result"] for r in t["rows"]}


def test_thresholds():
    assert pass_threshold(10) == 6 and pass_threshold(11) == 6 and pass_threshold(9) == 5
    assert quorum_required(9) == 7 and quorum_required(10) == 7 and quorum_required(12) == 9


def test_chosen_within_seats_and_over_base():
    t = _tally([9, 8, 7, 3])
    assert t["chosen"] == [1, 2]
    assert _results(t) == {1: CHOSEN, 2: CHOSEN, 3: NOT_CHOSEN, 4: NOT_CHOSEN}
    assert [r["rank"] for r in t["rows"]] == [1, 2, 3, 4]


def test_exactly_half_is_not_enough():
    t = _tally([5, 5, 4], seats=2, roster=10, present=10)
    assert t["threshold"] == 6
    assert t["chosen"] == [] and t["tie"] == []
    assert all(r["result"] == NOT_CHOSEN for r in t["rows"])


def test_fewer_pass_than_seats_leaves_seats_empty():
    t = _tally([8, 5, 2], seats=2)
    assert t["chosen"] == [1]


def test_pass_base_all_deputies_versus_present():
    # 12 on the roster, 9 present (quorum 9 met); 6 赞成 is more than half of those present but not of all.
    t_all = _tally([6, 6, 2], seats=2, roster=12, present=9)
    assert t_all["base"] == 12 and t_all["threshold"] == 7 and t_all["chosen"] == []
    t_present = _tally([6, 6, 2], seats=2, roster=12, present=9, base_rule="present")
    assert t_present["base"] == 9 and t_present["threshold"] == 5 and t_present["chosen"] == [1, 2]


def test_tie_at_the_cut_off_is_flagged():
    t = _tally([9, 7, 7, 2], seats=2)
    assert t["chosen"] == [1]
    assert t["tie"] == [2, 3]
    assert t["seats_left_for_tie"] == 1
    assert _results(t) == {1: CHOSEN, 2: TIE, 3: TIE, 4: NOT_CHOSEN}
    assert [r["rank"] for r in t["rows"]] == [1, 2, 2, 4]


def test_tie_below_the_cut_off_does_not_matter():
    t = _tally([9, 8, 7, 7], seats=2)
    assert t["chosen"] == [1, 2] and t["tie"] == []


def test_tie_among_all_seats_plus_one():
    t = _tally([7, 7, 7], seats=2)
    assert t["chosen"] == [] and t["tie"] == [1, 2, 3] and t["seats_left_for_tie"] == 2


def test_quorum_not_met_gives_no_result():
    t = _tally([6, 6, 5], seats=2, roster=10, present=6)
    assert not t["quorum_met"] and t["quorum_required"] == 7
    assert t["chosen"] == [] and t["tie"] == []
    assert all(r["result"] == NO_RESULT for r in t["rows"])


def test_beita_example_ten_candidates_five_seats():
    """北塔区 (seed 001): 10 candidates, 5 chosen."""
    t = _tally([40, 38, 35, 33, 30, 20, 18, 15, 10, 5], seats=5, roster=45, present=42)
    assert t["quorum_met"] and t["chosen"] == [1, 2, 3, 4, 5]
    assert len(t["rows"]) == 10


def test_satisfaction_grade_more_than_the_share_of_participants():
    def grade(s, f, n, share=0.5):
        return grade_satisfaction(satisfied=s, fairly=f, participants=n, pass_share=share)

    assert grade(3, 0, 5) == "satisfied"  # 3 > 2.5
    assert grade(2, 0, 4) == "unsatisfied"  # exactly half is not more than half
    assert grade(2, 1, 4) == "fairly"  # 满意 + 基本满意 = 3 > 2
    assert grade(1, 1, 4) == "unsatisfied"
    assert grade(3, 0, 5, share=0.6) == "unsatisfied"  # 3 is not more than 60 % of 5
    assert grade(7, 0, 10, share=0.6) == "satisfied" and grade(6, 1, 10, share=0.6) == "fairly"
    assert survey_quorum_required(9) == 5 and survey_quorum_required(10) == 6


def test_compute_survey_invalid_without_quorum():
    counts = {1: {"satisfied": 2}}
    ok = compute_survey(projects=[(1, "甲")], counts=counts, roster_size=3, participants=2, pass_share=0.5)
    assert ok["quorum_met"] and ok["rows"][0]["grade_label"] == "满意"
    no = compute_survey(projects=[(1, "甲")], counts=counts, roster_size=4, participants=2, pass_share=0.5)
    assert not no["quorum_met"] and no["rows"][0]["grade_label"] == "测评无效"
