from django.conf import settings


def site(request) -> dict:
    """Platform name and, for signed-in users, the unread notification count."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "PLATFORM_NAME": settings.MINSHENG["PLATFORM_NAME"],
        "CITY_NAME": settings.MINSHENG["CITY_NAME"],
        "unread_notifications": unread,
    }
