"""The accounts' mail, written when it is sent (reconnect/lib/mail.py): the queue keeps
ids, never the reset link or an address."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from reconnect.lib.language import in_language_of
from reconnect.lib.mail import Letter

from .models import AddressChange, User


def password_reset(user_id: int, domain: str, protocol: str) -> Letter | None:
    """The reset link for an account that still exists and can sign in; its token is made
    now, so it is as fresh as the mail."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return None
    context = {
        "user": user,
        "email": user.email,
        "domain": domain,
        "protocol": protocol,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with in_language_of(user):
        subject = loader.render_to_string("registration/password_reset_subject.txt", context)
        text = loader.render_to_string("registration/password_reset_email.html", context)
    return Letter(
        subject=" ".join(subject.split()), text=text, to=[user.email], discreet=user.discreet
    )


def address_changed(change_id: int) -> Letter | None:
    """The note to the address an account had. The row that kept the address goes as the
    note is written."""
    change = AddressChange.objects.select_related("user").filter(pk=change_id).first()
    if change is None:
        return None
    user, to = change.user, change.old_email
    change.delete()
    with in_language_of(user):
        context = {"discreet": user.discreet}
        subject = loader.render_to_string("registration/email_changed_subject.txt", context)
        text = loader.render_to_string("registration/email_changed_email.txt", context)
    return Letter(subject=" ".join(subject.split()), text=text, to=[to], discreet=user.discreet)
