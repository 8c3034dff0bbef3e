"""Log-in throttling (等保): failures count per (user name, client address), and per address over all names.

Locking by user name alone let anyone lock the office, the administrator or a county out with five anonymous
requests. Counted per (user name, address), five failures lock that name *from that address* for the cool-off
(the 等保 rule applies to the attacking address), while its owner logs in from elsewhere. Spraying many names
from one address is stopped by the address total: AXES_ADDRESS_FAILURE_LIMIT failures within the cool-off lock
the address for every name. The address is the client's behind trusted proxies (AXES_CLIENT_IP_CALLABLE).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Sum


def address_failure_limit() -> int:
    """Failures from one address, over all user names, that lock the address (AXES_ADDRESS_FAILURE_LIMIT)."""
    return int(getattr(settings, "AXES_ADDRESS_FAILURE_LIMIT", 20))


class AddressAwareHandler(AxesDatabaseHandler):
    """axes' database handler with AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]] plus the address total."""

    def address_failures(self, request) -> int:
        """Failures from the request's address within the cool-off, whatever the user name."""
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= address_failure_limit():
            # Reported as the per-name limit, so axes locks (and keeps locking) this address for every name.
            return max(failures, get_failure_limit(request, credentials))
        return failures
