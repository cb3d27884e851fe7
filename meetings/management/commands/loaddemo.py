import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

from meetings.demo import load_demo


class Command(BaseCommand):
    help = "Indlæser demodata (idempotent): KKR Nordjylland, kommunerne, et møde og demobrugere."

    def handle(self, *args, **options):
        logins = load_demo()
        # Other apps add their demo data through a demo.load_app_demo() of their own.
        for config in apps.get_app_configs():
            if config.name == "meetings":
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            if hasattr(module, "load_app_demo"):
                module.load_app_demo()
        self.stdout.write(self.style.SUCCESS("Demodata er indlæst. Demo-logins:"))
        for role, username, password in logins:
            self.stdout.write(f"  {role:<15} brugernavn: {username:<12} adgangskode: {password}")
