FROM python:3.11-slim
WORKDIR /app
# The server's Debian packages (Pango and fonts for WeasyPrint, pdftotext, OCR), from the
# Makefile's one list.
COPY Makefile /app/
COPY scripts/system-packages /app/scripts/
RUN scripts/system-packages $(sed -n 's/^\(RUN\|SERVER\)_DEBIAN_PACKAGES := //p' Makefile \
        | sed 's/\$(RUN_DEBIAN_PACKAGES)//') \
    && rm -rf /var/lib/apt/lists/*
COPY . /app
RUN pip install --no-cache-dir .
# Production settings: DEBUG is off, so SECRET_KEY and ALLOWED_HOSTS must come from the
# environment (see README, "Indstillinger"); HTTPS, HSTS and secure cookies are on by default.
ENV DJANGO_SETTINGS_MODULE=kkr_portal.settings
