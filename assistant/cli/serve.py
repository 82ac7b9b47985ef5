"""``serve``: API, widget (/) and console (/console) on one port, with uvicorn."""

from __future__ import annotations

import argparse
import fcntl
from pathlib import Path
from typing import Any

from assistant.errors import IndexUnavailableError
from assistant.settings import get_settings


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="启动服务：接口、嵌入式窗口与坐席控制台")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(handler=_serve)


def single_writer_lock(data_dir: Path) -> Any:
    """Embedded Chroma has one writer: a second server on the same data dir is refused."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / "serve.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.close()
        raise IndexUnavailableError(f"数据目录 {data_dir} 已被另一个服务进程使用（内嵌向量库只允许一个进程写入）；"
                                    "请停止该进程，或改用 ASSISTANT_CHROMA_URL 连接向量数据库服务") from exc
    return handle


def uvicorn_config(app: Any, host: str, port: int, log_level: str = "info") -> Any:
    """How the app is served. ``proxy_headers`` is off: uvicorn would otherwise rewrite the
    client address from X-Forwarded-For for any local peer; the rate limiter decides
    which proxies to believe (``ASSISTANT_TRUSTED_PROXIES``)."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, proxy_headers=False, lifespan="on")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.api import create_app
    from assistant.facade import serving_environment

    serving_environment()
    settings = get_settings()
    lock = single_writer_lock(settings.data_dir) if not settings.chroma_url else None
    print(f"政策助手：http://{args.host}:{args.port}/ （接口文档 /docs，坐席控制台 /console）", flush=True)
    try:
        uvicorn.Server(uvicorn_config(create_app(settings), args.host, args.port)).run()
    finally:
        if lock is not None:
            lock.close()
    return 0
