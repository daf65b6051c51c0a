#!/usr/bin/python3
"""Featurelab's benchmark (issue 12): every figure next to its target. Run via packaging/bench.sh.

  bench_run.py --build BUILD_DIR [--shared DIR] [--out DIR] [--runs N] [--only 1,2,...]

Writes OUT/bench-results.json and OUT/bench-results.txt (the table, also printed). Each figure
is the median of --runs runs (default 3); ratios against a peer are taken pair by pair, the two
sides run in turn (A B A B ...) so that a machine whose speed drifts moves both, then the median
pair is reported. Whole-process figures (wall, peak RSS, CPU, minor page faults) come from the
kernel's accounting of the finished child (os.wait4), i.e. what /usr/bin/time -v reports.

Items (issue 12):
  1  extraction vs the PyTorch way (tests/bench/bench_pytorch_extract.py), 2,000 shared photos,
     MobileNet v1 0.25 @128 (Keras weights) and random-weight ResNet-18 @224: whole processes
     and extraction loops
  2  extraction vs the forward-only ceiling (bench_forward), same model, same run
  3  head training on cached features (bench_train_head): 23,000 x 4,096 and 23,000 x 25,088
  4  cached re-run: recipe --stages linear,last,dense on the full shared set, warm cache
  5  peak RSS of extract on 2,500 vs 10,000 images; of the four-stage run
  6  the default four-stage recipe on the shared data: wall and peak RSS vs the README figure
  7  the longest event-loop stall of the GUI (offscreen) while stages train (bench_ui)
Timings mean something only on an otherwise idle machine: the load average is recorded before
and after every item, and a busy start is warned about.
"""
import argparse
import datetime
import json
import os
import platform
import re
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MOBILENET = "mobilenet_2_5_128_tf.h5"


def readme_headline():
    """The README's headline four-stage figure ("**1:23.8 wall ..., 822-869 MB peak RSS"), which
    item 6 compares against: (seconds, MB; the top of a range), or (None, None)."""
    try:
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None, None
    section = text.split("## The recipe on dogs vs cats", 1)[-1]
    m = re.search(r"\*\*(\d+):(\d+(?:\.\d+)?) wall[^*]*?(\d[\d,]*)(?:\s*[\u2013-]\s*(\d[\d,]*))?"
                  r"\s+MB\s+peak\s+RSS", section)
    if not m:
        return None, None
    rss = m.group(4) or m.group(3)  # the top of a range
    return int(m.group(1)) * 60 + float(m.group(2)), float(rss.replace(",", ""))


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


