"""Store the type sniffed from each stored file's content (never its name); rows already stored are sniffed here."""

from django.db import migrations, models

from minsheng.common.files import fill_sniffed_mime


def sniff_stored_files(apps, schema_editor):
    fill_sniffed_mime(apps.get_model("progress", "PolicyDocument"), file_field="file", mime_field="mime")
    fill_sniffed_mime(apps.get_model("progress", "Evidence"), file_field="file", mime_field="mime")


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0002_lifecycle_publish_stamp'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpolicydocument',
            name='mime',
            field=models.CharField(blank=True, max_length=100, verbose_name='类型'),
        ),
        migrations.AddField(
            model_name='policydocument',
            name='mime',
            field=models.CharField(blank=True, max_length=100, verbose_name='类型'),
        ),
        migrations.RunPython(sniff_stored_files, migrations.RunPython.noop),
    ]
