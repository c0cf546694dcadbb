// Sorts the table by the clicked column: numbers by their data-value (largest size first),
// text as text; a second click reverses. Rows are moved, never rebuilt from text.
(function () {
  var table = document.getElementById("articles");
  var body = table.tBodies[0];
  var state = {column: -1, down: true};
  function key(row, column) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-value");
    if (value !== null) { return value === "" ? NaN : parseFloat(value); }
    return cell.textContent.toLowerCase();
  }
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = parseInt(button.getAttribute("data-column"), 10);
      state.down = state.column === column ? !state.down : true;
      state.column = column;
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column), y = key(b, column);
        if (typeof x === "number") {
          if (isNaN(x)) { return isNaN(y) ? 0 : 1; }
          if (isNaN(y)) { return -1; }
          return state.down ? Math.abs(y) - Math.abs(x) : Math.abs(x) - Math.abs(y);
        }
        return state.down ? (x < y ? -1 : x > y ? 1 : 0) : (x < y ? 1 : x > y ? -1 : 0);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
