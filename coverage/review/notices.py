"""The email that tells field staff a figure came back: which figure, the supervisor's comment, a link to correct it.

Written in the recipient's language (coverage/mail.py), sent once the return is stored.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from coverage import mail, wording


def returned(snapshot) -> bool:
    """Email the person who last changed a returned figure; False when they have no address to write to."""
    recipient = snapshot.updated_by or snapshot.created_by
    if recipient is None or not recipient.email:
        return False
    with mail.in_language_of(recipient):
        names = {"regency": snapshot.regency.name, "as_of": wording.day(snapshot.as_of)}
        subject = _("Returned: %(regency)s as of %(as_of)s") % names
        body = _(
            "%(reviewer)s returned the figures of %(regency)s as of %(as_of)s with this comment:\n\n"
            "%(comment)s\n\nCorrect them here: %(link)s\n"
        ) % {**names, "reviewer": snapshot.reviewed_by, "comment": snapshot.review_comment,
             "link": mail.absolute(reverse("entry_edit", args=[snapshot.pk]))}
    mail.email_to(recipient, subject=subject, text=body).send()
    return True
