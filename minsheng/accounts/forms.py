from django.contrib.auth.forms import AuthenticationForm


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
