import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Starter webserveren og en Celery-worker sammen (den indbyggede standardopsætning)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kkr_portal", "worker", "--loglevel=INFO",
             "--concurrency=1", "--pool=solo", "--beat",
             "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")],
            env=os.environ.copy(),
        )  # fmt: skip
        self.stdout.write(f"Celery-worker startet (pid {worker.pid}). Portalen: http://{addrport}/")
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
