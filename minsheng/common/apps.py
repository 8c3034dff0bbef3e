from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "minsheng.common"
    label = "common"
    verbose_name = "公共服务"
