#!/usr/bin/env python3
"""stress_np.py - circfin's repayment stress, written again with NumPy.

    stress_np.py DATASET.xml SCENARIOS.xml --scenario NAME [--draws N]
                 [--seed S] [--chunk D] [--years-csv FILE]
                 [--entities-csv FILE] [--against CIRCFIN.csv]

An independent implementation of what `circfin stress` computes
(src/stress.c, src/clear.c), for the benchmark in bench/stress: the same
model, written the way one writes it in NumPy, from the same input files
(it parses the dataset and scenarios XML itself with xml.etree; they are
trusted benchmark inputs).  It shares no code with circfin.

What it implements (docs/methods.md will state the equations):

* The graph: every entity a vertex; flows with status paid, committed,
  contingent, option or letter-of-intent, in USD or without a currency
  (quantity only), not from an entity to itself.  No --as-of, no
  --consolidate.
* Obligations per flow and year of the horizon: the flow's schedule where
  it has one and a money amount; else its amount (or the low end of its
  range, or its quantity times the scenario's valuation) spread evenly
  from its start (or announcement) year to its end year, or due at the
  start when it has no end, or spread over the open-ended years when it
  is a spend commitment with no end.  Paid flows are settled; committed
  flows bind; contingent, option and letter-of-intent flows are scaled by
  their arrival probability (0 unless a setting or a draw gives one).
* Entities with a profile figure are modelled: revenue runs from its
  first figure, growing at revenue-growth x revenue-growth-factor where
  no figure is given (a profile's growth figure halving every
  revenue-growth-half-life years after its year, when that is set); operating costs likewise with cost-growth; gross
  margin from the latest figure; opening cash, debt and compute assets
  from the latest figure dated by the end of the first year (else the
  earliest).  Fixed charges: compute assets / gpu-life-years and debt x
  debt-service-rate, when those parameters are set.
* Each year, per draw: S = spend commitments due to the entity (whoever
  owes them), R its revenue; external assets e = cash + max(0, R - S);
  external liabilities x = (1 - margin) (max(R, S) - T) + operating costs
  (T: spend owed by customers terminated before the year)
  + fixed charges; network obligations: the year's commitments of
  debtors not terminated.  Entities without a profile pay in full
  (e = what they owe, x = 0).  Eisenberg-Noe with equal seniority:
  p_bar = L 1 + x, Pi = L / p_bar, and the clearing vector by Picard
  iteration p <- min(p_bar, max(0, e + Pi^T p)) from p_bar until
  max|dp| <= 1e-9 max(1, max p_bar), vectorised over draws (arrays of
  draws x entities and draws x obligations).  An entity defaults when
  e + Pi^T p < p_bar (less 1e-12 of the scale); each obligation is paid
  its debtor's share p / p_bar; cash carries as the equity e + Pi^T p -
  p_bar when solvent, 0 after a default, and a defaulting entity's later
  commitments are terminated.
* Monte Carlo: per draw a common normal z0, and for each draw spec in
  file order, per target, z = loading z0 + sqrt(1 - loading^2) eps, the
  value the distribution's quantile at Phi(z) (normal, lognormal,
  uniform, triangular, Bernoulli: 1 when Phi(z) < p).  Numbers come from
  numpy's PCG64 seeded with the scenario's seed: they are NOT circfin's
  streams, so Monte Carlo results agree with circfin's only in
  distribution.

Outputs: one line of key=value pairs (draws, sizes, seconds of parsing and
of the simulation, Picard iterations and edge updates); --years-csv and
--entities-csv write circfin's `--table years` and `--table entities`
columns (cash quantiles are given for one draw only); --against compares
with circfin's CSV of the same scenario: a years table for a
deterministic scenario (every number within a relative 1e-6, or one cent),
an entities table for Monte Carlo (probabilities of default within a
statistical tolerance), and prints the comparison.
"""

import argparse
import csv
import math
import statistics
import sys
import time
from decimal import Decimal
import xml.etree.ElementTree as ET

import numpy as np

DS = "{urn:circfin:dataset:1}"
SC = "{urn:circfin:scenarios:1}"
EXPONENT = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "KWD": 3,
            "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3}
INCLUDED = ("paid", "committed", "contingent", "option", "letter-of-intent")
SPEND = ("compute-commitment", "chip-purchase", "capacity-backstop",
         "rental")
PARAMS = ("revenue-growth", "revenue-growth-factor", "revenue-factor",
          "gross-margin", "cost-factor", "gpu-life-years",
          "debt-service-rate", "revenue-growth-half-life",
          "arrival-probability")
