"""On PostgreSQL: a database from before the move (the screening and the vote declared by projects) migrates to
the candidates app without losing a row: same tables, same ids, and the content types relabelled in place (so
the permissions and the admin log that point at them follow)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("projects", "0006_secret_ballot_box_and_anonymous_survey"),
    ("proposals", "0006_proposal_submitted_from"),
    ("candidates", None),
]
AFTER = [
    ("projects", "0007_candidates_move_to_own_app"),
    ("proposals", "0007_proposal_candidate_in_candidates_app"),
    ("candidates", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture
def back_to_latest():
    """Leave the database at the latest migrations: the tests after this one (same xdist worker) need every column."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_read_by_the_candidates_app(back_to_latest):
    old = _migrate(BEFORE)
    with pytest.raises(LookupError):
        old.get_model("candidates", "Candidate")
    Organisation = old.get_model("accounts", "Organisation")
    User = old.get_model("accounts", "User")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    ScreeningRound = old.get_model("projects", "ScreeningRound")
    Candidate = old.get_model("projects", "Candidate")
    VotingSession = old.get_model("projects", "VotingSession")
    Proposal = old.get_model("proposals", "Proposal")

    province = Organisation.objects.create(name="迁移测试省", kind="province")
    org = Organisation.objects.create(name="迁移测试区", kind="county", parent=province)
    deputy = User.objects.create(username="migration-deputy", role="deputy")
    rnd = ScreeningRound.objects.create(organisation=org, year=2031)
    cand = Candidate.objects.create(round=rnd, name="迁移前的候选项目", stage="confirmed")
    session = VotingSession.objects.create(round=rnd, title="迁移前的票决", seats=1)
    session.roster.add(deputy)
    session.candidates.add(cand)
    proposal_fields = {f.name for f in Proposal._meta.get_fields()}
    assert "candidate" in proposal_fields
    ct, _ = ContentType.objects.get_or_create(app_label="projects", model="candidate")
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename="view_candidate", defaults={"name": "x"})

    _migrate(AFTER)

    from django.contrib.auth.models import Permission as LivePermission
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    from candidates.models import Candidate as NewCandidate
    from candidates.models import ScreeningRound as NewRound
    from candidates.models import VotingSession as NewSession
    from proposals.models import Proposal as NewProposal

    assert NewRound.objects.get(pk=rnd.pk).year == 2031
    assert NewCandidate.objects.get(pk=cand.pk).name == "迁移前的候选项目"
    moved = NewSession.objects.get(pk=session.pk)
    assert list(moved.roster.values_list("pk", flat=True)) == [deputy.pk]
    assert list(moved.candidates.values_list("pk", flat=True)) == [cand.pk]
    assert NewProposal._meta.get_field("candidate").related_model is NewCandidate
    relabelled = LiveContentType.objects.get(pk=ct.pk)
    assert (relabelled.app_label, relabelled.model) == ("candidates", "candidate")
    assert not LiveContentType.objects.filter(app_label="projects", model="candidate").exists()
    assert LivePermission.objects.get(pk=perm.pk).content_type_id == ct.pk
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"projects_candidate", "projects_votingsession_roster", "projects_votingsession_candidates"} <= tables
    assert not {t for t in tables if t.startswith("candidates_")}
