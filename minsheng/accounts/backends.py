"""The 专班 office runs the programme: it holds every model permission of the domain apps.

Object-level limits for the other roles live in each app's rules.py; this backend only answers
for office users. User accounts stay with the system administrator (so an office user cannot make
themselves a superuser through the admin).
"""

OFFICE_APP_LABELS = frozenset(
    {"common", "projects", "candidates", "proposals", "progress", "observers", "reports", "django_celery_beat"}
)


class OfficeRoleBackend:
    # Not a BaseBackend: it authenticates nobody and has no get_user(), so log-ins (and the test
    # client's force_login) always go through ModelBackend.
    def authenticate(self, request, **credentials):
        return None

    def _applies(self, user) -> bool:
        return bool(user and user.is_active and getattr(user, "is_office", False))

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        # Model-level only (what the admin asks). Object-level answers stay with the apps' rules,
        # so a state rule such as "an issued bulletin is immutable" binds the office too.
        if obj is not None:
            return False
        return self._applies(user_obj) and perm.split(".", 1)[0] in OFFICE_APP_LABELS

    def has_module_perms(self, user_obj, app_label) -> bool:
        return self._applies(user_obj) and app_label in OFFICE_APP_LABELS
