// The dataset table: filter by text and kind, sort by any column.
// Progressive enhancement only: without this script the table is a plain,
// complete table and the page works as it is.
(function () {
  "use strict";
  var table = document.querySelector(".ds-table");
  var bar = document.querySelector(".ds-filter");
  if (!table || !bar) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var q = document.getElementById("ds-q");
  var kind = document.getElementById("ds-kind");
  var shown = bar.querySelector(".ds-shown");
  var msg = bar.getAttribute("data-msg-shown") || "{n} / {total}";
  var text = rows.map(function (r) { return r.textContent.toLowerCase(); });

  function filter() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var k = kind.value, n = 0;
    rows.forEach(function (r, i) {
      var ok = (!k || r.getAttribute("data-kind") === k) &&
        words.every(function (w) { return text[i].indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = msg.replace("{n}", n).replace("{total}", rows.length);
  }

  function cell(r, col) {
    var c = r.cells[col];
    return c.getAttribute("data-sort") || c.textContent.trim();
  }

  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = th.textContent;
    b.title = bar.getAttribute("data-msg-sort") || "";
    th.textContent = "";
    th.appendChild(b);
    var numeric = th.getAttribute("data-type") === "number";
    b.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var order = rows.map(function (r, i) { return i; });
      order.sort(function (i, j) {
        var a = cell(rows[i], col), c = cell(rows[j], col), d;
        if (numeric) d = parseFloat(a) - parseFloat(c);
        else d = a.localeCompare(c, document.documentElement.lang);
        return (asc ? d : -d) || i - j;
      });
      order.forEach(function (i) { body.appendChild(rows[i]); });
    });
  });

  q.addEventListener("input", filter);
  kind.addEventListener("change", filter);
  bar.hidden = false;
  filter();
})();
