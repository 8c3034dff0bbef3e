from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class LoginForm(AuthenticationForm):
    """The log-in form with Chinese labels and phone-friendly inputs."""

    error_messages = {
        "invalid_login": "用户名或密码错误。连续 5 次错误将锁定账户 15 分钟。",
        "inactive": "该账户已停用，请联系专班办公室。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = "密码"

    def clean(self):
        # An invalid user name (too long, NUL bytes …) never reaches authenticate(): django-axes would try to
        # record it in a 255-character column and the log-in page would answer 500 on PostgreSQL.
        # (AuthenticationForm sets max_length after the field is built, so no length validator runs.)
        too_long = len(self.cleaned_data.get("username") or "") > (self.fields["username"].max_length or 150)
        if too_long or self.has_error("username"):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return super().clean()
