"""Staff login through a real server: the Chinese page, cookies, throttling, lockout, unlock,
disabled accounts, the gate, session expiry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.api import create_app
from assistant.settings import Settings
from assistant.storage import Store
from tests.staff.support import add_staff, login, wait_for


@pytest.fixture(scope="module")
def staff_server(bot, baotou_data_dir: Path, tmp_path_factory, server_class) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=baotou_data_dir, console_password="hotline-secret", rate_limit_per_ip=10_000,
                        login_burst=3, login_delay_s=60, login_lockout_after=6, login_lockout_s=3600,
                        login_ip_burst=12, login_ip_lockout_after=40)
    app = create_app(settings, bot=bot, store=Store(tmp_path_factory.mktemp("staff-auth") / "app.db"), console=False)
    add_staff(app, ("zhangsan", "officer", "张三"), ("lisi", "officer", "李四"), ("wangwu", "officer", "王五"))
    with server_class(app) as srv:
        srv.app = app
        yield srv


def _post_login(url: str, username: str, password: str, **headers: str) -> httpx.Response:
    return httpx.post(f"{url}/console/login", data={"username": username, "password": password}, headers=headers,
                      timeout=30)


def test_login_page_is_chinese_self_contained_and_cookie_is_strict(staff_server) -> None:  # type: ignore[no-untyped-def]
    page = httpx.get(f"{staff_server.url}/console/login", timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "坐席登录" in page.text and 'lang="zh-CN"' in page.text and "用户名" in page.text and "密码" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text
    assert "frame-ancestors" in page.headers["content-security-policy"]
    r = _post_login(staff_server.url, "zhangsan", "zhangsan-password", accept="text/html")
    assert r.status_code == 303 and r.headers["location"] == "/console/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie and "max-age=" in cookie
    with login(staff_server.url, "zhangsan") as officer:
        me = officer.get("/api/staff/me").json()
        assert me["username"] == "zhangsan" and me["role"] == "officer" and me["expires_at"]
        officer.post("/console/logout")
        assert officer.get("/api/staff/me").status_code == 401


def test_wrong_password_is_a_chinese_401_and_the_form_shows_it(staff_server) -> None:  # type: ignore[no-untyped-def]
    r = _post_login(staff_server.url, "wangwu", "wrong")
    assert r.status_code == 401 and r.json() == {"code": "bad_credentials", "message": "用户名或密码错误"}
    page = _post_login(staff_server.url, "wangwu", "wrong", accept="text/html")
    assert page.status_code == 401 and "用户名或密码错误" in page.text and 'value="wangwu"' in page.text
    unknown = _post_login(staff_server.url, "nobody", "whatever")
    assert unknown.status_code == 401 and unknown.json()["code"] == "bad_credentials"  # no account enumeration
    staff_server.app.state.staff.throttle.clear("user:wangwu")
    staff_server.app.state.staff.throttle.clear("user:nobody")


def test_burst_then_429_then_lockout_refuses_the_right_password_until_an_admin_unlocks(staff_server) -> None:  # type: ignore[no-untyped-def]
    url = staff_server.url
    statuses = [_post_login(url, "lisi", f"wrong-{i}").status_code for i in range(3)]
    assert statuses == [401, 401, 401]
    throttled = _post_login(url, "lisi", "wrong-3")
    assert throttled.status_code == 429 and throttled.json()["code"] == "login_throttled"
    assert 1 <= int(throttled.headers["retry-after"]) <= 60
    right = _post_login(url, "lisi", "lisi-password")
    assert right.status_code == 429 and "retry-after" in right.headers  # not even checked while throttled
    _post_login(url, "lisi", "wrong-5")
    locked = _post_login(url, "lisi", "wrong-6")
    assert locked.status_code == 423 and locked.json()["code"] == "account_locked"
    assert int(locked.headers["retry-after"]) > 3000 and "管理员" in locked.json()["message"]
    during = _post_login(url, "lisi", "lisi-password")
    assert during.status_code == 423 and "set-cookie" not in during.headers
    page = _post_login(url, "lisi", "lisi-password", accept="text/html")
    assert page.status_code == 423 and "锁定" in page.text

    with login(url, "zhangsan") as officer:  # an officer may not unlock
        assert officer.post("/api/staff/accounts/lisi/unlock").status_code == 403
    with login(url, "hotline", "hotline-secret") as admin:  # the first admin, made from the settings
        listed = {a["username"]: a for a in admin.get("/api/staff/accounts").json()}
        assert listed["lisi"]["locked"] is True and listed["hotline"]["role"] == "admin"
        assert admin.post("/api/staff/accounts/lisi/unlock").status_code == 200
    assert _post_login(url, "lisi", "lisi-password").status_code == 200


def test_an_address_is_throttled_whatever_usernames_it_tries(bot, baotou_data_dir, tmp_path, server_class) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=baotou_data_dir, console_password="hotline-secret", login_ip_burst=4,
                        login_ip_lockout_after=100, login_delay_s=60)
    app = create_app(settings, bot=bot, store=Store(tmp_path / "app.db"), console=False)
    with server_class(app) as srv:
        codes = [_post_login(srv.url, f"user{i}", "x-wrong-password").status_code for i in range(5)]
        assert codes == [401, 401, 401, 401, 429]
        r = _post_login(srv.url, "hotline", "hotline-secret")
        assert r.status_code == 429 and r.headers["retry-after"]
        app.state.staff.throttle.clear("ip:127.0.0.1")  # what `staff unlock --address` does
        assert _post_login(srv.url, "hotline", "hotline-secret").status_code == 200


def test_admin_creates_and_disables_accounts_over_http(staff_server) -> None:  # type: ignore[no-untyped-def]
    url = staff_server.url
    with login(url, "hotline", "hotline-secret") as admin:
        made = admin.post("/api/staff/accounts", json={"username": "zhaoliu", "role": "reviewer", "display_name": "赵六"})
        assert made.status_code == 200 and made.json()["account"]["role"] == "reviewer"
        password = made.json()["password"]
        assert password and len(password) >= 12
        dup = admin.post("/api/staff/accounts", json={"username": "zhaoliu"})
        assert dup.status_code == 422 and dup.json()["code"] == "username_taken"
        with login(url, "zhaoliu", password) as reviewer:
            assert reviewer.get("/api/staff/me").json()["display_name"] == "赵六"
            assert reviewer.post("/api/staff/accounts", json={"username": "x9"}).status_code == 403
            assert admin.post("/api/staff/accounts/zhaoliu/disable").status_code == 200
            assert reviewer.get("/api/staff/me").status_code == 401  # the session ended at once
        refused = _post_login(url, "zhaoliu", password)
        assert refused.status_code == 403 and refused.json()["code"] == "account_disabled"
        assert admin.post("/api/staff/accounts/zhaoliu/enable").status_code == 200
        assert admin.post("/api/staff/accounts/nobody/disable").status_code == 404
    assert _post_login(url, "zhaoliu", password).status_code == 200


def test_the_gate(staff_server) -> None:  # type: ignore[no-untyped-def]
    url = staff_server.url
    anon = httpx.get(f"{url}/api/staff/history", timeout=30)
    assert anon.status_code == 401 and anon.json() == {"code": "login_required", "message": "请先登录坐席控制台"}
    page = httpx.get(f"{url}/console/", headers={"accept": "text/html"}, timeout=30)
    assert page.status_code == 303 and page.headers["location"] == "/console/login?next=/console/"
    forged = httpx.get(f"{url}/api/staff/me", cookies={"pa_staff": "forged"}, timeout=30)
    assert forged.status_code == 401
    with login(url, "zhangsan") as officer:
        cross = officer.post("/api/staff/ask", json={"message": "小巨人奖励多少"},
                             headers={"origin": "https://evil.example"})
        assert cross.status_code == 403 and cross.json()["code"] == "bad_origin"
        assert officer.post("/console/login", json={"username": "zhangsan", "password": "zhangsan-password"},
                            headers={"origin": "https://evil.example"}).status_code == 403
    evil_next = httpx.post(f"{url}/console/login", data={"username": "zhangsan", "password": "zhangsan-password",
                                                         "next": "//evil.example/"}, headers={"accept": "text/html"})
    assert evil_next.status_code == 303 and evil_next.headers["location"] == "/console/"


def test_sessions_expire(bot, baotou_data_dir, tmp_path, server_class) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=baotou_data_dir, console_password="hotline-secret", session_ttl_s=1.5)
    app = create_app(settings, bot=bot, store=Store(tmp_path / "app.db"), console=False)
    with server_class(app) as srv, login(srv.url, "hotline", "hotline-secret") as admin:
        assert admin.get("/api/staff/me").status_code == 200
        wait_for(lambda: admin.get("/api/staff/me").status_code == 401, timeout=15)
        assert admin.get("/api/staff/me").json()["code"] == "login_required"
        page = admin.get("/console/", headers={"accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"].startswith("/console/login")
