(function () {
  function sortTable(table, column) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = table.dataset.sortColumn !== String(column) || table.dataset.sortOrder !== "asc";
    rows.sort(function (a, b) {
      var x = a.cells[column].textContent, y = b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.dataset.sortColumn = String(column);
    table.dataset.sortOrder = ascending ? "asc" : "desc";
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener("click", function () { sortTable(table, i); });
    });
  });
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var text = filter.value.toLowerCase();
    Array.prototype.forEach.call(document.getElementById("tests").tBodies[0].rows, function (row) {
      row.style.display = row.textContent.toLowerCase().indexOf(text) >= 0 ? "" : "none";
    });
  });
  // A chart the browser laid out has a non-empty box: data-drawn says so.
  document.querySelectorAll("svg[id^='chart-']").forEach(function (svg) {
    var box = svg.getBBox();
    svg.dataset.drawn = String(box.width > 0 && box.height > 0);
  });
  document.documentElement.dataset.ready = "true";
})();
