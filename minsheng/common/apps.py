from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "minsheng.common"
    label = "common"
    verbose_name = "公共服务"

    def ready(self) -> None:
        from . import admin_fixes

        admin_fixes.install()
