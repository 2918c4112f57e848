#!/usr/bin/python3
"""Reference values for metrics/stattest, computed with SciPy and NumPy.

Run from the repository root:

    /usr/bin/python3 internal/testdata/gen/stattest_refs.py > metrics/stattest/testdata/refs.json

Every case records the exact call that produced its numbers. Large samples
are not stored: they are described by a "gen" spec that the Go test expands
with the same splitmix64 generator and the same float arithmetic (no
transcendental functions), so both sides see bit-identical data.
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

MASK = (1 << 64) - 1


def splitmix(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        yield (z >> 11) * (2.0 ** -53)


def expand(spec):
    """Mirror of genSample in refs_test.go."""
    g = splitmix(spec["seed"])
    n, kind = spec["n"], spec["kind"]
    shift, scale = spec.get("shift", 0.0), spec.get("scale", 1.0)
    out = []
    for _ in range(n):
        if kind == "uniform":
            v = next(g)
        elif kind == "irwin":  # sum of 12 uniforms - 6, about N(0, 1)
            s = 0.0
            for _ in range(12):
                s += next(g)
            v = s - 6.0
        elif kind == "ratio":  # heavy tails
            u = next(g)
            w = next(g)
            v = (u - 0.5) / (w + 0.001)
        elif kind == "int":  # ties: integers 0..levels-1
            v = float(math.floor(next(g) * spec["levels"]))
        else:
            raise ValueError(kind)
        out.append(shift + scale * v)
    return np.array(out)


def f(x):
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    return x


cases = []


def add(name, test, call, kind, data, statistic, pvalue, score, exact=False, options=None, error=False, p_abs_tol=None):
    c = {"name": name, "test": test, "call": call, "kind": kind}
    if p_abs_tol:
        # p = 1 - CDF: the CDF's last-bit rounding (in SciPy as in Go)
        # bounds the agreement in absolute terms, not relative ones.
        c["p_abs_tol"] = p_abs_tol
    c.update(data)
    if options:
        c["options"] = options
    if error:
        c["error"] = True
    else:
        c.update({"statistic": f(statistic), "pvalue": f(pvalue), "score": f(score), "exact": exact})
    cases.append(c)


# ---------------------------------------------------------------- numerical

samples = {}


def num_data(name, ref, cur):
    """Stores a scenario's samples once; cases refer to it by name. A
    sample is a list of values or a generator spec (a dict)."""
    side = {}
    for key, v in (("ref", ref), ("cur", cur)):
        side[key] = v if isinstance(v, dict) else [float(x) for x in v]
    samples[name] = side
    return {"sample": name}


def arr(v):
    return expand(v) if isinstance(v, dict) else np.asarray(v, dtype=float)


def sturges_binned(ref, cur, fill):
    """Evidently's get_binned_data for a numerical column."""
    if len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = np.union1d(ref, cur)
        r = np.array([np.sum(ref == k) for k in keys]) / len(ref)
        c = np.array([np.sum(cur == k) for k in keys]) / len(cur)
    if fill:
        for v in (r, c):
            m = min(v[v != 0])
            np.place(v, v == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return r, c


def hellinger_num(ref, cur):
    keys = list(set(ref) | set(cur))
    bins = np.histogram_bin_edges(keys, bins="sturges")
    h1 = np.histogram(ref, bins=bins, density=True)[0]
    h2 = np.histogram(cur, bins=bins, density=True)[0]
    bw = (max(bins) - min(bins)) / (len(bins) - 1)
    bc = 0.0
    for i in range(len(h1)):
        bc += math.sqrt(h1[i] * h2[i]) * bw
    return math.sqrt(1 - np.clip(bc, 0, 1))


def numerical_cases(name, ref, cur, skip=()):
    d = num_data(name, ref, cur)
    ref, cur = arr(ref), arr(cur)
    nx, ny = len(ref), len(cur)
    if "ks" not in skip:
        r = stats.ks_2samp(ref, cur)
        exact = max(nx, ny) <= 10000
        add(name, "ks", "scipy.stats.ks_2samp(ref, cur)", "num", d, r.statistic, r.pvalue, r.pvalue, exact=exact)
    w = stats.wasserstein_distance(ref, cur)
    sc = w / max(np.std(ref), 0.001)
    add(name, "wasserstein", "scipy.stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)", "num", d, sc, None, sc)
    e = stats.energy_distance(ref, cur)
    add(name, "ed", "scipy.stats.energy_distance(ref, cur)", "num", d, e, None, e)
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = stats.anderson_ksamp([ref, cur])
        add(name, "anderson", "scipy.stats.anderson_ksamp([ref, cur]).significance_level", "num", d, r.statistic, r.significance_level, r.significance_level)
    except ValueError:
        add(name, "anderson", "scipy.stats.anderson_ksamp([ref, cur]) raises ValueError", "num", d, None, None, None, error=True)
    if nx >= 2 and ny >= 2:
        r = stats.cramervonmises_2samp(ref, cur)
        exact = max(nx, ny) <= 20
        add(name, "cramer_von_mises", "scipy.stats.cramervonmises_2samp(ref, cur)", "num", d, r.statistic, r.pvalue, r.pvalue, exact=exact,
            p_abs_tol=None if exact else 1e-14)
    if "es" not in skip and nx >= 5 and ny >= 5:
        if stats.iqr(np.concatenate([ref, cur])) == 0:
            add(name, "es", "IQR of the pooled data is 0: Evidently raises", "num", d, None, None, None, error=True)
        else:
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = stats.epps_singleton_2samp(ref, cur)
            add(name, "es", "scipy.stats.epps_singleton_2samp(ref, cur)", "num", d, r.statistic, r.pvalue, r.pvalue)
    for alt, opt in (("two-sided", None), ("less", {"alternative": "less"}), ("greater", {"alternative": "greater"})):
        r = stats.mannwhitneyu(ref, cur, alternative=alt)
        xy = np.concatenate([ref, cur])
        exact = (nx <= 8 or ny <= 8) and len(np.unique(xy)) == len(xy)
        add(name, "mannw", f"scipy.stats.mannwhitneyu(ref, cur, alternative='{alt}')", "num", d, r.statistic, r.pvalue, r.pvalue, exact=exact, options=opt)
    for welch in (False, True):
        with np.errstate(all="ignore"):
            r = stats.ttest_ind(ref, cur, equal_var=not welch)
        call = f"scipy.stats.ttest_ind(ref, cur, equal_var={not welch})"
        if np.isnan(r.pvalue):
            add(name, "t_test", call + " is NaN", "num", d, None, None, None, error=True, options={"welch": welch} if welch else None)
        else:
            add(name, "t_test", call, "num", d, r.statistic, r.pvalue, r.pvalue, options={"welch": welch} if welch else None)
    r1, c1 = sturges_binned(ref, cur, False)
    js = distance.jensenshannon(r1, c1)
    add(name, "jensenshannon", "scipy.spatial.distance.jensenshannon(*get_binned_data(ref, cur, num, fill=False))", "num", d, js, None, js)
    r2, c2 = sturges_binned(ref, cur, True)
    kl = stats.entropy(r2, c2)
    add(name, "kl_div", "scipy.stats.entropy(*get_binned_data(ref, cur, num, fill=True))", "num", d, kl, None, kl)
    psi = float(np.sum((r2 - c2) * np.log(r2 / c2)))
    add(name, "psi", "np.sum((r - c) * np.log(r / c)) over get_binned_data(ref, cur, num, fill=True)", "num", d, psi, None, psi)
    if "mmd" not in skip and nx <= 1000 and ny <= 1000:
        m = evidently_mmd(ref, cur)
        add(name, "empirical_mmd", "Evidently mmd_stattest.mmd_2samp(kernel_matrix(ref, cur) with zeroed diagonal) (statistic only: the p-value is a random permutation test)", "num", d, m, None, None, options={"random_pvalue": True})
    h = hellinger_num(ref, cur)
    add(name, "hellinger", "Evidently _hellinger_distance(ref, cur, num): np.histogram_bin_edges(unique values, 'sturges'), density histograms", "num", d, h, None, h)


def evidently_mmd(x, y):
    """The MMD statistic of Evidently's empirical_mmd (mmd_stattest.py)."""
    x = x.reshape(-1, 1)
    y = y.reshape(-1, 1)

    def sq(a, b):
        return (a - b.T) ** 2

    dxx = sq(x, x)
    sigma = (0.5 * np.percentile(a=dxx.flatten(), q=50, method="nearest")) ** 0.5
    if sigma == 0:
        sigma = 0.5 ** 0.5
    gamma = 1.0 / (2.0 * sigma ** 2)
    kxx, kxy, kyy = np.exp(-gamma * dxx), np.exp(-gamma * sq(x, y)), np.exp(-gamma * sq(y, y))
    km = np.concatenate((np.concatenate((kxx, kxy), axis=1), np.concatenate((kxy.T, kyy), axis=1)), axis=0)
    km = km - np.diag(np.diagonal(km))
    ny = y.shape[0]
    nx = km.shape[0] - ny
    Kxx = km[:-ny, :-ny]
    Kyy = km[-ny:, -ny:]
    Kxy = km[-ny:, :-ny]
    return 1 / (nx * (nx - 1)) * Kxx.sum() + 1 / (ny * (ny - 1)) * Kyy.sum() - 2.0 * Kxy.mean()


def rng_seq(seed, n):
    g = splitmix(seed)
    return np.array([next(g) for _ in range(n)])


numerical_cases("n5", np.array([0.61, 1.93, -0.27, 3.3, 0.02]), np.array([1.21, 2.5, 4.77, 0.9, 2.01]))
numerical_cases("n5_vs_n7", np.array([2.0, 3.5, 1.25, 8.0, 5.5]), np.array([9.0, 4.75, 6.5, 7.25, 10.0, 12.5, 3.0]))
numerical_cases("evidently_A_B", np.array([38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0]), np.array([39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8]))
numerical_cases("ties_int", {"kind": "int", "levels": 10, "seed": 11, "n": 60}, {"kind": "int", "levels": 10, "seed": 12, "n": 45, "shift": 1.0})
numerical_cases("ties_int_small", {"kind": "int", "levels": 4, "seed": 13, "n": 12}, {"kind": "int", "levels": 4, "seed": 14, "n": 15})
numerical_cases("identical", {"kind": "irwin", "seed": 21, "n": 50}, {"kind": "irwin", "seed": 21, "n": 50})
numerical_cases("disjoint", {"kind": "uniform", "seed": 31, "n": 40}, {"kind": "uniform", "seed": 32, "n": 30, "shift": 5.0})
numerical_cases("heavy_tails", {"kind": "ratio", "seed": 41, "n": 300}, {"kind": "ratio", "seed": 42, "n": 250, "scale": 1.5})
numerical_cases("huge_values", {"kind": "irwin", "seed": 51, "n": 120, "shift": 1e15, "scale": 1e12}, {"kind": "irwin", "seed": 52, "n": 90, "shift": 1.0003e15, "scale": 1e12})
numerical_cases("medium_unequal", {"kind": "irwin", "seed": 61, "n": 1000}, {"kind": "irwin", "seed": 62, "n": 1500, "shift": 0.1})
numerical_cases("equal_n_shift", {"kind": "irwin", "seed": 63, "n": 400}, {"kind": "irwin", "seed": 64, "n": 400, "shift": 0.3})
numerical_cases("small_vs_large", {"kind": "irwin", "seed": 71, "n": 60}, {"kind": "irwin", "seed": 72, "n": 20000, "shift": 0.2})
numerical_cases("small_vs_large_same", {"kind": "irwin", "seed": 73, "n": 120}, {"kind": "irwin", "seed": 74, "n": 15000})
numerical_cases("few_distinct", {"kind": "int", "levels": 3, "seed": 81, "n": 200}, {"kind": "int", "levels": 3, "seed": 82, "n": 150})
numerical_cases("cvm_exact_ties", np.array([1.0, 2.0, 2.0, 3.0, 5.0, 5.0, 8.0]), np.array([2.0, 3.0, 3.0, 4.0, 6.0, 9.0, 9.0, 10.0, 11.0]))
numerical_cases("mannw_exact", np.array([0.5, 2.25, 3.75, 1.5, 7.0, 4.125]), np.array([5.5, 6.25, 8.5, 9.75, 10.5, 12.0, 3.0, 11.25, 13.5, 14.0, 6.75]))

numerical_cases("kstwo_durbin_large_n", {"kind": "uniform", "seed": 201, "n": 150}, {"kind": "uniform", "seed": 301, "n": 12000}, skip=("mmd",))
numerical_cases("kstwo_pelz_good", {"kind": "uniform", "seed": 210, "n": 150}, {"kind": "uniform", "seed": 310, "n": 12000}, skip=("mmd",))
numerical_cases("kstwo_smirnov_small_n", {"kind": "irwin", "seed": 71, "n": 60}, {"kind": "irwin", "seed": 72, "n": 20000, "shift": 0.8}, skip=("mmd",))

big_a = {"kind": "irwin", "seed": 101, "n": 100000}
big_b = {"kind": "irwin", "seed": 102, "n": 100000, "shift": 0.01}
numerical_cases("rows_100k_shift", big_a, big_b)
big_c = {"kind": "irwin", "seed": 103, "n": 80000, "shift": 0.003, "scale": 1.01}
numerical_cases("rows_100k_80k", big_a, big_c)
big_d = {"kind": "irwin", "seed": 104, "n": 100000, "shift": 0.05}
numerical_cases("rows_100k_drift", big_a, big_d)

const = np.array([3.0] * 10)
d = num_data("constant", const, const)
r = stats.ks_2samp(const, const)
add("constant", "ks", "scipy.stats.ks_2samp(ref, cur)", "num", d, r.statistic, r.pvalue, r.pvalue, exact=True)
add("constant", "anderson", "scipy.stats.anderson_ksamp([ref, cur]) raises ValueError", "num", d, None, None, None, error=True)
add("constant", "t_test", "scipy.stats.ttest_ind(ref, cur) is NaN", "num", d, None, None, None, error=True)
add("constant", "es", "IQR of the pooled data is 0: Evidently raises", "num", d, None, None, None, error=True)
r = stats.mannwhitneyu(const, const)
add("constant", "mannw", "scipy.stats.mannwhitneyu(ref, cur, alternative='two-sided')", "num", d, r.statistic, r.pvalue, r.pvalue)
e = stats.energy_distance(const, const)
add("constant", "ed", "scipy.stats.energy_distance(ref, cur)", "num", d, e, None, e)

# ---------------------------------------------------------------- categorical


def cat_cases(name, ref_counts, cur_counts, fisher=False):
    keys = sorted(set(ref_counts) | set(cur_counts))
    r = np.array([ref_counts.get(k, 0) for k in keys], dtype=float)
    c = np.array([cur_counts.get(k, 0) for k in keys], dtype=float)
    d = {"counts": {"keys": keys, "ref": [int(v) for v in r], "cur": [int(v) for v in c]}}
    nr, nc = r.sum(), c.sum()
    single = "one category: SciPy returns p = NaN (df = 0); telltale defines statistic 0, p = 1 (see doc.go)"
    if len(keys) == 1:
        add(name, "chisquare", single, "cat", d, 0.0, 1.0, 1.0)
        add(name, "g_test", single, "cat", d, 0.0, 1.0, 1.0)
    else:
        with np.errstate(all="ignore"):
            res = stats.chisquare(c, r * (nc / nr))
        add(name, "chisquare", "scipy.stats.chisquare(cur_counts, ref_counts * n_cur / n_ref)", "cat", d, res.statistic, res.pvalue, res.pvalue)
        with np.errstate(all="ignore"):
            res = stats.power_divergence(c, r * (nc / nr), lambda_="log-likelihood")
        add(name, "g_test", "scipy.stats.power_divergence(cur_counts, ref_counts * n_cur / n_ref, lambda_='log-likelihood')", "cat", d, res.statistic, res.pvalue, res.pvalue)
    if len(keys) == 1:
        add(name, "z", "both sides hold one identical value: p = 1", "cat", d, 0.0, 1.0, 1.0)
    else:
        k1, k2 = nr - r[0], nc - c[0]
        p1, p2 = k1 / nr, k2 / nc
        P = (p1 * nr + p2 * nc) / (nr + nc)
        z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / nr + 1.0 / nc))
        p = 2 * stats.norm.sf(abs(z))
        add(name, "z", "2 * scipy.stats.norm.sf(|z|), pooled two-proportion z, first sorted key = 0", "cat", d, z, p, p)
    js = distance.jensenshannon(r / nr, c / nc)
    add(name, "jensenshannon", "scipy.spatial.distance.jensenshannon(ref_counts / n_ref, cur_counts / n_cur)", "cat", d, js, None, js)
    rs, cs = r / nr, c / nc
    for v in (rs, cs):
        m = min(v[v != 0])
        np.place(v, v == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    kl = stats.entropy(rs, cs)
    add(name, "kl_div", "scipy.stats.entropy(ref_shares, cur_shares) after zero filling", "cat", d, kl, None, kl)
    psi = float(np.sum((rs - cs) * np.log(rs / cs)))
    add(name, "psi", "np.sum((r - c) * np.log(r / c)) after zero filling", "cat", d, psi, None, psi)
    bc = sum(math.sqrt(r[i] / nr * (c[i] / nc)) for i in range(len(keys)))
    h = math.sqrt(1 - np.clip(bc, 0, 1))
    add(name, "hellinger", "sqrt(1 - clip(sum(sqrt(p_ref * p_cur)), 0, 1))", "cat", d, h, None, h)
    if fisher:
        one = keys[1] if len(keys) == 2 else None
        ref1 = ref_counts.get(one, 0) if one else 0
        cur1 = cur_counts.get(one, 0) if one else 0
        table = [[cur1, nc - cur1], [ref1, nr - ref1]]
        res = stats.fisher_exact(np.array(table, dtype=np.int64))
        add(name, "fisher_exact", f"scipy.stats.fisher_exact({[[int(x) for x in row] for row in table]})", "cat", d, res.statistic, res.pvalue, res.pvalue, exact=True)


R88 = {"1": 16, "2": 18, "3": 16, "4": 14, "5": 12, "6": 12}
C88 = {"1": 16, "2": 16, "3": 16, "4": 16, "5": 16, "6": 8}
cat_cases("R88_C88", R88, C88)
cat_cases("R88x2_C88", {k: 2 * v for k, v in R88.items()}, C88)
cat_cases("catA", {"a": 50, "b": 30, "c": 20}, {"a": 30, "b": 30, "c": 40})
cat_cases("catB_new_category", {"a": 60, "b": 40}, {"a": 50, "b": 30, "c": 20})
cat_cases("ref_only_category", {"a": 60, "b": 40, "z": 7}, {"a": 50, "b": 30})
cat_cases("zab", {"a": 50, "b": 50}, {"a": 30, "b": 70}, fisher=True)
cat_cases("fisher_evidently_1", {"a": 45, "b": 45}, {"a": 30, "b": 60}, fisher=True)
cat_cases("fisher_small", {"a": 3, "b": 3}, {"a": 6}, fisher=True)
cat_cases("fisher_a6_b6", {"a": 6}, {"b": 6}, fisher=True)
cat_cases("fisher_symmetric", {"x": 5, "y": 5}, {"x": 5, "y": 5}, fisher=True)
cat_cases("fisher_tie", {"x": 7, "y": 3}, {"x": 3, "y": 7}, fisher=True)
cat_cases("fisher_unequal", {"x": 40, "y": 25}, {"x": 12, "y": 30}, fisher=True)
cat_cases("single_category", {"a": 10}, {"a": 7}, fisher=True)
cat_cases("large_counts", {"k%d" % i: 1000 + 37 * i for i in range(40)}, {"k%d" % i: 1100 + 29 * ((i * 7) % 40) for i in range(40)})
cat_cases("large_binary", {"n": 480000, "y": 20000}, {"n": 471000, "y": 20500}, fisher=True)

# The distribution of the one-sample two-sided KS statistic that ks_2samp's
# asymptotic mode uses, over every branch of scipy.stats._ksstats._kolmogn.
kstwo = []
for n, xs in ((5, [0.05, 0.15, 0.3, 0.5, 0.85, 0.95]),
              (60, [0.005, 0.012, 0.05, 0.1, 0.2, 0.3, 0.6]),
              (140, [0.05, 0.07, 0.15, 0.2]),
              (148, [0.04, 0.05, 0.07, 0.2, 0.3]),
              (1000, [0.001, 0.01, 0.03, 0.05, 0.1]),
              (50000, [0.0001, 0.001, 0.005, 0.0069, 0.01, 0.05]),
              (100001, [0.001, 0.005, 0.01]),
              (1500000, [0.0005, 0.001, 0.0025, 0.004])):
    for x in xs:
        kstwo.append({"n": n, "x": x, "sf": f(stats.kstwo.sf(x, n)), "call": f"scipy.stats.kstwo.sf({x}, {n})"})

json.dump({
    "generator": "internal/testdata/gen/stattest_refs.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "python": sys.version.split()[0],
    "kstwo": kstwo,
    "samples": samples,
    "cases": cases,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
