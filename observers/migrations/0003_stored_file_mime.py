"""Store the type sniffed from each stored file's content (never its name); rows already stored are sniffed here."""

from django.db import migrations, models

from minsheng.common.files import fill_sniffed_mime


def sniff_stored_files(apps, schema_editor):
    fill_sniffed_mime(apps.get_model("observers", "FieldReport"), file_field="document", mime_field="document_mime")
    fill_sniffed_mime(apps.get_model("observers", "ReportPhoto"), file_field="image", mime_field="mime")
    fill_sniffed_mime(apps.get_model("observers", "HandOffEvidence"), file_field="file", mime_field="mime")


class Migration(migrations.Migration):

    dependencies = [
        ('observers', '0002_observergroup_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='fieldreport',
            name='document_mime',
            field=models.CharField(blank=True, max_length=100, verbose_name='附件类型'),
        ),
        migrations.AddField(
            model_name='reportphoto',
            name='mime',
            field=models.CharField(default='', max_length=100, verbose_name='类型'),
            preserve_default=False,
        ),
        migrations.RunPython(sniff_stored_files, migrations.RunPython.noop),
    ]