(P_GROWTH, P_GF, P_RF, P_MARGIN, P_CF, P_LIFE, P_DEBT, P_HALF,
 P_ARRIVAL) = range(9)
NPAR = 8                        # entity parameters
TOL = 1e-9                      # Picard: max |dp| / scale
EPS = 1e-12                     # solvency slack, share of the scale
MAX_ITER = 100000


def minor(text, currency):
    """A decimal string in major units as integer minor units."""
    return int(Decimal(text.strip()) * 10 ** EXPONENT.get(currency, 2))


def year_of(date):
    return int(date[:4]) if date and len(date) >= 4 else 0


# ---- reading ---------------------------------------------------------------

class Flow:
    __slots__ = ("id", "src", "dst", "type", "status", "announced",
                 "start", "end", "currency", "amount", "unit", "quantity",
                 "sched", "v_from", "v_to")


def read_dataset(path):
    root = ET.parse(path).getroot()
    ds = {"as_of": root.get("as-of"), "entities": {}, "flows": [],
          "figures": []}
    for e in root.iter(DS + "entity"):
        ds["entities"][e.get("id")] = (e.get("kinds", "").split(),
                                       e.get("parent"))
    for f in root.iter(DS + "flow"):
        x = Flow()
        x.id, x.src, x.dst = f.get("id"), f.get("from"), f.get("to")
        x.type, x.status = f.get("type"), f.get("status")
        x.announced, x.start, x.end = (f.get("announced"), f.get("start"),
                                       f.get("end"))
        x.currency = x.amount = x.unit = x.quantity = None
        a, r, q = (f.find(DS + "amount"), f.find(DS + "range"),
                   f.find(DS + "quantity"))
        m = a if a is not None else r
        if m is not None:
            x.currency = m.get("currency")
            if a is not None:
                x.amount = minor(a.text, x.currency)
            elif r.get("low") is not None:
                x.amount = minor(r.get("low"), x.currency)
        if q is not None:
            x.unit, x.quantity = q.get("unit"), float(q.text)
        x.sched = []
        s = f.find(DS + "schedule")
        if s is not None:
            cur = s.get("currency")
            for p in s.findall(DS + "payment"):
                x.sched.append((p.get("due"), minor(p.text, cur)))
            x.sched.sort()
        ds["flows"].append(x)
    for g in root.iter(DS + "figure"):
        a, r = g.find(DS + "amount"), g.find(DS + "ratio")
        if a is not None:
            val, cur = float(minor(a.text, a.get("currency"))), \
                a.get("currency")
        else:
            val, cur = float(r.text), None
        ds["figures"].append((g.get("entity"), g.get("item"),
                              g.get("period"), cur, val))
    return ds


def target_of(el):
    for t in ("entity", "kind", "flow", "type", "status"):
        if el.get(t) is not None:
            return (t, el.get(t))
    return ("all", None)


def read_scenarios(path):
    root = ET.parse(path).getroot()
    st = {"start_year": 0, "years": 7, "model": "eisenberg-noe",
          "seniority": "equal", "terminate": True, "open_years": 5}
    s = root.find(SC + "settings")
    if s is not None:
        for k, a in (("start_year", "start-year"), ("years", "years"),
                     ("open_years", "open-ended-years")):
            if s.get(a) is not None:
                st[k] = int(s.get(a))
        for k in ("model", "seniority"):
            if s.get(k) is not None:
                st[k] = s.get(k)
        if s.get("terminate-on-default") is not None:
            st["terminate"] = s.get("terminate-on-default") in ("true", "1")

    def valuations(el):
        out = {}
        for v in el.findall(SC + "valuation"):
            out.setdefault(v.get("unit"), (v.get("currency"), minor(
                v.get("per-unit"), v.get("currency"))))
        return out

    def sets(el):
        return [(PARAMS.index(x.get("param")),) + target_of(x) +
                (float(x.get("value")),) for x in el.findall(SC + "set")]

    sc = {"settings": st, "valuations": valuations(root), "defaults": [],
          "scenarios": {}}
    d = root.find(SC + "defaults")
    if d is not None:
        sc["defaults"] = sets(d)
    for el in root:
        if el.tag == SC + "scenario":
            sc["scenarios"][el.get("name")] = {
                "mc": False, "sets": sets(el),
                "valuations": valuations(el)}
        elif el.tag == SC + "montecarlo":
            draws = []
            for x in el.findall(SC + "draw"):
                p = {k: float(x.get(k)) for k in
                     ("mean", "sd", "mu", "sigma", "low", "mode", "high",
                      "p") if x.get(k) is not None}
                draws.append((PARAMS.index(x.get("param")),) +
                             target_of(x) + (x.get("dist"), p,
                                             float(x.get("loading", 0))))
            sc["scenarios"][el.get("name")] = {
                "mc": True, "base": el.get("base"), "draws": draws,
                "ndraws": int(el.get("draws")), "seed": int(el.get("seed")),
                "valuations": valuations(el)}
    return sc


