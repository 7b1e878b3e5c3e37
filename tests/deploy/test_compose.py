import yaml

from tests.deploy import COMPOSE


def _services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_ftp_listens_on_its_published_ports_on_the_container_address():
    ftp = _services()["ftp"]
    assert ftp["environment"]["MAIL_FTP_ADDRESS"] == "0.0.0.0:2121"
    assert ftp["environment"]["MAIL_FTP_PASSIVE_PORTS"] == "30000-30009"
    assert ftp["environment"]["MAIL_FTP_MASQUERADE"] == "${FTP_PUBLIC_ADDRESS:-127.0.0.1}"
    assert ftp["ports"] == ["2121:2121", "30000-30009:30000-30009"]
    # Every other setting of the app still reaches it (the merge keeps the shared ones).
    assert ftp["environment"]["DATABASE_URL"].startswith("postgres://")


def test_app_containers_run_read_only_without_new_privileges():
    for name in ("migrate", "web", "worker", "scheduler", "ftp"):
        service = _services()[name]
        assert service["read_only"] is True, name
        assert service["tmpfs"] == ["/tmp"], name
        assert service["security_opt"] == ["no-new-privileges:true"], name
        assert service["environment"]["SPOOL_ROOT"] == "/tmp/spool", name


def test_the_web_health_check_asks_readiness():
    assert "/readyz" in " ".join(_services()["web"]["healthcheck"]["test"])


def test_the_database_has_room_for_a_whole_dump_of_thousands_of_offices():
    command = _services()["db"]["command"]
    assert command[0] == "postgres"
    assert "max_locks_per_transaction=1024" in command
