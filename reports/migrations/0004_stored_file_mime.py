"""Store the type sniffed from each stored file's content (never its name); rows already stored are sniffed here."""

from django.db import migrations, models

from minsheng.common.files import fill_sniffed_mime


def sniff_stored_files(apps, schema_editor):
    fill_sniffed_mime(apps.get_model("reports", "LetterReply"), file_field="file", mime_field="file_mime")


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_letter_replies'),
    ]

    operations = [
        migrations.AddField(
            model_name='letterreply',
            name='file_mime',
            field=models.CharField(blank=True, max_length=100, verbose_name='附件类型'),
        ),
        migrations.RunPython(sniff_stored_files, migrations.RunPython.noop),
    ]
