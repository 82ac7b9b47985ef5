"""Staff accounts (argon2id), sessions, and the login throttle, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InputError, PolicyAssistantError
from assistant.settings import Settings
from assistant.staff.accounts import Accounts
from assistant.staff.services import StaffServices
from assistant.staff.throttle import LoginThrottle, ThrottlePolicy, address_key, user_key
from assistant.storage import Store


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "app.db")


def test_passwords_are_argon2id_hashes_and_verify(store: Store) -> None:
    accounts = Accounts(store)
    officer = accounts.add("ZhangSan", "correct horse", role="officer", display_name="张三", created_by="admin")
    assert officer.username == "zhangsan" and officer.label == "张三（zhangsan）"
    stored = store.query_one("SELECT password_hash FROM staff WHERE username = 'zhangsan'")
    assert stored is not None and stored["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct horse" not in stored["password_hash"]
    assert accounts.verify("zhangsan", "correct horse") == officer
    assert accounts.verify("ZHANGSAN ", "correct horse") == officer
    assert accounts.verify("zhangsan", "wrong horse!") is None
    assert accounts.verify("nobody", "correct horse") is None


@pytest.mark.parametrize(("username", "password", "code"), [
    ("a", "long enough", "bad_username"), ("张三", "long enough", "bad_username"),
    ("lisi", "short", "weak_password"), ("lisi", "", "weak_password")])
def test_bad_accounts_are_refused_in_chinese(store: Store, username: str, password: str, code: str) -> None:
    with pytest.raises(InputError) as err:
        Accounts(store).add(username, password)
    assert err.value.code == code and any("\u4e00" <= ch <= "\u9fa5" for ch in err.value.message)


def test_duplicate_and_role_rules(store: Store) -> None:
    accounts = Accounts(store)
    accounts.add("admin1", "admin password", role="admin")
    with pytest.raises(InputError, match="已存在"):
        accounts.add("ADMIN1", "other password")
    with pytest.raises(InputError):
        accounts.add("x2", "long enough", role="root")
    with pytest.raises(PolicyAssistantError, match="最后一个管理员"):
        accounts.set_disabled("admin1", True)
    reviewer = accounts.add("rev", "long enough", role="reviewer")
    assert reviewer.can("officer") and reviewer.can("reviewer") and not reviewer.can("admin")


def test_sessions_expire_and_end_when_the_account_is_disabled(store: Store) -> None:
    accounts = Accounts(store)
    accounts.add("admin1", "admin password", role="admin")
    accounts.add("zhangsan", "long enough")
    token, expires = accounts.start_session("zhangsan", ttl_s=3600)
    assert accounts.session_officer(token) is not None and accounts.session_expiry(token) == expires
    assert store.query_one("SELECT 1 AS x FROM staff_session WHERE token_hash = ?", (token,)) is None  # hashed
    expired, _ = accounts.start_session("zhangsan", ttl_s=-1)
    assert accounts.session_officer(expired) is None
    assert accounts.session_officer("forged") is None and accounts.session_officer(None) is None
    accounts.set_disabled("zhangsan", True)
    assert accounts.session_officer(token) is None
    assert accounts.verify("zhangsan", "long enough") is not None  # the caller refuses disabled accounts
    accounts.set_disabled("zhangsan", False)
    token2, _ = accounts.start_session("zhangsan", ttl_s=3600)
    accounts.set_password("zhangsan", "a new password")
    assert accounts.session_officer(token2) is None


POLICY = {"user": ThrottlePolicy(burst=3, delay_s=30, lockout_after=6, lockout_s=600, window_s=900),
          "ip": ThrottlePolicy(burst=10, delay_s=30, lockout_after=20, lockout_s=600, window_s=900)}


def test_a_burst_is_throttled_then_locked_and_the_lock_ends_when_it_says(store: Store) -> None:
    throttle = LoginThrottle(store, POLICY)
    keys = [user_key("zhangsan"), address_key("10.0.0.8")]
    t = 1_000_000.0
    for i in range(3):
        assert throttle.check(keys, now=t + i) is None
        assert throttle.failed(keys, now=t + i) is None
    refusal = throttle.check(keys, now=t + 3)
    assert refusal is not None and refusal.status == 429 and refusal.code == "login_throttled"
    assert 1 <= refusal.retry_after_s <= 30
    assert throttle.check(keys, now=t + 2 + 31) is None  # one attempt per delay after the burst
    throttle.failed(keys, now=t + 40)
    throttle.failed(keys, now=t + 41)
    lock = throttle.failed(keys, now=t + 42)  # the sixth failure
    assert lock is not None and lock.status == 423 and lock.code == "account_locked"
    for later in (t + 100, t + 500, t + 641):  # asking during the lock does not extend it
        refused = throttle.check(keys, now=later)
        assert refused is not None and refused.status == 423
    again = throttle.failed(keys, now=t + 300)  # a failure counted during the lock neither lifts nor extends it
    assert again is not None and again.status == 423 and throttle.check(keys, now=t + 641) is not None
    assert throttle.check(keys, now=t + 643) is None
    assert throttle.status(user_key("zhangsan")) is None  # a fresh start after the lock


def test_admin_unlock_and_failures_forgotten_after_the_window(store: Store) -> None:
    throttle = LoginThrottle(store, POLICY)
    keys = [user_key("lisi")]
    for i in range(6):
        throttle.failed(keys, now=100.0 + i)
    assert throttle.check(keys, now=110.0) is not None
    assert throttle.clear(user_key("lisi")) and throttle.check(keys, now=110.0) is None
    throttle.failed(keys, now=200.0)
    throttle.failed(keys, now=201.0)
    throttle.failed(keys, now=202.0)
    assert throttle.check(keys, now=203.0) is not None
    assert throttle.check(keys, now=202.0 + 901) is None  # older than the window


def test_an_address_is_throttled_across_usernames(store: Store) -> None:
    throttle = LoginThrottle(store, POLICY)
    for i in range(10):
        throttle.failed([user_key(f"user{i}"), address_key("10.0.0.9")], now=50.0 + i)
    refusal = throttle.check([user_key("someone-new"), address_key("10.0.0.9")], now=61.0)
    assert refusal is not None and refusal.status == 429
    assert throttle.check([user_key("someone-new"), address_key("10.0.0.10")], now=61.0) is None


def test_first_admin_bootstrap(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, console_password="pw")  # a short configured password still works
    staff = StaffServices.build(settings, Store(tmp_path / "app.db"))
    admin = staff.bootstrap()
    assert admin is not None and admin.username == "hotline" and admin.role == "admin"
    assert staff.accounts.verify("hotline", "pw") is not None
    assert staff.bootstrap() is None  # only on an empty table

    generated = Settings(data_dir=tmp_path / "g")
    staff2 = StaffServices.build(generated, Store(tmp_path / "g" / "app.db"))
    staff2.bootstrap()
    password = (tmp_path / "g" / "console.password").read_text().strip()
    assert len(password) >= 12 and staff2.accounts.verify("hotline", password) is not None
    assert (tmp_path / "g" / "console.password").stat().st_mode & 0o077 == 0
