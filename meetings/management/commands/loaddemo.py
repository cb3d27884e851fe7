from django.core.management.base import BaseCommand

from meetings.demo import load_demo


class Command(BaseCommand):
    help = "Indlæser demodata (idempotent): KKR Nordjylland, kommunerne, et møde og demobrugere."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demodata er indlæst. Demo-logins:"))
        for role, username, password in logins:
            self.stdout.write(f"  {role:<15} brugernavn: {username:<12} adgangskode: {password}")
