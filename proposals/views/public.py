"""Citizens' pages: open campaigns, the suggestion form, the receipt and the status look-up."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from minsheng.accounts.selectors import public_scope_q
from minsheng.common import abuse

from .. import selectors, services
from ..forms import ERR_STATUS_NOT_FOUND, PublicProposalForm, RatingForm, StatusForm
from ..models import Campaign, Proposal, ProposalRating, State

RECEIPTS_KEY = "proposals_receipts"
MSG_RATED = "感谢您的评价！评价结果（只统计人数，不显示评价人）已计入项目公开页。"
MSG_DUPLICATE = "您在 24 小时内已提交过同名建议，以下是原建议的回执，无需重复提交。"


class CampaignListView(View):
    def get(self, request):
        now = timezone.now()
        # On a mapped host (ningchuan.example) a resident sees that city's campaigns and the province's, not
        # another city's: those are on that city's own site.
        scope = public_scope_q(request)
        open_campaigns = list(selectors.campaign_list_open(at=now).filter(scope))
        closed = list(selectors.campaign_list_public().filter(scope, ends_at__lte=now)[:5])
        outcomes = selectors.campaign_outcomes(campaigns=closed)
        for c in closed:
            c.outcome = outcomes[c.pk]
        return render(
            request, "proposals/public/campaign_list.html", {"open_campaigns": open_campaigns, "closed": closed}
        )

    post = get  # the list answered any method alike


def _public_campaign(pk: int) -> Campaign:
    return get_object_or_404(selectors.campaign_list_public(), pk=pk)


@method_decorator(never_cache, name="dispatch")
class SubmitView(View):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.campaign = _public_campaign(kwargs["pk"])
        request.page_owner = self.campaign.organisation  # a campaign is its organisation's

    def _closed(self, status: int):
        return render(self.request, "proposals/public/closed.html", {"campaign": self.campaign}, status=status)

    def _form(self, form, status: int):
        abuse.captcha_new(self.request)
        return render(
            self.request, "proposals/public/form.html", {"campaign": self.campaign, "form": form}, status=status
        )

    def get(self, request, pk: int):
        if not self.campaign.is_open():
            return self._closed(200)
        return self._form(PublicProposalForm(campaign=self.campaign), 200)

    def post(self, request, pk: int):
        campaign = self.campaign
        if not campaign.is_open():
            return self._closed(403)
        form = PublicProposalForm(request.POST, request.FILES, campaign=campaign)
        status = 400
        address = abuse.address_of(request)
        wait = abuse.rate_limit_wait(scope="proposal", subject=address)
        if wait:
            form.is_valid()
            form.errors.clear()
            form.add_error(None, abuse.rate_limit_message(wait))
            status = 429
        elif request.POST.get("website"):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, abuse.ERR_HONEYPOT)
        else:
            captcha_error = abuse.captcha_check(request, request.POST.get("captcha", ""))
            if form.is_valid() and captcha_error is None:
                data = {
                    k: v
                    for k, v in form.cleaned_data.items()
                    if k not in ("attachments", "consent", "captcha", "website")
                }
                try:
                    proposal, created = services.proposal_submit(campaign=campaign, data=data,
                                                                 files=form.cleaned_data.get("attachments") or [],
                                                                 address=address)
                except ValidationError as exc:
                    for msg in exc.messages:
                        form.add_error(None, msg)
                else:
                    codes = request.session.get(RECEIPTS_KEY, [])
                    request.session[RECEIPTS_KEY] = [*codes[-9:], proposal.code]
                    if created:  # only accepted writes count against the limit (a repeat is folded, not counted)
                        abuse.rate_limit_count(scope="proposal", subject=address)
                    else:
                        messages.info(request, MSG_DUPLICATE)
                    return redirect("proposals:receipt", code=proposal.code)
            if captcha_error:
                form.add_error("captcha", captcha_error)
        return self._form(form, status)


class SimilarPublicView(View):
    """htmx partial: the campaign's most similar proposals (titles and public state only, no personal data)."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        campaign = _public_campaign(pk)
        title = request.GET.get("title", "")[:100]
        content = request.GET.get("content", "")[:500]
        rows = selectors.proposal_similar(campaign=campaign, title=title, content=content, public=True, limit=5)
        return render(request, "proposals/public/_similar.html", {"rows": rows, "asked": bool(title.strip())})


@method_decorator(never_cache, name="dispatch")
class ReceiptView(View):
    def get(self, request, code: str):
        if code not in request.session.get(RECEIPTS_KEY, []):
            raise Http404
        proposal = get_object_or_404(Proposal.objects.select_related("campaign"), code=code)
        return render(request, "proposals/public/receipt.html", {"proposal": proposal})

    post = get  # the receipt answered any method alike