# ---- the model ----------------------------------------------------------------

class Model:
    pass


def build_model(ds, sc, name):
    st = sc["settings"]
    if st["model"] != "eisenberg-noe" or st["seniority"] != "equal":
        raise SystemExit("stress_np: only eisenberg-noe with equal"
                         " seniority is implemented")
    s = sc["scenarios"].get(name)
    if s is None:
        raise SystemExit("stress_np: no scenario '%s'" % name)
    det = sc["scenarios"][s["base"]] if s["mc"] else s
    m = Model()
    m.name, m.mc, m.spec = name, s["mc"], s
    m.y0 = st["start_year"] or (year_of(ds["as_of"]) if ds["as_of"] else
                                time.gmtime().tm_year)
    m.ny = st["years"]
    m.terminate = st["terminate"]
    ids = sorted(ds["entities"])
    vid = {e: i for i, e in enumerate(ids)}
    m.ids, m.nv = ids, len(ids)
    m.kinds = [set(ds["entities"][e][0]) for e in ids]

    # flows of the graph, in circfin's order (from, to, id)
    fl = []
    for f in ds["flows"]:
        if f.status not in INCLUDED or f.src == f.dst:
            continue
        if f.currency is not None and f.currency != "USD":
            continue
        f.v_from, f.v_to = vid[f.src], vid[f.dst]
        fl.append(f)
    fl.sort(key=lambda f: (f.v_from, f.v_to, f.id))
    m.flows = fl

    # profiles
    prof = {}
    for ent, item, period, cur, val in ds["figures"]:
        if cur is not None and cur != "USD":
            raise SystemExit("stress_np: profile figure of %s in %s" %
                             (ent, cur))
        prof.setdefault(ent, []).append((item, period, val))
    mv = [vid[e] for e in ids if e in prof]
    m.mv = np.array(mv, dtype=np.int64)
    m.nvm = len(mv)
    m.vm = np.full(m.nv, -1, dtype=np.int64)
    m.vm[m.mv] = np.arange(m.nvm)
    limit = "%04d-12-31" % m.y0
    series = {k: [] for k in ("revenue", "operating-costs",
                              "revenue-growth", "gross-margin",
                              "cost-growth")}
    m.cash = np.zeros(m.nvm)
    m.debt = np.zeros(m.nvm)
    m.assets = np.zeros(m.nvm)
    for j, v in enumerate(mv):
        per = {k: [] for k in series}
        opening = {}
        for item, period, val in sorted(prof[ids[v]],
                                        key=lambda x: (x[0], x[1])):
            if item in per:
                per[item].append((year_of(period), val))
                continue
            at = opening.get(item)
            if at is None or (period <= limit and (at[0] > limit or
                                                   period > at[0])):
                opening[item] = (period, val)
        for k in series:
            series[k].append(per[k])
        m.cash[j] = opening.get("cash", (0, 0.0))[1]
        m.debt[j] = opening.get("debt", (0, 0.0))[1]
        m.assets[j] = opening.get("compute-assets", (0, 0.0))[1]
    # yearly tables from the first year any path needs
    firsts = [min([p[0][0] for p in (series["revenue"][j],
                                     series["operating-costs"][j]) if p] +
                  [m.y0]) for j in range(m.nvm)]
    m.t0 = min(firsts + [m.y0])
    years = range(m.t0, m.y0 + m.ny)

    def exact(pts, t):
        for y, val in pts:
            if y == t:
                return val
        return math.nan

    def at(pts, t, dflt):
        val = dflt
        for y, x in pts:
            if y > t:
                break
            val = x
        return val

    def table(key, fn):
        return np.array([[fn(series[key][j], t) for j in range(m.nvm)]
                         for t in years]).reshape(len(years), m.nvm)

    m.rev_exact = table("revenue", exact)
    m.cost_exact = table("operating-costs", exact)
    m.growth_at = table("revenue-growth", lambda p, t: at(p, t, 0.0))
    # the year of that figure (NaN: none), for the half-life's fading
    m.growth_year = table("revenue-growth", lambda p, t: at(
        [(y, float(y)) for y, _ in p], t, math.nan))
    m.cgrowth_at = table("cost-growth", lambda p, t: at(p, t, 0.0))
    m.margin_at = table("gross-margin", lambda p, t:
                        at(p, t, p[0][1] if p else 1.0))

    # parameters: defaults, then the deterministic scenario's settings
    m.base_par = np.full((m.nvm, NPAR), np.nan)
    m.base_arr = np.zeros(len(fl))
    for sets in (sc["defaults"], det["sets"]):
        apply_settings(m, sets)

    # obligations
    vals = [s["valuations"]]
    if s["mc"]:
        vals.append(det["valuations"])
    vals.append(sc["valuations"])
    ob = {}
    m.binding = np.full(len(fl), -1, dtype=np.int64)   # -1: left out
    m.unvalued = 0

    def add(i, y, amount):
        if y < m.y0 or y >= m.y0 + m.ny or amount <= 0:
            return
        ob[i, y - m.y0] = ob.get((i, y - m.y0), 0.0) + amount

    for i, f in enumerate(fl):
        if f.status == "paid":
            continue
        amount = f.amount
        if amount is None:
            val = None
            if f.quantity is not None:
                for vs in vals:
                    if f.unit in vs:
                        val = vs[f.unit]
                        break
            if val is None:
                m.unvalued += 1
                continue
            amount = f.quantity * float(val[1])
        m.binding[i] = 1 if f.status == "committed" else 0
        if f.sched and f.amount is not None:
            for due, c in f.sched:
                add(i, year_of(due), float(c))
            continue
        a = year_of(f.start or f.announced)
        b = year_of(f.end) if f.end else (a + st["open_years"] - 1 if
                                         f.type in SPEND else a)
        b = max(a, b)
        for t in range(a, b + 1):
            add(i, t, float(amount) / (b - a + 1))
    keys = sorted(ob, key=lambda k: (k[1], fl[k[0]].v_from, fl[k[0]].v_to,
                                     k[0]))
    m.nob = len(keys)
    m.ob_flow = np.array([k[0] for k in keys], dtype=np.int64)
    m.ob_year = np.array([k[1] for k in keys], dtype=np.int64)
    m.ob_amount = np.array([ob[k] for k in keys])
    m.ob_from = np.array([fl[k[0]].v_from for k in keys], dtype=np.int64)
    m.ob_to = np.array([fl[k[0]].v_to for k in keys], dtype=np.int64)
    m.ob_spend = np.array([fl[k[0]].type in SPEND for k in keys],
                          dtype=bool)
    m.ob_binding = m.binding[m.ob_flow] == 1
    # per year: the obligations and the sums by debtor and creditor
    m.year = []
    for t in range(m.ny):
        sel = np.nonzero(m.ob_year == t)[0]
        fr, to = m.ob_from[sel], m.ob_to[sel]
        spend = m.ob_spend[sel]
        nb = np.nonzero(~m.ob_binding[sel])[0]
        m.year.append((sel, fr, to, spend, nb, m.ob_flow[sel][nb],
                       Seg(fr, m.nv), Seg(to, m.nv), Seg(to[spend], m.nv)))
    return m


