from django.conf import settings

from minsheng.accounts.selectors import office_of, request_site, site_area_for


def site(request) -> dict:
    """Platform name, whose name the page carries (CITY_NAME / OFFICE_NAME, from the organisation tree), and
    for signed-in users the unread notification count."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "PLATFORM_NAME": settings.MINSHENG["PLATFORM_NAME"],
        **site_names(user, page_owner=getattr(request, "page_owner", None), request=request),
        "unread_notifications": unread,
    }


def site_names(user, *, page_owner=None, request=None) -> dict:
    """CITY_NAME and OFFICE_NAME for a page: the tree's names (the page's owner, the signed-in user's
    government, else the government the host name is mapped to), the setting only as the default."""
    area = site_area_for(user, page_owner=page_owner)
    if area is None:
        site = request_site(request)
        if site is not None:
            return {"CITY_NAME": site.city_name, "OFFICE_NAME": site.office_name}
        city = settings.MINSHENG["CITY_NAME"]
        return {"CITY_NAME": city, "OFFICE_NAME": f"{city}重点民生实事工作专班办公室"}
    own = getattr(user, "_office_unit", None) if page_owner is None else None
    # An office user's own office unit was read with their scope (no query); anyone else's is looked up.
    office = own if own is not None and own.parent_id == area.pk else office_of(area)
    return {
        "CITY_NAME": area.name,
        "OFFICE_NAME": office.name if office else f"{area.name}重点民生实事工作专班办公室",
    }
