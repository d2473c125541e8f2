"""The generated .htaccess and nginx snippet, run by real Apache and nginx on 127.0.0.1.

Skipped where the servers are not installed (`apt-get install apache2 nginx-light`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.forum_vault import FILES, export_with

CASES = [  # (path, Accept, status, content type starts with)
    ("/", "text/turtle", 200, "text/turtle"),
    ("/", "application/ld+json", 200, "application/ld+json"),
    ("/", "text/html", 200, "text/html"),
    ("/persons/elisabeth-gravil", "text/turtle", 200, "text/turtle"),
    ("/persons/elisabeth-gravil", "application/ld+json", 200, "application/ld+json"),
    ("/persons/elisabeth-gravil", "text/html,application/xhtml+xml,*/*;q=0.8", 301, ""),
    ("/persons/elisabeth-gravil/", "text/html", 200, "text/html"),
    ("/assets/site.css", "text/turtle", 200, "text/css"),
    ("/feed.xml", "*/*", 200, "application/atom+xml"),
    ("/tags/forum/feed.xml", "*/*", 200, "application/atom+xml"),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, accept: str) -> tuple[int, str, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": accept}), timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.headers.get("Vary", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.headers.get("Vary", "")


@pytest.fixture
def site(make_vault) -> Iterator[Path]:
    """The forum site in a folder the servers' unprivileged workers can read."""
    root = Path(tempfile.mkdtemp(prefix="xtd-conneg-", dir="/tmp"))
    root.chmod(0o755)
    try:
        export_with(make_vault(FILES), root / "site")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _running(command: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "server stopped")
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the server did not listen within 10 s")


def _check(base: str) -> None:
    for path, accept, status, media_type in CASES:
        got_status, got_type, vary = _get(base + path, accept)
        assert (got_status, got_type.startswith(media_type)) == (status, True), (path, accept, got_type)
        if status == 200 and not path.startswith("/assets") and not path.endswith(".xml"):
            assert "Accept" in vary, (path, accept)


APACHE = """ServerRoot "/etc/apache2"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
User www-data
Group www-data
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
TypesConfig /etc/mime.types
DocumentRoot "{root}/site"
<Directory "{root}/site">
  AllowOverride All
  Require all granted
</Directory>
"""


def test_apache_serves_turtle_json_ld_or_the_page_for_one_iri(site: Path) -> None:
    if not shutil.which("apache2") or not Path("/usr/lib/apache2/modules/mod_rewrite.so").exists():
        pytest.skip("apache2 is not installed")
    port = _free_port()
    (site / "httpd.conf").write_text(APACHE.format(port=port, root=site), encoding="utf-8")
    process = _running(["apache2", "-X", "-f", str(site / "httpd.conf")], port)
    try:
        _check(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


NGINX = """worker_processes 1;
daemon off;
user root;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 32; }}
http {{
  access_log off;
  client_body_temp_path {root}/tmp;
  proxy_temp_path {root}/tmp;
  fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp;
  scgi_temp_path {root}/tmp;
{http}
  server {{
    listen 127.0.0.1:{port};
    root {root}/site;
{server}
  }}
}}
"""


def test_nginx_serves_turtle_json_ld_or_the_page_for_one_iri(site: Path) -> None:
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed")
    port = _free_port()
    http, server = (site / "site" / "nginx.conf.example").read_text(encoding="utf-8").split("# 2.", 1)
    conf = NGINX.format(port=port, root=site, http=http, server="# 2." + server)
    (site / "nginx.conf").write_text(conf, encoding="utf-8")
    process = _running(["nginx", "-c", str(site / "nginx.conf")], port)
    try:
        _check(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)
