from django.utils import timezone

from minsheng.common.home import Panel

from .selectors import campaign_list_open, campaign_list_public, proposals_visible_to


def campaigns_panel(request) -> Panel:
    """Citizens see the campaigns open now, and the latest closed one for context."""
    now = timezone.now()
    open_campaigns = list(campaign_list_open(at=now)[:5])
    recent = None if open_campaigns else campaign_list_public().filter(ends_at__lte=now).first()
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
    waiting = proposals_visible_to(user).filter(state="submitted").count()
    return Panel(template="proposals/panels/staff.html", context={"waiting": waiting}, order=15)
