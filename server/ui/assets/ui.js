// telltale web UI: draws the charts described by the JSON blocks of the
// page with ECharts, and adds small conveniences. The pages read without
// it. Every string from the store that this script puts into HTML (the
// tooltips) goes through esc().
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var charts = {};

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function num(v) {
    if (v === null || v === undefined) return "–";
    if (typeof v !== "number") return esc(v);
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  function when(ms) {
    var d = new Date(ms);
    function p(n) { return n < 10 ? "0" + n : String(n); }
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
  }
  function marker(color) {
    return '<span style="display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px;background:' + esc(color) + '"></span>';
  }
  var outcomeText = { pass: "tests passed", fail: "a test failed", warn: "a test warned", none: "no tests" };

  // Tooltips of the chart kinds; ECharts' own are not used, so that what
  // a tooltip shows is escaped here, whatever its source.
  var tooltips = {
    step: function (ps) { return axisTip(ps, function (x) { return "step " + num(x); }); },
    time: function (ps) { return axisTip(ps, when); },
    run: function (p) {
      var d = p.data || {};
      var v = d.value || [];
      return "<b>" + esc(d.name) + "</b><br>" + esc(when(v[0])) + "<br>" + marker(p.color) + esc(p.seriesName) + ": <b>" + num(v[1]) + "</b><br>" +
        esc(outcomeText[d.outcome] || "") + "<br><i>click to open the run's report</i>";
    },
    parallel: function (p) {
      var d = p.data || {}, out = "<b>" + esc(d.name) + "</b>";
      var axes = (p.__axes || []);
      (d.value || []).forEach(function (v, i) { out += "<br>" + esc(axes[i] || "") + ": " + num(v); });
      return out;
    }
  };
  function axisTip(ps, xfmt) {
    if (!Array.isArray(ps)) ps = [ps];
    if (!ps.length) return "";
    var v0 = ps[0].value || [];
    var out = esc(xfmt(v0[0]));
    ps.forEach(function (p) { out += "<br>" + marker(p.color) + esc(p.seriesName) + ": <b>" + num((p.value || [])[1]) + "</b>"; });
    return out;
  }

  function draw(block) {
    var id = block.getAttribute("data-chart");
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var spec = JSON.parse(block.textContent);
    var c = echarts.init(el, dark ? "dark" : null, { renderer: "svg" });
    apply(c, spec);
    c.on("click", function (p) {
      var links = c.__links || [];
      var u = (links[p.seriesIndex] || [])[p.dataIndex];
      if (typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/") window.location.href = u;
    });
    el.setAttribute("data-drawn", "1");
    charts[id] = c;
  }
  function apply(c, spec) {
    var opt = spec.option;
    var kind = spec.tooltip;
    if (kind && tooltips[kind] && opt.tooltip) {
      var f = tooltips[kind];
      if (kind === "parallel") {
        var names = (opt.parallelAxis || []).map(function (a) { return a.name; });
        opt.tooltip.formatter = function (p) { p.__axes = names; return f(p); };
      } else {
        opt.tooltip.formatter = f;
      }
      opt.tooltip.confine = true;
    }
    c.__links = spec.links || [];
    c.setOption(opt, true);
  }
  document.querySelectorAll('script[type="application/json"][data-chart]').forEach(draw);
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });

  // Runs table: "Compare selected" counts the ticked runs (2 to 10).
  var cmp = document.getElementById("compare");
  if (cmp) {
    var button = document.getElementById("compare-button"), note = document.getElementById("compare-count");
    var boxes = function () { return document.querySelectorAll('input[type=checkbox][name=run][form=compare]'); };
    var update = function () {
      var n = 0;
      boxes().forEach(function (b) { if (b.checked) n++; });
      button.disabled = n < 2 || n > 10;
      note.textContent = n === 0 ? "choose 2 to 10 runs" : n + " chosen" + (n > 10 ? " (at most 10)" : n < 2 ? " (at least 2)" : "");
    };
    boxes().forEach(function (b) { b.addEventListener("change", update); });
    update();
  }

  // Pagers: the total, which costs the store about a search, comes after
  // the page.
  document.querySelectorAll(".pager .total[data-count]").forEach(function (el) {
    var url = el.getAttribute("data-count");
    if (url.charAt(0) !== "/" || url.charAt(1) === "/") return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && typeof d.text === "string") el.textContent = " of " + d.text; })
      .catch(function () { /* the page reads without it */ });
  });

  // Selects marked data-autosubmit send their form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // Dashboard: ask for new runs every data-refresh seconds while the tab
  // is visible, and redraw the panels.
  var live = document.getElementById("live");
  if (live) {
    var every = parseInt(live.getAttribute("data-refresh"), 10);
    var url = live.getAttribute("data-url");
    if (every > 0 && url && url.charAt(0) === "/") {
      setInterval(function () {
        if (document.hidden) return;
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (d) {
            if (!d || !d.charts) return;
            Object.keys(d.charts).forEach(function (id) { if (charts[id]) apply(charts[id], d.charts[id]); });
            var u = live.querySelector(".updated");
            if (u && d.updatedText) u.textContent = d.updatedText;
            var n = live.querySelector(".runs-count");
            if (n) n.textContent = d.runs + (d.runs === 1 ? " run" : " runs");
          })
          .catch(function () { /* the next tick tries again */ });
      }, every * 1000);
    }
  }
})();
