(function () {
  "use strict";
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var charts = [];
  function draw(id) {
    var el = document.getElementById(id);
    var data = document.querySelector('script[data-chart="' + id + '"]');
    if (!el || !data || el.getAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "1");
    var c = echarts.init(el, dark ? "dark" : null, { renderer: "svg" });
    c.setOption(JSON.parse(data.textContent));
    charts.push(c);
  }
  document.querySelectorAll(".chart:not([data-lazy])").forEach(function (el) { draw(el.id); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  document.querySelectorAll("button.expand").forEach(function (b) {
    b.addEventListener("click", function () {
      var row = b.closest("tbody").querySelector("tr.detail");
      var open = row.hidden;
      row.hidden = !open;
      b.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) draw(b.getAttribute("data-target"));
    });
  });

  document.querySelectorAll("input.table-filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      table.querySelectorAll("tbody.row-group").forEach(function (g) {
        g.hidden = q !== "" && g.querySelector("tr.row").textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th button.sort").forEach(function (b) {
      var th = b.parentNode;
      b.addEventListener("click", function () {
        var col = th.cellIndex, numeric = th.hasAttribute("data-numeric");
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        var groups = Array.prototype.slice.call(table.querySelectorAll("tbody.row-group"));
        var key = function (g) {
          var td = g.querySelector("tr.row").cells[col];
          if (!numeric) return td.textContent;
          var s = td.getAttribute("data-sort");
          return s === null ? NaN : parseFloat(s);
        };
        groups.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (numeric) {
            if (isNaN(x)) return isNaN(y) ? 0 : 1;
            if (isNaN(y)) return -1;
            return dir * (x - y);
          }
          return dir * x.localeCompare(y);
        });
        groups.forEach(function (g) { table.appendChild(g); });
      });
    });
  });

  document.querySelectorAll(".filters").forEach(function (bar) {
    var cards = bar.parentNode.querySelectorAll(".card");
    bar.querySelectorAll("button.filter").forEach(function (b) {
      b.addEventListener("click", function () {
        var st = b.getAttribute("data-status");
        bar.querySelectorAll("button.filter").forEach(function (o) { o.classList.toggle("active", o === b); });
        cards.forEach(function (c) { c.hidden = st !== "" && c.getAttribute("data-status") !== st; });
      });
    });
  });
})();