@method_decorator(never_cache, name="dispatch")
class StatusView(View):
    def get(self, request):
        return self._page(StatusForm())

    def post(self, request):
        form = StatusForm(request.POST)
        address = abuse.address_of(request)
        wait = abuse.rate_limit_wait(scope="status", subject=address)
        if wait:
            form.is_valid()
            form.add_error(None, abuse.rate_limit_message(wait))
            return self._page(form, status_code=429)
        if form.is_valid():
            # A look-up is counted whatever its answer: the limit is what stops guessing codes.
            abuse.rate_limit_count(scope="status", subject=address)
            proposal = selectors.proposal_status(
                code=form.cleaned_data["code"], phone_last4=form.cleaned_data["last4"]
            )
            if proposal is None:
                form.add_error(None, ERR_STATUS_NOT_FOUND)
                return self._page(form, status_code=404)
            return self._page(form, proposal=proposal)
        return self._page(form)

    def _page(
        self,
        form,
        *,
        proposal: Proposal | None = None,
        status_code: int = 200,
        rating_form: RatingForm | None = None,
    ):
        return status_page(
            self.request, form, proposal=proposal, status_code=status_code, rating_form=rating_form
        )


def status_page(
    request,
    form,
    *,
    proposal: Proposal | None = None,
    status_code: int = 200,
    rating_form: RatingForm | None = None,
):
    """The status page: the look-up form, or a proposal's record, its journey and — once its project is
    finished — the rating form (a new CAPTCHA each time it is shown) or the rating already given."""
    events, journey, rating = [], [], None
    if proposal is not None:
        events = [e for e in proposal.events.all() if e.public_note or e.to_state == State.SUBMITTED]
        journey = selectors.proposal_journey(proposal=proposal)
        rating = selectors.proposal_rating_state(proposal=proposal, journey=journey)
        if rating.can_rate:
            rating_form = rating_form or RatingForm(
                initial={"code": proposal.code, "last4": form.cleaned_data["last4"]}
            )
            abuse.captcha_new(request)
    return render(
        request,
        "proposals/public/status.html",
        {
            "form": form,
            "proposal": proposal,
            "events": events,
            "journey": journey,
            "rating": rating,
            "rating_form": rating_form,
        },
        status=status_code,
    )


@method_decorator(never_cache, name="dispatch")
class RateView(View):
    """The proposer rates the finished project (满意 / 基本满意 / 不满意), once per receipt code: the code and the
    last four phone digits are checked again as in the look-up; CAPTCHA, honeypot and a per-address limit as
    every anonymous write (counting accepted ratings); a second rating is refused with the first one's date."""

    http_method_names = ["post"]

    def post(self, request):
        form = RatingForm(request.POST)
        address = abuse.address_of(request)
        wait = abuse.rate_limit_wait(scope="rating", subject=address)
        proposal = None
        if form.is_valid() or ("code" in form.cleaned_data and "last4" in form.cleaned_data):
            proposal = selectors.proposal_status(
                code=form.cleaned_data["code"], phone_last4=form.cleaned_data["last4"]
            )
        if proposal is None:
            # Not the code and digits of a look-up: back to the look-up form, counted like a failed look-up.
            abuse.rate_limit_count(scope="status", subject=address)
            lookup = StatusForm(request.POST)
            lookup.is_valid()
            lookup.add_error(None, ERR_STATUS_NOT_FOUND)
            return status_page(request, lookup, status_code=404)
        lookup = StatusForm({"code": proposal.code, "last4": form.cleaned_data["last4"]})
        lookup.is_valid()
        status = 400
        given = ProposalRating.objects.filter(proposal=proposal).first()
        if given is not None:
            # The code and digits are proven: say plainly that this code has rated (no CAPTCHA needed to learn it).
            form.errors.clear()
            form.add_error(None, services.rated_twice_message(given))
            status = 409
        elif wait:
            form.errors.clear()
            form.add_error(None, abuse.rate_limit_message(wait))
            status = 429
        elif request.POST.get("website"):
            form.errors.clear()
            form.add_error(None, abuse.ERR_HONEYPOT)
        else:
            captcha_error = abuse.captcha_check(request, request.POST.get("captcha", ""))
            if captcha_error:
                form.add_error("captcha", captcha_error)
            elif form.is_valid():
                try:
                    services.proposal_rate(
                        proposal=proposal, value=form.cleaned_data["value"], address=address
                    )
                except ValidationError as exc:
                    for msg in exc.messages:
                        form.add_error(None, msg)
                    status = 409
                else:
                    abuse.rate_limit_count(scope="rating", subject=address)
                    messages.success(request, MSG_RATED)
                    return status_page(request, lookup, proposal=proposal)
        return status_page(request, lookup, proposal=proposal, status_code=status, rating_form=form)