def covers_member(m, j, target, name):
    if target == "all":
        return True
    if target == "entity":
        return m.ids[m.mv[j]] == name
    if target == "kind":
        return name in m.kinds[m.mv[j]]
    return False


def covers_flow(f, target, name):
    return (target == "all" or (target == "flow" and f.id == name) or
            (target == "type" and f.type == name) or
            (target == "status" and f.status == name))


def apply_settings(m, sets):
    """Least specific first, so that the most specific wins."""
    for order in ("all", "kind", "entity"):
        for param, target, name, value in sets:
            if param == P_ARRIVAL or target != order:
                continue
            for j in range(m.nvm):
                if covers_member(m, j, target, name):
                    m.base_par[j, param] = value
    for order in ("all", "status", "type", "flow"):
        for param, target, name, value in sets:
            if param != P_ARRIVAL or target != order:
                continue
            for i, f in enumerate(m.flows):
                if covers_flow(f, target, name):
                    m.base_arr[i] = value


# ---- random parameters ---------------------------------------------------------

_erfc = np.frompyfunc(math.erfc, 1, 1)


def norm_cdf(z):
    return (_erfc(-z / math.sqrt(2)) / 2).astype(float)


def dist_value(dist, p, z):
    if dist == "normal":
        return p["mean"] + p["sd"] * z
    if dist == "lognormal":
        return np.exp(p["mu"] + p["sigma"] * z)
    if dist == "uniform":
        return p["low"] + (p["high"] - p["low"]) * norm_cdf(z)
    if dist == "triangular":
        a, b, c = p["low"], p["mode"], p["high"]
        u = norm_cdf(z)
        if c == a:
            return np.full_like(z, a)
        fc = (b - a) / (c - a)
        lo = a + np.sqrt(u * (c - a) * (b - a))
        hi = c - np.sqrt((1 - u) * (c - a) * (c - b))
        return np.where(u < fc, lo, hi)
    if dist == "bernoulli":
        if p["p"] >= 1:
            return np.ones_like(z)
        if p["p"] <= 0:
            return np.zeros_like(z)
        return (z < statistics.NormalDist().inv_cdf(p["p"])).astype(float)
    raise SystemExit("stress_np: unknown distribution %s" % dist)


