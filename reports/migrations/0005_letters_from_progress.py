"""Data migration: progress' own letters (提示函) become this app's letter documents, replies included;
progress then drops its Letter model (its migration runs after this one)."""

from django.db import migrations

from reports.letters_migration import copy_progress_letters


def forward(apps, schema_editor):
    copy_progress_letters(
        Letter=apps.get_model("progress", "Letter"),
        Document=apps.get_model("reports", "Document"),
        DocumentTransition=apps.get_model("reports", "DocumentTransition"),
        LetterReply=apps.get_model("reports", "LetterReply"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_stored_file_mime"),
        ("progress", "0004_opinion_spam_state_submitted_from"),
    ]
    run_before = [("progress", "0005_delete_letter")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
