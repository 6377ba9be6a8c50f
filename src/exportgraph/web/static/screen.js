// The screening table: sort by a column (click its header), filter by text and by answer.
(function () {
  "use strict";
  var table = document.getElementById("screened");
  if (!table) { return; }
  var body = table.tBodies[0];
  var text = document.getElementById("screen-filter");
  var status = document.getElementById("screen-status");
  var shown = document.getElementById("screen-shown");

  function cell(row, index) { return row.cells[index].textContent.trim(); }

  function sortBy(header, index) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var numeric = header.dataset.kind === "number";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cell(a, index), y = cell(b, index);
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function filter() {
    var wanted = text.value.toLowerCase();
    var answer = status.value;
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var show = (!answer || row.dataset.status === answer) &&
        (!wanted || row.textContent.toLowerCase().indexOf(wanted) !== -1);
      row.hidden = !show;
      if (show) { count += 1; }
    });
    shown.textContent = count + " / " + body.rows.length;
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th, index); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { sortBy(th, index); }
    });
  });
  text.addEventListener("input", filter);
  status.addEventListener("change", filter);
  filter();
}());
