from cooperation.celery import app as celery_app


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["broker"] == "ok"


def test_healthz_is_503_when_the_broker_does_not_answer(client, db, monkeypatch):
    # Point the app at a port nothing listens on: the real connection attempt fails.
    for key in ("broker_url", "broker_write_url", "broker_read_url"):
        monkeypatch.setattr(celery_app.conf, key, "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
