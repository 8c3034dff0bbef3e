from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "minsheng.accounts"
    label = "accounts"
    verbose_name = "账户与组织"

    def ready(self) -> None:
        from minsheng.common.workbook import register_check

        from . import setup_checks, workbooks

        workbooks.register()
        register_check("accounts.organisations", setup_checks.organisation_checks)
