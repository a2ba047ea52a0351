"""CORS on the wire and in a real browser: allowed and refused origins, preflights answered
before authentication, actual requests, password mode."""

from __future__ import annotations

import pytest

from conftest import API, PASSWORD

ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
LETTA_DEFAULTS = ["http://letta.localhost", "http://localhost:8283", "http://localhost:8083", "http://localhost:3000",
                  "http://localhost:4200", "https://app.letta.com"]


def preflight(api: API, origin: str, method: str = "POST", headers: str | None = "authorization,content-type"):
    extra = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        extra["Access-Control-Request-Headers"] = headers
    return api.call("OPTIONS", "/v1/identities/", headers=extra)


@pytest.mark.parametrize("origin", LETTA_DEFAULTS)
def test_letta_default_origins_pass_preflight_in_both_modes(open_server, password_server, origin):
    for base in (open_server, password_server):
        status, headers, body = preflight(API(base), origin)
        assert (status, body) == (200, "OK")
        assert headers["access-control-allow-origin"] == origin
        assert headers["access-control-allow-credentials"] == "true"
        assert headers["access-control-allow-methods"] == ALL_METHODS
        assert headers["access-control-allow-headers"] == "authorization,content-type"
        assert headers["access-control-max-age"] == "600"
        assert headers["vary"] == "Origin"


def test_configured_origin_is_allowed_by_flag_and_by_variable(open_server, password_server, cross_origin):
    for base in (open_server, password_server):
        status, headers, _ = preflight(API(base), cross_origin, "PATCH")
        assert status == 200 and headers["access-control-allow-origin"] == cross_origin


def test_disallowed_origin_preflight_is_refused_with_400(open_server, password_server):
    for base in (open_server, password_server):
        status, headers, body = preflight(API(base), "https://evil.example")
        assert status == 400
        assert body == {"detail": "Disallowed CORS origin"}
        assert "access-control-allow-origin" not in headers
        assert headers["vary"] == "Origin"
    status, _, body = preflight(API(open_server), "https://evil.example", "TRACE")
    assert (status, body) == (400, {"detail": "Disallowed CORS origin, method"})


def test_actual_requests_echo_allowed_origins_only(open_server):
    api = API(open_server)
    status, headers, body = api.call("GET", "/v1/identities/count", headers={"Origin": "http://localhost:3000"})
    assert status == 200 and isinstance(body, int)
    assert headers["access-control-allow-origin"] == "http://localhost:3000"
    assert headers["access-control-allow-credentials"] == "true"
    assert headers["vary"] == "Origin"
    status, headers, _ = api.call("GET", "/v1/identities/count", headers={"Origin": "https://evil.example"})
    assert status == 200
    assert "access-control-allow-origin" not in headers
    status, headers, _ = api.call("GET", "/v1/identities/count")
    assert not any(name.lower().startswith("access-control-") for name in headers)


def test_password_mode_401_carries_cors_headers_so_browsers_can_read_it(password_server):
    status, headers, body = API(password_server).call("GET", "/v1/identities/", headers={"Origin": "http://localhost:3000"})
    assert (status, body) == (401, {"detail": "Unauthorized"})
    assert headers["access-control-allow-origin"] == "http://localhost:3000"
    status, headers, _ = API(password_server, PASSWORD).call("GET", "/v1/identities/", headers={"Origin": "http://localhost:3000"})
    assert status == 200 and headers["access-control-allow-origin"] == "http://localhost:3000"


FETCH = """
const [url, token, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const headers = {'Content-Type': 'application/json'};
if (token) headers.Authorization = 'Bearer ' + token;
fetch(url, {method: 'POST', headers, credentials: 'include',
            body: JSON.stringify({identifier_key: 'cors_' + Date.now(), name: 'From elsewhere', identity_type: 'user'})})
  .then(async (r) => done({status: r.status, body: await r.text()}))
  .catch((e) => done({error: String(e)}));
"""


def test_browser_on_another_origin_calls_the_api(open_server, password_server, cross_origin, browser):
    """A page on an allowed origin creates an identity (a preflighted POST with Authorization);
    in password mode the right password works and a wrong one is a readable 401."""
    browser.get(cross_origin + "/index.html")
    browser.set_script_timeout(15)
    result = browser.execute_async_script(FETCH, open_server + "/v1/identities/", None)
    assert result.get("status") == 200, result
    result = browser.execute_async_script(FETCH, password_server + "/v1/identities/", PASSWORD)
    assert result.get("status") == 200, result
    result = browser.execute_async_script(FETCH, password_server + "/v1/identities/", "wrong")
    assert result == {"status": 401, "body": '{"detail":"Unauthorized"}'}


def test_browser_on_a_refused_origin_is_blocked(workdir, browser):
    """The same page served from an origin the server does not list: the browser blocks the call."""
    import http.server
    import threading

    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(workdir / "other-origin"))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        from conftest import start_server
        api_server = start_server(workdir, "refusing")
        try:
            browser.get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
            browser.set_script_timeout(15)
            result = browser.execute_async_script(FETCH, f"http://127.0.0.1:{api_server.port}/v1/identities/", None)
            assert "error" in result and "Failed to fetch" in result["error"], result
            count = API(f"http://127.0.0.1:{api_server.port}").get("/v1/identities/count")
            assert count == 0
        finally:
            assert api_server.stop() == 0
    finally:
        server.shutdown()
        server.server_close()
