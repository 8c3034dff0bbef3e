from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceField, ModelChoiceIterator


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


class ByParentChoices(ModelChoiceIterator):
    """Units under their parent as <optgroup>s (邵阳市 / 邵东市 …), each option the unit's full name, so two units
    with the same short name (市教育局) can never sit side by side unexplained. One parent: a plain list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for obj in self.queryset.select_related("parent"):
            label = obj.parent.name if obj.parent_id else NO_PARENT
            groups.setdefault(label, []).append(self.choice(obj))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
            return
        yield from groups.items()

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


NO_PARENT = "（无上级）"


def group_units_by_parent(field: ModelChoiceField, queryset: QuerySet) -> None:
    """Give a unit dropdown its queryset, shown grouped by parent with full names."""
    field.iterator = ByParentChoices
    field.label_from_instance = lambda o: o.name
    field.queryset = queryset