def clamp(param, v):
    if param == P_GROWTH:
        return np.maximum(v, -0.99)
    if param in (P_MARGIN, P_DEBT):
        return np.clip(v, 0, 1)
    if param in (P_LIFE, P_HALF):
        return np.maximum(v, 0.1)
    return np.maximum(v, 0)


def draw_params(m, rng, d):
    par = np.broadcast_to(m.base_par, (d,) + m.base_par.shape).copy()
    arr = np.broadcast_to(m.base_arr, (d, len(m.flows))).copy()
    if not m.mc:
        return par, arr
    z0 = rng.standard_normal(d)[:, None]
    for param, target, name, dist, p, loading in m.spec["draws"]:
        if param == P_ARRIVAL:
            cols = [i for i, f in enumerate(m.flows) if m.binding[i] == 0
                    and covers_flow(f, target, name)]
        else:
            cols = [j for j in range(m.nvm) if covers_member(m, j, target,
                                                             name)]
        if not cols:
            continue
        z = loading * z0 + math.sqrt(1 - loading * loading) * \
            rng.standard_normal((d, len(cols)))
        v = dist_value(dist, p, z)
        if param == P_ARRIVAL:
            arr[:, cols] = v
        else:
            par[:, cols, param] = clamp(param, v)
    return par, arr


# ---- sums by entity -----------------------------------------------------------------

class Seg:
    """Column sums of a draws x items array into draws x n by an index."""

    def __init__(self, idx, n):
        self.n = n
        self.order = np.argsort(idx, kind="stable")
        s = idx[self.order]
        self.uniq, self.starts = np.unique(s, return_index=True)

    def sum(self, vals, presorted=False):
        out = np.zeros((vals.shape[0], self.n))
        if vals.shape[1]:
            v = vals if presorted else vals[:, self.order]
            out[:, self.uniq] = np.add.reduceat(v, self.starts, axis=1)
        return out


# ---- the simulation -------------------------------------------------------------------

class Totals:
    def __init__(self, m):
        shape = (m.nvm, m.ny)
        self.draws = 0
        self.rev, self.costs, self.due, self.paid, self.cash = (
            np.zeros(shape) for _ in range(5))
        self.def_by = np.zeros(shape, dtype=np.int64)
        self.first = np.zeros(shape, dtype=np.int64)
        self.ever = np.zeros(m.nvm, dtype=np.int64)
        self.short = np.zeros(m.nvm)
        self.cash_one = np.zeros(shape)     # the last draw's cash
        self.iterations = 0                 # most in one clearing
        self.iter_sum = 0
        self.clearings = 0
        self.updates = 0.0                  # obligations x (iterations + 1)