class Proc:
    """One finished child: wall seconds, CPU seconds, peak RSS (MB), minor faults, output."""

    def json(self):
        """The last line of stdout that parses as JSON (the benches print one)."""
        for line in reversed(self.out.strip().splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    pass
        text = self.out.strip()
        try:
            return json.loads(text)
        except ValueError:
            return None


def run(cmd, env=None, timeout=900):
    """Runs cmd and returns a Proc with the child's own rusage (wall clock measured around it)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    for attempt in range(5):
        try:
            t0 = time.monotonic()
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=full_env)
            break
        except OSError:  # a binary being relinked this very moment (ETXTBSY, EACCES)
            if attempt == 4:
                raise
            time.sleep(2)
    out_chunks, err_chunks = [], []
    # Read both pipes to the end, then reap with wait4 for the child's rusage.
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ, out_chunks)
    sel.register(p.stderr, selectors.EVENT_READ, err_chunks)
    deadline = t0 + timeout
    while sel.get_map():
        if time.monotonic() > deadline:
            p.kill()
        for key, _ in sel.select(timeout=1.0):
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                sel.unregister(key.fileobj)
            else:
                key.data.append(data)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    r = Proc()
    r.cmd, r.wall, r.rc = cmd, wall, p.returncode
    r.out = b"".join(out_chunks).decode(errors="replace")
    r.err = b"".join(err_chunks).decode(errors="replace")
    r.user, r.sys = ru.ru_utime, ru.ru_stime
    r.rss_mb = ru.ru_maxrss / 1024.0
    r.minflt = ru.ru_minflt
    if r.rc != 0:
        sys.stderr.write(f"bench: {' '.join(cmd)} exited {r.rc}\n{r.err[-2000:]}\n")
    return r


def proc_summary(r):
    return {"wall_s": round(r.wall, 3), "user_s": round(r.user, 3), "sys_s": round(r.sys, 3),
            "peak_rss_mb": round(r.rss_mb, 1), "minor_faults": r.minflt, "exit": r.rc}


def link_subset(dst, shared_data, plan):
    """plan: {split: per-class count}; links the first N photos (cat.1.jpg, ...) of each class."""
    for split, n in plan.items():
        for cls in ("cats", "dogs"):
            src = os.path.join(shared_data, split if split != "valid" else "valid", cls)
            names = sorted(os.listdir(src), key=lambda s: (len(s), s))
            os.makedirs(os.path.join(dst, split, cls), exist_ok=True)
            for name in names[:n]:
                os.symlink(os.path.join(src, name), os.path.join(dst, split, cls, name))
    return dst


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.cli = os.path.join(self.build, "app", "featurelab-cli")
        self.tool = lambda name: os.path.join(self.build, "tests", name)
        self.shared = os.path.abspath(args.shared)
        self.data = os.path.join(self.shared, "data", "dogscats")
        self.weights = os.path.join(self.shared, "models", MOBILENET)
        self.tmp = tempfile.mkdtemp(prefix="featurelab-bench-")
        self.runs = max(1, args.runs)
        self.results = {"items": {}, "rows": []}
        self.counter = 0

    def fresh(self, name):
        self.counter += 1
        return os.path.join(self.tmp, f"{name}-{self.counter}")

    def row(self, item, figure, value, target, met, unit="", note=""):
        self.results["rows"].append({"item": item, "figure": figure, "value": value,
                                     "unit": unit, "target": target, "met": met, "note": note})

    def section(self, item, fn):
        before = load1()
        t0 = time.monotonic()
        print(f"[bench] item {item} (load average {before:.2f}) ...", file=sys.stderr, flush=True)
        try:
            data = fn()
        except Exception as e:  # one broken item must not cost the others' figures
            print(f"bench: item {item} failed: {e!r}", file=sys.stderr)
            self.row(item, f"item {item}", None, "-", False, note=f"failed: {e!r}"[:200])
            data = {"error": repr(e)}
        data["load_before"] = before
        data["load_after"] = load1()
        data["seconds"] = round(time.monotonic() - t0, 1)
        self.results["items"][str(item)] = data

    # ---- items 1 and 2 --------------------------------------------------------------------

    def extract_cmd(self, data, spec, extra=()):
        return [self.cli, "extract", "--data", data, "--backbone", spec, "--cache-dir",
                self.fresh("cache"), "--json", *extra]

    def item12(self):
        d2000 = link_subset(os.path.join(self.tmp, "d2000"), self.data, {"train": 1000})
        py = [sys.executable, os.path.join(HERE, "bench_pytorch_extract.py")]
        # The PyTorch side runs with the faster of torch's thread settings for each model, so
        # the yardstick is the best a notebook gets here: Debian's torch defaults to 1 thread,
        # which is faster for MobileNet (2 cores, 2,000 photos: 505 vs 369 img/s) and slower
        # for ResNet-18 (17.3 vs 29.7 img/s with 2). --pytorch-threads overrides both.
        cores = os.cpu_count() or 1
        pt = self.args.pytorch_threads
        models = [
            ("mobilenet_v1_0.25@128", "mobilenet_v1_0.25:" + self.weights,
             py + ["--model", "mobilenet", "--weights", self.weights, "--threads",
                   str(pt or 0)], 2048),
            ("resnet18@224 (random weights)", "resnet18",
             py + ["--model", "resnet18", "--threads", str(pt or cores)], 192),
        ]
        out = {}
        warm = True
        for name, spec, pycmd, fwd_images in models:
            if warm:  # the photos into the page cache, the libraries too: not timed
                run(self.extract_cmd(d2000, spec))
                run(pycmd + ["--data", os.path.join(d2000, "train")])
                warm = False
            pairs = []
            for i in range(self.runs):
                a = run(self.extract_cmd(d2000, spec))
                b = run(pycmd + ["--data", os.path.join(d2000, "train"),
                                 "--out", os.path.join(self.tmp, "py-features.npy")])
                # The ceiling: the faster of one pass with every LibTorch thread and one
                # single-threaded pass per core at once (how extract schedules a CPU).
                c1 = run([self.tool("bench_forward"), "--backbone", spec, "--images",
                          str(fwd_images)])
                cn = run([self.tool("bench_forward"), "--backbone", spec, "--images",
                          str(fwd_images), "--parallel", str(os.cpu_count() or 1)])
                aj, bj = a.json(), b.json()
                cs = [c.json() for c in (c1, cn) if c.rc == 0 and c.json()]
                cj = max(cs, key=lambda j: j["images_per_second"]) if cs else None
                if not (aj and bj and cj) or a.rc or b.rc:
                    pairs.append({"failed": True})
                    continue
                fl_ips = aj["splits"][0]["images_per_second"]
                pairs.append({
                    "featurelab": proc_summary(a), "featurelab_loop_ips": round(fl_ips, 1),
                    "featurelab_images": aj["splits"][0]["decoded"],
                    "pytorch": proc_summary(b), "pytorch_loop_ips": round(bj["images_per_second"], 1),
                    "pytorch_threads": bj["threads"], "pytorch_images": bj["images"],
                    "forward_ips": round(cj["images_per_second"], 1),
                    "forward_schedule": f"{cj['parallel']} pass(es) x {cj['threads_each']} thread(s)",
                    "whole_ratio": round(b.wall / a.wall, 3),
                    "loop_ratio": round(fl_ips / bj["images_per_second"], 3),
                    "ceiling_ratio": round(fl_ips / cj["images_per_second"], 3),
                })
            ok = [p for p in pairs if not p.get("failed")]
            m = {k: median([p[k] for p in ok]) for k in
                 ("whole_ratio", "loop_ratio", "ceiling_ratio", "featurelab_loop_ips",
                  "pytorch_loop_ips", "forward_ips")}
            m["featurelab_wall_s"] = median([p["featurelab"]["wall_s"] for p in ok])
            m["pytorch_wall_s"] = median([p["pytorch"]["wall_s"] for p in ok])
            out[name] = {"runs": pairs, "median": m}
            note = (f"{len(ok)} pairs; Featurelab {m['featurelab_wall_s']} s vs PyTorch "
                    f"{m['pytorch_wall_s']} s" if ok else "failed")
            self.row(1, f"{name}: whole process, PyTorch wall / Featurelab wall",
                     m["whole_ratio"], ">= 1.5", m["whole_ratio"] is not None and m["whole_ratio"] >= 1.5,
                     "x", note)
            self.row(1, f"{name}: extraction loop, Featurelab img/s / DataLoader img/s",
                     m["loop_ratio"], ">= 1.5", m["loop_ratio"] is not None and m["loop_ratio"] >= 1.5,
                     "x", f"{m['featurelab_loop_ips']} vs {m['pytorch_loop_ips']} img/s" if ok else "")
            self.row(2, f"{name}: extraction img/s / forward-only img/s",
                     m["ceiling_ratio"], ">= 0.9",
                     m["ceiling_ratio"] is not None and m["ceiling_ratio"] >= 0.9, "x",
                     f"forward-only {m['forward_ips']} img/s" if ok else "")
        return out

    # ---- item 3 ---------------------------------------------------------------------------

    def item3(self):
        out = {}
        for dim, runs in ((4096, self.runs), (25088, 1)):
            rs = [run([self.tool("bench_train_head"), "--dim", str(dim)]).json() for _ in range(runs)]
            rs = [r for r in rs if r]
            per_epoch = median([r["seconds_per_epoch"] for r in rs])
            out[str(dim)] = {"runs": rs, "seconds_per_epoch": per_epoch}
            target = "< 0.5" if dim == 4096 else "(reported)"
            met = (per_epoch is not None and per_epoch < 0.5) if dim == 4096 else None
            self.row(3, f"'last' head on 23,000 x {dim:,} cached features: s/epoch "
                        f"(3 epochs, batch 64, + 2,000 valid rows)",
                     per_epoch, target, met, "s", f"{len(rs)} run(s), median epoch")
        return out

    # ---- items 4, 5 (four-stage RSS) and 6 --------------------------------------------------

    def recipe_cmd(self, stages, cache, outdir):
        return [self.cli, "recipe", "--data", self.data, "--backbone",
                "mobilenet_v1_0.25:" + self.weights, "--stages", stages, "--cache-dir", cache,
                "--out", outdir]

    def item6(self):
        rs, cache = [], None
        for _ in range(self.runs):
            cache = self.fresh("recipe-cache")  # cold: the README's figure is a cold cache
            rs.append(run(self.recipe_cmd("linear,last,dense,conv", cache, self.fresh("run"))))
        ok = [r for r in rs if r.rc == 0]
        wall = median([r.wall for r in ok])
        rss = median([r.rss_mb for r in ok])
        self.warm_cache = cache if ok else None
        readme_wall, readme_rss = readme_headline()
        self.row(6, "four-stage recipe on shared dogscats (10,000 photos), cold cache: wall",
                 round(wall, 1) if wall else None,
                 f"README {readme_wall:.1f} s" if readme_wall else "README: none", None, "s",
                 f"{len(ok)} run(s)")
        self.row(6, "four-stage recipe: peak RSS", round(rss, 1) if rss else None,
                 f"README {readme_rss:.0f} MB" if readme_rss else "README: none", None, "MB")
        self.row(5, "four-stage recipe: peak RSS", round(rss, 1) if rss else None, "< 600",
                 rss is not None and rss < 600, "MB")
        return {"runs": [proc_summary(r) for r in rs], "median_wall_s": wall,
                "median_peak_rss_mb": rss, "readme_wall_s": readme_wall,
                "readme_peak_rss_mb": readme_rss}

    def item4(self):
        if not getattr(self, "warm_cache", None):  # item 6 did not run: warm one here
            self.warm_cache = self.fresh("recipe-cache")
            run(self.recipe_cmd("linear,last,dense", self.warm_cache, self.fresh("run")))
        run(self.recipe_cmd("linear,last,dense", self.warm_cache, self.fresh("run")))  # warm-up
        rs = [run(self.recipe_cmd("linear,last,dense", self.warm_cache, self.fresh("run")))
              for _ in range(max(3, self.runs))]
        ok = [r for r in rs if r.rc == 0]
        wall = median([r.wall for r in ok])
        self.row(4, "recipe --stages linear,last,dense, warm cache, whole process: wall",
                 round(wall, 3) if wall else None, "< 1.5", wall is not None and wall < 1.5, "s",
                 f"{len(ok)} runs; before: 1.65-1.81 s")
        return {"runs": [proc_summary(r) for r in rs], "median_wall_s": wall}

    def item5(self):
        d2500 = link_subset(os.path.join(self.tmp, "d2500"), self.data,
                            {"train": 1000, "valid": 250})
        spec = "mobilenet_v1_0.25:" + self.weights
        small, large = [], []
        for _ in range(self.runs):
            small.append(run(self.extract_cmd(d2500, spec)))
            large.append(run(self.extract_cmd(self.data, spec)))
        s = median([r.rss_mb for r in small if r.rc == 0])
        l = median([r.rss_mb for r in large if r.rc == 0])
        growth = (l / s - 1) * 100 if s and l else None
        self.row(5, "extract peak RSS, 10,000 vs 2,500 photos: growth",
                 round(growth, 1) if growth is not None else None, "< 10", growth is not None and growth < 10,
                 "%", f"{s:.0f} MB -> {l:.0f} MB" if growth is not None else "")
        return {"2500": [proc_summary(r) for r in small], "10000": [proc_summary(r) for r in large],
                "median_rss_mb_2500": s, "median_rss_mb_10000": l, "growth_percent": growth}

    # ---- item 7 ---------------------------------------------------------------------------

    def item7(self):
        rs = []
        for _ in range(self.runs):
            r = run([self.tool("bench_ui")], env={
                "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": self.fresh("xdg-cache"),
                "XDG_CONFIG_HOME": self.fresh("xdg-config"),
                "XDG_RUNTIME_DIR": self.fresh("xdg-runtime"), "FEATURELAB_SHARED_DIR": self.shared})
            j = r.json()
            if j:
                rs.append(j)
        stall = median([r["worst_stall_ms"] for r in rs])
        busy = median([r["worst_busy_ms"] for r in rs])
        self.row(7, "GUI (offscreen): longest event-loop stall while stages train", stall,
                 "< 50", stall is not None and stall < 50, "ms",
                 f"{len(rs)} run(s); UI-thread CPU in the worst gap {busy} ms")
        return {"runs": rs, "median_stall_ms": stall, "median_busy_ms": busy}

    # ---- output -----------------------------------------------------------------------------

    def table(self):
        lines = []
        head = ("item", "figure", "value", "target", "met")
        rows = []
        for r in self.results["rows"]:
            v = r["value"]
            vs = "n/a" if v is None else (f"{v:.3g}" if isinstance(v, float) else str(v))
            met = {True: "yes", False: "NO", None: "-"}[r["met"]]
            rows.append((str(r["item"]), r["figure"] + (f"  [{r['note']}]" if r["note"] else ""),
                         f"{vs} {r['unit']}".strip(), f"{r['target']} {r['unit']}".strip()
                         if r["target"] and r["target"][0] in "<>" else r["target"], met))
        widths = [max(len(x[i]) for x in rows + [head]) for i in range(5)]
        widths[1] = min(widths[1], 110)
        fmt = "  ".join("{:%s%d}" % ("<" if i < 2 else ">", w) for i, w in enumerate(widths))
        lines.append(fmt.format(*head))
        lines.append(fmt.format(*["-" * w for w in widths]))
        for r in rows:
            lines.append(fmt.format(*r))
        return "\n".join(lines)

    def main(self):
        a = self.args
        only = set(a.only.split(",")) if a.only else {"1", "2", "3", "4", "5", "6", "7"}
        env = self.results
        env["machine"] = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "cores": os.cpu_count(), "cpu": platform.processor() or platform.machine(),
            "kernel": platform.release(), "load_at_start": load1(), "runs": self.runs,
            "git": subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                                  capture_output=True, text=True).stdout.strip(),
        }
        if load1() > 0.7:
            print(f"bench: warning: load average {load1():.2f}: timings will be inflated "
                  "(run on an otherwise idle machine)", file=sys.stderr)
        t0 = time.monotonic()
        try:
            if only & {"1", "2"}:
                self.section("1-2", self.item12)
            if "3" in only:
                self.section(3, self.item3)
            if "6" in only or "5" in only:
                self.section(6, self.item6)
            if "4" in only:
                self.section(4, self.item4)
            if "5" in only:
                self.section(5, self.item5)
            if "7" in only:
                self.section(7, self.item7)
        finally:
            if not a.keep:
                shutil.rmtree(self.tmp, ignore_errors=True)
        env["machine"]["load_at_end"] = load1()
        env["seconds"] = round(time.monotonic() - t0, 1)
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "bench-results.json"), "w") as f:
            json.dump(env, f, indent=2)
        text = (f"Featurelab benchmark, {env['machine']['date']}, {env['machine']['cores']} cores, "
                f"{self.runs} run(s) per figure (medians), load average {env['machine']['load_at_start']:.2f} "
                f"at start, {env['machine']['load_at_end']:.2f} at end, {env['seconds']:.0f} s in all\n\n"
                + self.table() + "\n")
        with open(os.path.join(a.out, "bench-results.txt"), "w") as f:
            f.write(text)
        print(text)
        print(f"bench: wrote {os.path.join(a.out, 'bench-results.json')} and bench-results.txt")
        return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--shared", default=os.environ.get("FEATURELAB_SHARED_DIR", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--out", default=".")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated items, e.g. 1,2 or 7")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--pytorch-threads", type=int, default=0,
                    help="torch threads for the PyTorch side (0: the faster default per model)")
    args = ap.parse_args()
    return Bench(args).main()


if __name__ == "__main__":
    sys.exit(main())
