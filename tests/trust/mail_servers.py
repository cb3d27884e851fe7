"""Mail servers that misbehave (the outside world), as Django e-mail backends for the tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

calls = {"n": 0}


class AwayServer(BaseEmailBackend):
    """The SMTP server drops the connection every time."""

    def send_messages(self, email_messages):
        calls["n"] += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingServer(BaseEmailBackend):
    """The server refuses the message outright (trying again will not help)."""

    def send_messages(self, email_messages):
        calls["n"] += 1
        raise smtplib.SMTPDataError(554, b"Message rejected")
