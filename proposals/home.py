from django.utils import timezone

from minsheng.accounts.rules import is_office, office_scope_q
from minsheng.accounts.selectors import public_scope_q
from minsheng.common.home import Panel

from .selectors import campaign_list_open, campaign_list_public, project_rating_counts, proposals_visible_to

WAITING_CAP = 9999


def campaigns_panel(request) -> Panel:
    """Citizens see the campaigns open now, and the latest closed one for context; an office user those of
    its own subtree (a campaign belongs to the organisation that runs it)."""
    now = timezone.now()
    scope = office_scope_q(request.user, "organisation") if is_office(request.user) else public_scope_q(request)
    open_campaigns = list(campaign_list_open(at=now).filter(scope)[:5])
    recent = None if open_campaigns else campaign_list_public().filter(scope, ends_at__lte=now).first()
    return Panel(
        template="proposals/panels/campaigns.html",
        context={"open_campaigns": open_campaigns, "recent_campaign": recent},
        order=20,
    )


def staff_panel(request) -> Panel | None:
    """Staff who handle proposals see how many are waiting (已提交) and a link to the list."""
    user = request.user
    if not user.is_authenticated or not user.has_perm("proposals.enter_proposals"):
        return None
    # Counted up to WAITING_CAP only: a province's backlog (100,000 rows) must not cost the home page a full count;
    # the list itself gives the exact number.
    waiting = proposals_visible_to(user).filter(state="submitted").order_by()[: WAITING_CAP + 1].count()
    label = f"{WAITING_CAP:,}+" if waiting > WAITING_CAP else f"{waiting:,}"
    return Panel(template="proposals/panels/staff.html", context={"waiting": label}, order=15)


def project_ratings_panel(project) -> Panel | None:
    """On a project's public page: how the proposers whose proposals became it rated it, as counts only."""
    counts = project_rating_counts(project=project)
    if not counts["total"]:
        return None
    return Panel(template="proposals/panels/project_ratings.html", context=counts, order=10)
