"""Progress' own letters moved to the reports app (reports 0005 copies the rows first, see its run_before)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0004_opinion_spam_state_submitted_from'),
    ]

    operations = [
        # The constraint first: SQLite rebuilds tables and would otherwise meet a constraint on gone fields.
        migrations.RemoveConstraint(
            model_name='letter',
            name='letter_auto_once_per_unit_month',
        ),
        migrations.DeleteModel(
            name='HistoricalLetter',
        ),
        migrations.DeleteModel(
            name='Letter',
        ),
    ]
