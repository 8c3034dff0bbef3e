"""factory_boy factories for the foundation models (apps add theirs beside their tests)."""

from decimal import Decimal

import factory

from minsheng.accounts.models import Organisation, Role, User
from projects.models import Indicator, IndicatorTarget, Level, Matter, Programme, Project


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name", "parent")

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = Organisation.Kind.DEPARTMENT
    parent = factory.LazyFunction(
        lambda: Organisation.objects.get_or_create(
            name="测试市",
            parent=Organisation.objects.get_or_create(
                name="测试省", parent=None, kind=Organisation.Kind.PROVINCE
            )[0],
            defaults={"kind": Organisation.Kind.CITY},
        )[0]
    )


class CountyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"测试{n}县")
    kind = Organisation.Kind.COUNTY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.OFFICE
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "Test#2024pass")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    year = 2024
    organisation = factory.LazyAttribute(
        lambda o: OrganisationFactory(name="测试市", kind=Organisation.Kind.CITY)
    )
    name = "重点民生实事"


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter

    programme = factory.SubFactory(ProgrammeFactory)
    level = Level.PROVINCE
    seq = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"实事{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    matter = factory.SubFactory(MatterFactory)
    seq = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"项目{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    project = factory.SubFactory(ProjectFactory)
    seq = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "个"
    target = Decimal("100")


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    county = factory.SubFactory(CountyFactory)
    target = Decimal("10")
