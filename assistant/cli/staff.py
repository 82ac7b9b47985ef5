"""``staff``: hotline staff accounts in ``<data_dir>/app.db``.

Examples::

    policy-assistant staff add zhangsan --role officer --name 张三   # password from stdin, or generated
    echo 'a long password' | policy-assistant staff add lisi --role reviewer
    policy-assistant staff list [--json]
    policy-assistant staff disable zhangsan | enable zhangsan
    policy-assistant staff unlock zhangsan           # lift a login lockout
    policy-assistant staff unlock --address 10.0.0.8
    policy-assistant staff passwd zhangsan           # new password from stdin, or generated
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from typing import Any

from assistant.errors import InputError
from assistant.settings import get_settings


def register(sub: Any) -> None:
    """Add the ``staff`` sub-command and its actions."""
    p = sub.add_parser("staff", help="管理坐席账户：新增、停用、解锁、列表")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="新增账户（密码从标准输入读取；未提供则自动生成并显示一次）")
    add.add_argument("username")
    add.add_argument("--role", choices=["officer", "reviewer", "admin"], default="officer",
                     help="officer 坐席 / reviewer 审核员 / admin 管理员")
    add.add_argument("--name", default="", help="显示名，如 张三")
    add.add_argument("--generate", action="store_true", help="不读标准输入，直接生成密码")
    for name, text in (("disable", "停用账户（立即退出其登录）"), ("enable", "重新启用账户")):
        a = actions.add_parser(name, help=text)
        a.add_argument("username")
    unlock = actions.add_parser("unlock", help="解除登录锁定（账户或 --address 地址）")
    unlock.add_argument("username", nargs="?")
    unlock.add_argument("--address", help="客户端地址，如 10.0.0.8")
    passwd = actions.add_parser("passwd", help="重设密码（从标准输入读取；未提供则生成）")
    passwd.add_argument("username")
    passwd.add_argument("--generate", action="store_true")
    role = actions.add_parser("role", help="修改角色")
    role.add_argument("username")
    role.add_argument("role", choices=["officer", "reviewer", "admin"])
    listing = actions.add_parser("list", help="列出账户")
    listing.add_argument("--json", action="store_true")
    p.set_defaults(handler=_run)


def _services() -> Any:
    from assistant.staff.services import StaffServices
    from assistant.storage import Store

    settings = get_settings()
    return StaffServices.build(settings, Store(settings.data_dir / "app.db"))


def _run(args: argparse.Namespace) -> int:
    from assistant.staff.accounts import generate_password
    from assistant.staff.throttle import address_key, user_key

    staff = _services()
    if args.action == "add":
        password, generated = _password(args.generate)
        password = generate_password() if generated else password
        officer = staff.accounts.add(args.username, password, role=args.role, display_name=args.name,
                                     created_by="cli")
        print(f"已新增账户 {officer.username}（{officer.role}）")
        if generated:
            print(f"初始密码（只显示这一次）：{password}")
    elif args.action in ("disable", "enable"):
        officer = staff.accounts.set_disabled(args.username, args.action == "disable")
        print(f"账户 {officer.username} 已{'停用' if officer.disabled else '启用'}")
    elif args.action == "unlock":
        if not args.username and not args.address:
            raise InputError("请指定用户名或 --address 地址")
        if args.username:
            staff.accounts.require(args.username)
            staff.throttle.clear(user_key(args.username))
            print(f"账户 {args.username.lower()} 已解除锁定")
        if args.address:
            staff.throttle.clear(address_key(args.address))
            print(f"地址 {args.address} 已解除锁定")
    elif args.action == "passwd":
        password, generated = _password(args.generate)
        password = password or generate_password()
        staff.accounts.set_password(args.username, password)
        print(f"账户 {args.username.lower()} 的密码已重设" + (f"：{password}" if generated else ""))
    elif args.action == "role":
        officer = staff.accounts.set_role(args.username, args.role)
        print(f"账户 {officer.username} 的角色已改为 {officer.role}")
    else:
        _list(staff, args.json)
    return 0


def _password(generate: bool) -> tuple[str, bool]:
    """The password from stdin (a pipe: its first line; a terminal: asked twice), or ``("", True)``
    when it is to be generated."""
    if generate:
        return "", True
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        return (line, False) if line else ("", True)
    first = getpass.getpass("密码（直接回车则自动生成）：")
    if not first:
        return "", True
    if getpass.getpass("再次输入密码：") != first:
        raise InputError("两次输入的密码不一致")
    return first, False


def _list(staff: Any, as_json: bool) -> None:
    from assistant.staff.throttle import user_key

    rows = []
    for o in staff.accounts.list_all():
        lock = staff.throttle.status(user_key(o.username))
        rows.append({**o.to_dict(), "locked": bool(lock and lock.locked)})
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        state = "停用" if r["disabled"] else ("锁定" if r["locked"] else "正常")
        created = datetime.fromtimestamp(float(r["created_at"])).strftime("%Y-%m-%d")
        print(f"{r['username']:<16} {r['role']:<9} {state:<4} {r['display_name'] or '-':<10} 创建于 {created}")
