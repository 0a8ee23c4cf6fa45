#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns a benchmark run's results.jsonl into the Markdown tables of
bench/README.md (medians with min-max over repetitions, and ratios)."""
import json
import statistics
import sys


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                row = json.loads(line)
                if isinstance(row.get("result"), str):
                    row["result"] = json.loads(row["result"])
                for key in ("scrape", "scrape_paced", "sp_plain", "sp_gzip", "ne_plain",
                            "ne_gzip"):
                    if isinstance(row.get(key), str) and row[key]:
                        row[key] = json.loads(row[key])
                rows.append(row)
    return rows


def med(values):
    return statistics.median(values) if values else float("nan")


def fmt(values, digits=2, scale=1.0):
    values = [v * scale for v in values]
    if not values:
        return "n/a"
    m = med(values)
    if len(values) == 1:
        return f"{m:.{digits}f}"
    return f"{m:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratio(a, b):
    return a / b if b else float("nan")


def probe(rows, out):
    rs = [r for r in rows if r["bench"] == "probe"]
    if not rs:
        return
    meta = next((r for r in rows if r["bench"] == "probe_meta"), {})
    out.append(f"### 1. Per-probe cost ({meta.get('requests')} probes × {meta.get('reps')} reps, "
               f"concurrency {meta.get('concurrency')}; median (min–max))\n")
    out.append("| who | probes/s | latency p50 ms | latency p99 ms | probe's own duration p50 ms "
               "| CPU ms per 1000 probes | RSS MB |")
    out.append("|---|---|---|---|---|---|---|")
    cpu = {}
    own = {}
    for who in ("libcurl_floor", "blackbox_exporter", "stackprobe"):
        w = [r["result"] for r in rs if r["who"] == who]
        if not w:
            continue
        c = [x["self_cpu_ms_per_1000"] if who == "libcurl_floor" else x["target_cpu_ms_per_1000"] for x in w]
        cpu[who] = med(c)
        own[who] = med([x["probe_p50_ms"] for x in w])
        rss = {"blackbox_exporter": meta.get("blackbox_rss_kb"), "stackprobe": meta.get("stackprobe_rss_kb")}.get(who)
        out.append(f"| {who} | {fmt([x['rps'] for x in w], 0)} | {fmt([x['p50_ms'] for x in w], 3)} | "
                   f"{fmt([x['p99_ms'] for x in w], 3)} | {fmt([x['probe_p50_ms'] for x in w], 3)} | "
                   f"{fmt(c, 0)} | {rss / 1024:.1f} |" if rss else
                   f"| {who} | {fmt([x['rps'] for x in w], 0)} | {fmt([x['p50_ms'] for x in w], 3)} | "
                   f"{fmt([x['p99_ms'] for x in w], 3)} | {fmt([x['probe_p50_ms'] for x in w], 3)} | "
                   f"{fmt(c, 0)} (client) | – |")
    if {"libcurl_floor", "blackbox_exporter", "stackprobe"} <= cpu.keys():
        out.append("")
        out.append(f"Ratios (medians): stackprobe CPU per probe = {cpu['stackprobe'] / 1000:.3f} ms "
                   f"= {ratio(cpu['stackprobe'], cpu['blackbox_exporter']):.2f}× blackbox_exporter's, "
                   f"{ratio(cpu['stackprobe'], cpu['libcurl_floor']):.2f}× the libcurl floor; "
                   f"own duration p50 = {ratio(own['stackprobe'], own['libcurl_floor']):.2f}× the floor "
                   f"(blackbox_exporter {ratio(own['blackbox_exporter'], own['libcurl_floor']):.2f}×).")
    out.append("")


def scale(rows, out):
    rs = [r for r in rows if r["bench"] == "scale"]
    if not rs:
        return
    out.append("### 2. Scale (interval 15 s; CPU over the window, RSS = max during it)\n")
    out.append("| N | stackprobe CPU-s/s | stackprobe RSS MB | its Prometheus CPU-s/s, RSS MB "
               "| blackbox CPU-s/s | blackbox RSS MB | its Prometheus CPU-s/s, RSS MB "
               "| /metrics p50 / p99 ms, 8 overlapping scrapers | same, 8 back to back | CPU ms per scrape "
               "| exposition KB | up (sp / bb) |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(rs, key=lambda r: r["n"]):
        s = r.get("scrape") or {}
        p = r.get("scrape_paced") or {}
        out.append(
            f"| {r['n']} | {r['sp_cpu_per_s']:.4f} | {r['sp_rss_kb'] / 1024:.1f} | "
            f"{r['prom_sp_cpu_per_s']:.4f}, {r['prom_sp_rss_kb'] / 1024:.0f} | "
            f"{r['bb_cpu_per_s']:.4f} | {r['bb_rss_kb'] / 1024:.1f} | "
            f"{r['prom_bb_cpu_per_s']:.4f}, {r['prom_bb_rss_kb'] / 1024:.0f} | "
            f"{p.get('p50_ms', float('nan')):.2f} / {p.get('p99_ms', float('nan')):.2f} | "
            f"{s.get('p50_ms', float('nan')):.2f} / {s.get('p99_ms', float('nan')):.2f} | "
            f"{s.get('target_cpu_ms_per_1000', float('nan')) / 1000:.2f} | "
            f"{s.get('body_bytes', 0) / 1024:.0f} | {r['sp_up']} / {r['bb_up']} |")
    out.append("")
    out.append("CPU per probe run (CPU-s/s ÷ N/15 probes/s): " + "; ".join(
        f"N={r['n']}: stackprobe {r['sp_cpu_per_s'] * 15 / r['n'] * 1000:.3f} ms, "
        f"blackbox {r['bb_cpu_per_s'] * 15 / r['n'] * 1000:.3f} ms "
        f"(+ Prometheus {r['prom_bb_cpu_per_s'] * 15 / r['n'] * 1000:.3f} ms)"
        for r in sorted(rs, key=lambda r: r["n"])) + ".")
    out.append("")


def legacy(rows, out):
    rs = [r for r in rows if r["bench"] == "legacy"]
    if not rs:
        return
    out.append("### 3. Legacy collection (wall and CPU per run, process start included)\n")
    out.append("| scenario | who | wall s | CPU s | runs |")
    out.append("|---|---|---|---|---|")
    summary = []
    for scenario in ("healthy", "hang"):
        walls = {}
        for who in ("baseline", "stackprobe"):
            w = [r["result"] for r in rs if r["scenario"] == scenario and r["who"] == who]
            if not w:
                continue
            walls[who] = med([x["wall_s"] for x in w])
            out.append(f"| {scenario} | {who} | {fmt([x['wall_s'] for x in w], 3)} | "
                       f"{fmt([x['cpu_s'] for x in w], 3)} | {len(w)} |")
        if len(walls) == 2:
            summary.append(f"{scenario}: stackprobe {ratio(walls['baseline'], walls['stackprobe']):.1f}× faster")
    procs = next((r for r in rows if r["bench"] == "legacy_processes"), None)
    out.append("")
    if procs:
        summary.append(f"processes per run (execve): baseline {procs['baseline']}, stackprobe {procs['stackprobe']}")
    out.append("; ".join(summary) + ".")
    for r in rows:
        if r["bench"] == "legacy_check":
            same = "same" if r["baseline"] == r["stackprobe"] else "DIFFERENT"
            out.append(f"\nFields read by the dashboard ({r['scenario']}): baseline `{r['baseline']}`, "
                       f"stackprobe `{r['stackprobe']}` ({same}).")
    out.append("")


def startup(rows, out):
    rs = [r for r in rows if r["bench"] == "startup"]
    if not rs:
        return
    out.append("### 4. Start-up over seven fake containers (time from start to all ready)\n")
    out.append("| who | wall s | exit codes |")
    out.append("|---|---|---|")
    walls = {}
    for who in ("baseline", "stackprobe"):
        w = [r["result"] for r in rs if r["who"] == who]
        walls[who] = med([x["wall_s"] for x in w])
        out.append(f"| {who} | {fmt([x['wall_s'] for x in w], 2)} | {sorted(set(x['exit'] for x in w))} |")
    states = [r for r in rows if r["bench"] == "startup_state"]
    out.append("")
    out.append(f"stackprobe {ratio(walls['baseline'], walls['stackprobe']):.2f}× faster; its outcomes: "
               + ", ".join(f"{s['outcome']} ({s['ready']}/7 ready)" for s in states) + ".")
    out.append("")


def churn(rows, out):
    samples = [r for r in rows if r["bench"] == "churn_sample"]
    final = next((r for r in rows if r["bench"] == "churn"), None)
    if not samples or not final:
        return
    first = next((s for s in samples if s["t"] >= 10), samples[0])
    last = samples[-1]
    out.append(f"### 5. Churn ({final['seconds']} s: a reload every second, probes every 100 ms)\n")
    out.append("| | t s | RSS MB | open fds | threads |")
    out.append("|---|---|---|---|---|")
    out.append(f"| at launch | {samples[0]['t']} | {samples[0]['rss_kb'] / 1024:.1f} | {samples[0]['fds']} | {samples[0]['threads']} |")
    out.append(f"| start (after 10 s) | {first['t']} | {first['rss_kb'] / 1024:.1f} | {first['fds']} | {first['threads']} |")
    out.append(f"| end | {last['t']} | {last['rss_kb'] / 1024:.1f} | {last['fds']} | {last['threads']} |")
    out.append(f"| max over samples | | {max(s['rss_kb'] for s in samples) / 1024:.1f} | "
               f"{max(s['fds'] for s in samples)} | {max(s['threads'] for s in samples)} |")
    cpu = (last["cpu_s"] - first["cpu_s"]) / max(1, last["t"] - first["t"])
    out.append("")
    out.append(f"Reloads: {final['reload_ok']} ok, {final['reload_failed']} failed; scrapes ok "
               f"{final['scrapes_ok']}; last reload successful = {final['last_reload_ok']}; "
               f"CPU {cpu:.3f} CPU-s/s.")
    out.append("")


def status(rows, out):
    rs = [r for r in rows if r["bench"] == "status"]
    meta = next((r for r in rows if r["bench"] == "status_meta"), None)
    if not rs or not meta:
        return
    out.append(f"### 6. Status page at {meta['probes']} probes with full histories "
               f"({meta['reps']} fetches each; median (min–max); daemon RSS "
               f"{meta['rss_kb'] / 1024:.1f} MB)\n")
    out.append("| path | encoding | KB | latency ms | daemon CPU ms |")
    out.append("|---|---|---|---|---|")
    for path in ("/", "/metrics"):
        for encoding in ("identity", "gzip"):
            w = [r for r in rs if r["path"] == path and r["encoding"] == encoding]
            out.append(f"| `{path}` | {encoding} | {fmt([r['bytes'] for r in w], 0, 1 / 1024)} | "
                       f"{fmt([r['seconds'] for r in w], 1, 1000)} | "
                       f"{fmt([r['cpu_s'] for r in w], 0, 1000)} |")
    out.append("")


def scraped(rows, out):
    r = next((r for r in rows if r["bench"] == "scraped"), None)
    if not r:
        return
    mb = lambda kb: kb / 1024
    out.append(f"### 7. Memory under scraping ({r['probes']} probes at 15 s; {r['quiet_s']} s "
               f"unscraped, then {r['scraped_s']} s scraped by a real Prometheus every 15 s, gzip)\n")
    out.append("| phase | stackprobe RSS MB, median | max | last |")
    out.append("|---|---|---|---|")
    out.append(f"| unscraped | {mb(r['rss_quiet_median_kb']):.1f} | {mb(r['rss_quiet_max_kb']):.1f} "
               f"| {mb(r['rss_quiet_last_kb']):.1f} |")
    out.append(f"| scraped ({r['prom_scrapes']} scrapes, up = {r['prom_up']}) | "
               f"{mb(r['rss_scraped_median_kb']):.1f} | {mb(r['rss_scraped_max_kb']):.1f} | "
               f"{mb(r['rss_scraped_last_kb']):.1f} |")
    growth = (r["rss_scraped_max_kb"] / r["rss_quiet_median_kb"] - 1) * 100
    out.append(f"\nScraped max vs unscraped median: {growth:+.1f} %. After the sequential scrapes "
               f"below: {mb(r['rss_after_load_kb']):.1f} MB. node_exporter RSS "
               f"{mb(r['ne_rss_kb']):.1f} MB.\n")
    out.append("| exporter | samples per scrape | Prometheus scrape duration ms | encoding | KB "
               "| CPU ms per scrape | latency p50 ms |")
    out.append("|---|---|---|---|---|---|---|")
    for who, label, samples, dur in (("sp", "stackprobe", r["sp_samples"], r["sp_scrape_duration_s"]),
                                     ("ne", "node_exporter 1.5", r["ne_samples"],
                                      r["ne_scrape_duration_s"])):
        for enc in ("plain", "gzip"):
            x = r[f"{who}_{enc}"]
            out.append(f"| {label} | {samples} | {float(dur) * 1000:.1f} | {enc} | "
                       f"{x['body_bytes'] / 1024:.0f} | {x['target_cpu_ms_per_1000'] / 1000:.2f} | "
                       f"{x['p50_ms']:.2f} |")
    out.append(f"\nSeries per probe (lines with `probe=\"p7\"`): {r['series_per_probe']}.\n")


def oneshot(rows, out):
    rs = [r for r in rows if r["bench"] == "oneshot"]
    if not rs:
        return
    out.append(f"### 8. One-shot start ({len(rs) // 3} rounds; median (min–max))\n")
    out.append("| command | wall ms | CPU ms | ratio to curl (wall) |")
    out.append("|---|---|---|---|")
    curl = med([r["result"]["wall_s"] for r in rs if r["who"] == "curl"])
    for who, label in (("curl", "`curl` of the same URL"),
                       ("stackprobe_check", "`stackprobe check`, one HTTP probe"),
                       ("stackprobe_version", "`stackprobe --version`")):
        w = [r["result"] for r in rs if r["who"] == who]
        out.append(f"| {label} | {fmt([x['wall_s'] for x in w], 1, 1000)} | "
                   f"{fmt([x['cpu_s'] for x in w], 1, 1000)} | "
                   f"{ratio(med([x['wall_s'] for x in w]), curl):.2f}× |")
    out.append("")


def main():
    rows = load(sys.argv[1])
    out = []
    loads = [r["load1"] for r in rows if "load1" in r]
    if loads:
        out.append(f"1-minute load average during the runs: {min(loads):.2f}–{max(loads):.2f} "
                   f"(median {med(loads):.2f}).\n")
    for section in (probe, scale, legacy, startup, churn, status, scraped, oneshot):
        section(rows, out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