def run_chunk(m, par, arr, tot):
    d = par.shape[0]
    nv, nvm, mv = m.nv, m.nvm, m.mv
    gf = np.where(np.isnan(par[:, :, P_GF]), 1.0, par[:, :, P_GF])
    rf = np.where(np.isnan(par[:, :, P_RF]), 1.0, par[:, :, P_RF])
    cf = np.where(np.isnan(par[:, :, P_CF]), 1.0, par[:, :, P_CF])
    g_ovr, mg_ovr = par[:, :, P_GROWTH], par[:, :, P_MARGIN]
    fixed = np.zeros((d, nvm))
    life, ds = par[:, :, P_LIFE], par[:, :, P_DEBT]
    fixed += np.where(~np.isnan(life) & (m.assets > 0),
                      m.assets / np.where(np.isnan(life), 1, life), 0)
    fixed += np.where(np.isnan(ds), 0, m.debt * np.nan_to_num(ds))
    r = np.zeros((d, nvm))
    c = np.zeros((d, nvm))

    half = par[:, :, P_HALF]

    def advance(k):
        nonlocal r, c
        age = (m.t0 + k) - m.growth_year[k]
        fade = np.where(np.isnan(half) | np.isnan(age), 1.0,
                        np.exp2(-np.nan_to_num(age) /
                                np.where(np.isnan(half), 1.0, half)))
        g = np.where(np.isnan(g_ovr), m.growth_at[k] * fade, g_ovr)
        r = np.where(np.isnan(m.rev_exact[k]), r * (1 + g * gf),
                     m.rev_exact[k])
        c = np.where(np.isnan(m.cost_exact[k]), c * (1 + m.cgrowth_at[k]),
                     m.cost_exact[k])

    for k in range(m.y0 - m.t0):
        advance(k)
    cash = np.broadcast_to(m.cash, (d, nvm)).copy()
    term = np.zeros((d, nv), dtype=bool)
    ever = np.zeros((d, nvm), dtype=bool)
    short = np.zeros((d, nvm))
    for t in range(m.ny):
        k = m.y0 - m.t0 + t
        advance(k)
        mg = np.where(np.isnan(mg_ovr), m.margin_at[k], mg_ovr)
        rev, costr, opex = r * rf, (1 - mg) * r * rf, c * cf
        sel, fr, to, spend, nb, nbflow, by_from, by_to, by_spend = m.year[t]
        amt = np.broadcast_to(m.ob_amount[sel], (d, len(sel))).copy()
        if len(nb):
            amt[:, nb] *= arr[:, nbflow]
        spendin = by_spend.sum(amt[:, spend])
        live = ~term[:, fr] & (amt > 0)
        a_eff = np.where(live, amt, 0.0)
        lnet = by_from.sum(a_eff)
        s_in = spendin[:, mv]
        gone = by_spend.sum(np.where(term[:, fr], amt, 0.0)[:, spend])
        t_in = gone[:, mv]
        e = lnet.copy()
        x = np.zeros((d, nv))
        e[:, mv] = cash + np.maximum(0, rev - s_in)
        scale_up = np.where(rev > 0, (np.maximum(rev, s_in) - t_in) /
                            np.where(rev > 0, rev, 1), 0.0)
        x[:, mv] = costr * scale_up + opex + fixed
        pbar = lnet + x
        scale = np.maximum(1.0, pbar.max(axis=1, initial=0))[:, None]
        eps = EPS * scale
        # Picard on the obligations sorted by creditor
        o = by_to.order
        fr_o = fr[o]
        pi = a_eff[:, o] / np.where(pbar[:, fr_o] > 0, pbar[:, fr_o], 1)
        p = pbar.copy()
        it = 0
        while True:
            infl = by_to.sum(pi * p[:, fr_o], presorted=True)
            assets = e + infl
            nxt = np.where(assets >= pbar - eps, pbar,
                           np.clip(assets, 0, pbar))
            res = (np.abs(nxt - p).max(axis=1, initial=0) /
                   scale[:, 0]).max(initial=0)
            if res <= TOL or it >= MAX_ITER:
                break
            p = nxt
            it += 1
        infl = by_to.sum(pi * p[:, fr_o], presorted=True)
        assets = e + infl
        solvent = assets >= pbar - eps
        equity = np.where(solvent, assets - pbar, 0.0)
        share = np.where(solvent | (lnet <= 0), 1.0,
                         p / np.where(pbar > 0, pbar, 1))
        share = np.minimum(share, 1.0)
        paid = np.where(term[:, fr], 0.0, amt * share[:, fr])
        tot.clearings += d
        tot.iterations = max(tot.iterations, it)
        tot.iter_sum += it * d
        tot.updates += float(np.count_nonzero(live)) * (it + 1)
        # per modelled entity
        dflt = ~solvent[:, mv]
        paid_in = by_spend.sum(paid[:, spend])[:, mv]
        due_m = by_from.sum(amt)[:, mv]
        paid_m = by_from.sum(paid)[:, mv]
        cash = np.where(~dflt & (equity[:, mv] > 0), equity[:, mv], 0.0)
        if m.terminate:
            term[:, mv] |= dflt
        first = dflt & ~ever
        ever |= dflt
        short += due_m - paid_m
        tot.rev[:, t] += (np.maximum(0, rev - s_in) + paid_in).sum(axis=0)
        tot.costs[:, t] += x[:, mv].sum(axis=0)
        tot.due[:, t] += due_m.sum(axis=0)
        tot.paid[:, t] += paid_m.sum(axis=0)
        tot.cash[:, t] += cash.sum(axis=0)
        tot.def_by[:, t] += ever.sum(axis=0)
        tot.first[:, t] += first.sum(axis=0)
        tot.cash_one[:, t] = cash[-1]
    tot.ever += ever.sum(axis=0)
    tot.short += np.maximum(short, 0).sum(axis=0)
    tot.draws += d


