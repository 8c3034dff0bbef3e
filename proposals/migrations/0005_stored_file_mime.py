"""Store the type sniffed from each stored file's content (never its name); rows already stored are sniffed here."""

from django.db import migrations, models

from minsheng.common.files import fill_sniffed_mime


def sniff_stored_files(apps, schema_editor):
    fill_sniffed_mime(apps.get_model("proposals", "UnitSheet"), file_field="file", mime_field="mime")
    fill_sniffed_mime(apps.get_model("proposals", "ProposalAttachment"), file_field="file", mime_field="mime")


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0004_alter_unitsheet_uploaded_by'),
    ]

    operations = [
        migrations.AddField(
            model_name='unitsheet',
            name='mime',
            field=models.CharField(blank=True, max_length=100, verbose_name='类型'),
        ),
        migrations.RunPython(sniff_stored_files, migrations.RunPython.noop),
    ]
