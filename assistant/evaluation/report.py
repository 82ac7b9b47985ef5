"""The eval report as Markdown and PNG charts (matplotlib, Agg backend, local fonts only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _table(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    cols = list(rows[0])
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    return out


def markdown(report: dict[str, Any], missed: list[str]) -> str:
    lines = ["# 政策助手评测报告", "", f"生成时间：{report['generated']}；用时 {report['seconds']} 秒", ""]
    lines += ["## 结论", "", "全部阈值通过。" if not missed else "未通过的阈值：", ""]
    lines += [f"- {m}" for m in missed]
    for key, title in (("dialogue", "对话（开发集一）"), ("dev2", "对话（开发集二，原留出集，已用于调参）"),
                       ("dev3", "对话（开发集三，盲写后首轮 118/165，已用于调参）"),
                       ("dev4", "对话（开发集四，封存盲测一次 153/174，已用于调参）"),
                       ("dev5", "对话（开发集五，封存盲测一次 160/180，已用于调参）"),
                       ("dev6", "对话（开发集六，盲写后首轮 136/168，已用于调参）"),
                       ("dev7", "对话（开发集七，封存盲测一次 183/209，已用于调参）"),
                       ("dev8", "对话（开发集八，盲写后首轮 171/200，已用于调参）"),
                       ("dev9", "对话（开发集九，盲写后首轮 191/214，已用于调参）"),
                       ("dev10", "对话（开发集十，盲写后首轮 211/231，已用于调参）"),
                       ("dev11", "对话（开发集十一，盲写后首轮 195/219，已用于调参）"),
                       ("dev12", "对话（开发集十二，盲写后首轮 194/235，已用于调参）")):
        d = report.get(key)
        if not d:
            continue
        lines += ["", f"## {title}：{d['dataset']} v{d['version']}", "",
                  f"通过 {d['passed']}/{d['cases']}（{d['pass_rate']:.1%}）；延迟 p50 {d['latency_ms']['p50']} ms，"
                  f"p95 {d['latency_ms']['p95']} ms，最大 {d['latency_ms']['max']} ms", ""]
        lines += _table([{"类别": k, "通过": v["passed"], "总数": v["total"], "通过率": f"{v['rate']:.1%}"}
                         for k, v in d["by_category"].items()])
        metrics = ["measure_hit@1", "measure_hit@3", "measure_mrr", "citation_support", "amount_exact", "amount_wrong",
                   "refusal_precision", "refusal_recall", "must_include_rate", "must_not_include_rate",
                   "multi_turn_success"]
        lines += ["", *_table([{"指标": m, "值": d.get(m)} for m in metrics])]
        if d["failures"]:
            lines += ["", "### 失败用例", ""]
            for f in d["failures"]:
                lines.append(f"- **{f['id']}**（{f['category']}）：{'；'.join(f['problems'])}")
                for t in f["turns"]:
                    lines.append(f"  - 问：{t['user']} → {t['intent']} {t['citations']} {t['total_yuan']}："
                                 f"{t['answer'][:120].replace(chr(10), ' / ')}")
    for key, title in (("retrieval", "检索基准（包头）"), ("external", "跨文档检索（外部文件 + 包头）")):
        r = report.get(key)
        if not r:
            continue
        lines += ["", f"## {title}：{r['dataset']} v{r['version']}，{r['cases']} 题", "", *_table(r["methods"])]
        if r["failures"]:
            lines += ["", "混合检索未命中：", ""]
            lines += [f"- {f['id']} {f['question']} → 期望 {f['expected']}，实得 {f['got']}" for f in r["failures"]]
    a = report.get("amounts")
    if a:
        lines += ["", f"## 金额问题（外部文件，规则自动起草）：{a['dataset']} v{a['version']}，{a['cases']} 题，"
                      f"{a['documents']} 份文件", "",
                  f"通过 {a['passed']}/{a['cases']}（{a['pass_rate']:.1%}）；给出错误金额 {a['amount_wrong']} 题；"
                  f"原文和计算器都没有的金额 {a['invented_figures']} 题；延迟 p50 {a['latency_ms']['p50']} ms，"
                  f"p95 {a['latency_ms']['p95']} ms", ""]
        lines += _table([{"形态": k, "通过": v["passed"], "总数": v["total"], "通过率": f"{v['rate']:.1%}"}
                         for k, v in a["by_shape"].items()])
        if a["failures"]:
            lines += ["", "### 失败用例", ""]
            lines += [f"- **{f['id']}**（{f['shape']}）{f['question']}：{'；'.join(f['problems'])}" for f in a["failures"]]
    return "\n".join(lines) + "\n"


def charts(report: dict[str, Any], out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if any(k in f.name for k in ("WenQuanYi", "Noto Sans CJK", "Droid Sans Fallback"))]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    plt.rcParams["axes.unicode_minus"] = False
    paths: list[Path] = []
    d = report.get("dialogue")
    if d:
        cats = list(d["by_category"])
        fig, ax = plt.subplots(figsize=(9, 4))
        ax.bar(cats, [d["by_category"][c]["rate"] for c in cats], color="#1f5fa8")
        ax.set_ylim(0, 1.05)
        ax.set_title("Dialogue pass rate by category")
        ax.tick_params(axis="x", rotation=40)
        fig.tight_layout()
        paths.append(out_dir / "accuracy_by_category.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.hist(d["latencies_ms"], bins=30, color="#b71c1c")
        ax.set_xlabel("ms per answer (Assistant.ask)")
        ax.set_title(f"Latency: p50 {d['latency_ms']['p50']} ms, p95 {d['latency_ms']['p95']} ms")
        fig.tight_layout()
        paths.append(out_dir / "latency.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    sections = [s for s in ("retrieval", "external") if s in report]
    if sections:
        fig, ax = plt.subplots(figsize=(7, 4))
        width = 0.35
        modes = ["bm25", "dense", "hybrid"]
        for i, s in enumerate(sections):
            vals = [next(m for m in report[s]["methods"] if m["mode"] == mode)["hit@1"] for mode in modes]
            ax.bar([x + i * width for x in range(3)], vals, width, label=s)
        ax.set_xticks([x + width / 2 for x in range(3)], modes)
        ax.set_ylim(0, 1.05)
        ax.set_title("Retrieval hit@1 by method")
        ax.legend()
        fig.tight_layout()
        paths.append(out_dir / "accuracy_by_method.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    return paths