def simulate(m, draws, seed, chunk):
    tot = Totals(m)
    rng = np.random.Generator(np.random.PCG64(seed))
    if chunk <= 0:
        width = max(m.nv, int(np.bincount(m.ob_year, minlength=1).max())
                    if m.nob else 1)
        chunk = max(1, min(draws, (1 << 19) // width))
    done = 0
    while done < draws:
        d = min(chunk, draws - done)
        par, arr = draw_params(m, rng, d)
        run_chunk(m, par, arr, tot)
        done += d
    return tot, chunk


# ---- output and comparison --------------------------------------------------------------

def money(v):
    return "%.2f" % (v / 100.0)


def years_rows(m, tot):
    n = float(tot.draws)
    rows = []
    for j in range(m.nvm):
        for t in range(m.ny):
            due, paid = tot.due[j, t] / n, tot.paid[j, t] / n
            q = [money(tot.cash_one[j, t])] * 3 if tot.draws == 1 else \
                ["", "", ""]
            rows.append([m.name, m.ids[m.mv[j]], str(m.y0 + t),
                         money(tot.rev[j, t] / n), money(tot.costs[j, t] / n),
                         money(due), money(paid),
                         money(max(due - paid, 0)),
                         "%.6f" % (tot.def_by[j, t] / n),
                         money(tot.cash[j, t] / n)] + q)
    return rows


def entities_rows(m, tot):
    n = float(tot.draws)
    rows = []
    for j in range(m.nvm):
        med = ""
        for t in range(m.ny):
            if 2 * tot.def_by[j, t] >= tot.draws:
                med = str(m.y0 + t)
                break
        rows.append([m.name, m.ids[m.mv[j]], "%.6f" % (tot.ever[j] / n),
                     med, money(tot.short[j] / n)])
    return rows


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


YEARS_H = ["scenario", "entity", "year", "revenue", "costs", "due", "paid",
           "shortfall", "p_default", "cash_mean", "cash_q05", "cash_q50",
           "cash_q95"]
ENTS_H = ["scenario", "entity", "p_default", "median_default_year",
          "shortfall"]


def compare_years(m, rows, path):
    """Deterministic: every number within 1e-6 relative or one cent."""
    with open(path, newline="") as f:
        theirs = {(r["entity"], r["year"]): r for r in csv.DictReader(f)}
    cols = YEARS_H[3:]
    ncell, bad, worst_rel, worst_abs, where = 0, 0, 0.0, 0.0, "-"
    mine = {(r[1], r[2]): r for r in rows}
    missing = set(theirs) ^ set(mine)
    for key, r in mine.items():
        c = theirs.get(key)
        if c is None:
            continue
        for i, col in enumerate(cols):
            a, b = float(r[3 + i]), float(c[col])
            diff = abs(a - b)
            big = max(abs(a), abs(b))
            ok = diff <= 1e-6 * big + (0.0100001 if col != "p_default"
                                       else 0)
            ncell += 1
            bad += not ok
            rel = diff / big if big >= 1 else 0.0
            if rel > worst_rel:
                worst_rel, where = rel, "%s %s %s (numpy %s, circfin %s)" \
                    % (key[0], key[1], col, r[3 + i], c[col])
            worst_abs = max(worst_abs, diff)
    agree = bad == 0 and not missing
    print("deterministic results agree: %s (scenario %s: %d cells, %d"
          " outside 1e-6 relative + 1 cent, %d entity-years in one only;"
          " largest relative difference %.3g at %s; largest absolute"
          " difference %.2f)" % ("yes" if agree else "NO", m.name, ncell,
                                 bad, len(missing), worst_rel, where,
                                 worst_abs))
    return agree


def compare_pd(m, rows, tot, path, show):
    """Monte Carlo: probabilities of default, two independent samples."""
    with open(path, newline="") as f:
        theirs = {r["entity"]: r for r in csv.DictReader(f)}
    n1 = float(tot.draws)       # circfin ran as many
    pairs = []
    for r in rows:
        c = theirs.get(r[1])
        if c is None:
            continue
        a, b = float(r[2]), float(c["p_default"])
        pool = (a + b) / 2
        se = math.sqrt(max(pool * (1 - pool), 0) * 2 / n1)
        z = 0.0 if a == b else (abs(a - b) / se if se > 0 else math.inf)
        pairs.append((r[1], a, b, z))
    k = max(1, len(pairs))
    # family-wise 0.1%: two-sided Bonferroni bound over the entities
    zc = statistics.NormalDist().inv_cdf(1 - 0.001 / (2 * k))
    worst = max(pairs, key=lambda x: x[3]) if pairs else ("-", 0, 0, 0)
    within3 = sum(1 for p in pairs if p[3] <= 3) / k
    agree = worst[3] <= zc
    print("monte carlo p_default agree: %s (scenario %s, %d draws each,"
          " %d entities; largest |z| %.2f at %s (numpy %.4f, circfin"
          " %.4f), limit %.2f (family-wise 0.1%%); %.2f%% of entities"
          " within |z| <= 3)" %
          ("yes" if agree else "NO", m.name, tot.draws, len(pairs),
           worst[3], worst[0], worst[1], worst[2], zc, 100 * within3))
    if show:
        kinds = {}
        for e, a, b, z in pairs:
            kind = sorted(m.kinds[m.ids.index(e)] or {"-"})[0] \
                if len(pairs) <= 50 else e.split("-")[0]
            kinds.setdefault(kind, []).append((a, b))
        print("  %-14s %8s %13s %13s" % ("mean by kind", "entities",
                                         "numpy", "circfin"))
        for kind in sorted(kinds):
            v = kinds[kind]
            print("  %-14s %8d %13.4f %13.4f" % (
                kind, len(v), sum(x[0] for x in v) / len(v),
                sum(x[1] for x in v) / len(v)))
        if len(pairs) <= show:
            sel = pairs
            note = ""
        else:
            order = sorted(pairs, key=lambda x: (x[2], x[0]))
            sel = [order[round(i * (len(order) - 1) / (show - 1))]
                   for i in range(show)]
            note = ("  (%d of %d entities, evenly spaced in circfin's"
                    " p_default order)" % (show, len(pairs)))
        print("  %-14s %8s %13s %13s %6s" % ("entity", "", "numpy",
                                             "circfin", "|z|"))
        for e, a, b, z in sorted(sel, key=lambda x: (x[2], x[0])):
            print("  %-14s %8s %13.4f %13.4f %6.2f" % (e, "", a, b, z))
        if note:
            print(note)
    return agree


def peak_rss_mb():
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    except ImportError:
        return -1


def main(argv):
    ap = argparse.ArgumentParser(prog="stress_np.py",
                                 description="circfin stress in NumPy"
                                 " (see the top of this file)")
    ap.add_argument("dataset")
    ap.add_argument("scenarios")
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--draws", type=int, default=0,
                    help="Monte Carlo draws instead of the file's")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--chunk", type=int, default=0,
                    help="draws vectorised at once (default: arrays of"
                    " about 4 MB)")
    ap.add_argument("--years-csv")
    ap.add_argument("--entities-csv")
    ap.add_argument("--against", help="circfin's CSV to compare with: the"
                    " years table (deterministic) or the entities table"
                    " (Monte Carlo)")
    ap.add_argument("--show", type=int, default=0,
                    help="with --against on Monte Carlo: print up to this"
                    " many entities side by side")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    ds = read_dataset(a.dataset)
    sc = read_scenarios(a.scenarios)
    m = build_model(ds, sc, a.scenario)
    t1 = time.perf_counter()
    draws = 1
    seed = 0
    if m.mc:
        draws = a.draws if a.draws > 0 else m.spec["ndraws"]
        seed = a.seed if a.seed is not None else m.spec["seed"]
    tot, chunk = simulate(m, draws, seed, a.chunk)
    t2 = time.perf_counter()
    print("scenario=%s draws=%d entities=%d modelled=%d flows=%d"
          " obligations=%d chunk=%d clearings=%d max_iter=%d"
          " mean_iter=%.2f edge_updates=%.0f parse_s=%.3f sim_s=%.3f"
          " peak_mb=%.1f numpy=%s" %
          (m.name, draws, m.nv, m.nvm, len(m.flows), m.nob, chunk,
           tot.clearings, tot.iterations,
           tot.iter_sum / max(1, tot.clearings), tot.updates, t1 - t0,
           t2 - t1, peak_rss_mb(), np.__version__))
    yrows = years_rows(m, tot)
    erows = entities_rows(m, tot)
    if a.years_csv:
        write_csv(a.years_csv, YEARS_H, yrows)
    if a.entities_csv:
        write_csv(a.entities_csv, ENTS_H, erows)
    ok = True
    if a.against:
        if m.mc:
            ok = compare_pd(m, erows, tot, a.against, a.show)
        else:
            ok = compare_years(m, yrows, a.against)
    sys.stdout.flush()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
