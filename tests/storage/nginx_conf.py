"""deploy/nginx.conf with this machine's addresses, in a main config of its own: for
tests/storage/test_nginx.py and bench/download_bench.py."""

import getpass
import re
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def nginx_config(folder: Path, *, listen: int, portal: str, objects: str, media: str) -> Path:
    """Write folder/nginx.conf: the deployment's server block listening on 127.0.0.1:listen, with
    the portal and the object store at the given host:port and the media folder at `media`."""
    server = CONFIG.read_text()
    for pattern, replacement in (
        ("listen 80;", f"listen 127.0.0.1:{listen};"),
        ("server web:8000;", f"server {portal};"),
        ("server minio:9000;", f"server {objects};"),
        ("proxy_set_header Host minio:9000;", f"proxy_set_header Host {objects};"),
        ("alias /data/media/;", f"alias {media}/;"),
    ):
        server, count = re.subn(re.escape(pattern), replacement, server)
        assert count == 1, f"deploy/nginx.conf no longer has `{pattern}`"
    main = folder / "nginx.conf"
    main.write_text(
        # The workers read the caller's own files, as the user running nginx.
        f"user {getpass.getuser()};\n"
        f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {folder}/body;\n"
        f"  proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/fastcgi;\n"
        f"  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
        "  default_type application/octet-stream;\n  sendfile on;\n"
        f"{server}\n}}\n"
    )
    return main
