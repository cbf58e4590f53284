"""The employer's E-Verify flag gets a third answer: not known. Until now False meant "not
known" (the admin could only say yes), so existing False rows become null; the employer table
is small, and dropping NOT NULL rewrites nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0018_perm_filings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="employer",
            name="e_verify",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Whether it is enrolled in E-Verify, which F-1 STEM OPT employment "
                "requires. Leave unknown to go by its postings; 'No' overrides what its other "
                "postings showed. Postings that carry the E-Verify notice are marked on their own.",
                null=True,
                verbose_name="E-Verify",
            ),
        ),
        migrations.RunSQL(
            "UPDATE listings_employer SET e_verify = NULL WHERE e_verify IS FALSE",
            "UPDATE listings_employer SET e_verify = FALSE WHERE e_verify IS NULL",
        ),
    ]
