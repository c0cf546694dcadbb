// The term explorer's one script (templates/terms.html.j2): it reads the JSON block and
// writes every piece of article text with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("terms-data").textContent);
  var terms = data.terms, sides = data.sides, words = data.words;
  var byName = new Map(), contexts = new Map();
  terms.forEach(function (t, i) { byName.set(t[0], i); contexts.set(i, []); });
  data.contexts.forEach(function (c) { contexts.get(c[0]).push(c); });
  var svg = document.getElementById("scatter"), ring = document.getElementById("ring");
  var detail = document.getElementById("detail"), matches = document.getElementById("matches");
  var search = document.getElementById("search"), pointing = document.getElementById("pointing");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function rate(count, side) {
    if (!count) { return "0"; }
    var r = 10000 * count / words[side];
    return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2);
  }
  function verdict(t) {
    var kind = t[1], favoured = sides[t[9]];
    var q = t[7].charAt(0) === "<" ? "q " + t[7] : "q = " + t[7];
    if (kind === "t" || kind === "r") {
      return "Distinctive, used more in " + favoured + ": one of the bar chart's terms (" + q +
        ").";
    }
    if (kind === "d") {
      return "Distinctive, used more in " + favoured + ", but not among the bar chart's (" + q +
        ").";
    }
    return "Not distinctive (" + q + "): the difference is within what chance gives.";
  }
  function show(i) {
    var t = terms[i];
    if (!t) { return; }
    var dot = svg.querySelector('circle[data-i="' + i + '"]');
    if (dot) {
      ring.setAttribute("cx", dot.getAttribute("cx"));
      ring.setAttribute("cy", dot.getAttribute("cy"));
    }
    detail.replaceChildren();
    detail.appendChild(el("h2", t[0]));
    detail.appendChild(el("p", verdict(t), "note"));
    var table = el("table"), head = el("tr");
    ["", "uses", "per 10,000 words", "paragraphs"].forEach(function (h) {
      head.appendChild(el("th", h));
    });
    table.appendChild(head);
    [0, 1].forEach(function (s) {
      var row = el("tr");
      [sides[s], t[2 + s], rate(t[2 + s], s), t[4 + s]].forEach(function (v) {
        row.appendChild(el("td", v));
      });
      table.appendChild(row);
    });
    detail.appendChild(table);
    detail.appendChild(el("p", "Log-odds ratio, " + sides[0] + " against " + sides[1] + ": " +
      t[6] + " (0: the same rate; ±0.7: about twice as often).", "note"));
    var found = contexts.get(i);
    detail.appendChild(el("h2", found.length ? "In context" : "No line of context found"));
    var list = el("ul");
    list.id = "contexts";
    found.forEach(function (c) {
      var item = el("li", null, c[1] === 0 ? "s-t" : "s-r");
      var where = sides[c[1]] + " · " + data.articles[c[2]] + (c[3] ? " · " + c[3] : "");
      item.appendChild(el("div", where, "where"));
      item.appendChild(el("div", c[4], "line"));
      list.appendChild(item);
    });
    detail.appendChild(list);
  }
  function pick(event) {
    var target = event.target.closest ? event.target.closest("[data-i]") : null;
    if (target) { show(Number(target.getAttribute("data-i"))); }
  }
  svg.addEventListener("click", pick);
  matches.addEventListener("click", pick);
  document.getElementById("top-terms").addEventListener("click", pick);
  svg.addEventListener("mouseover", function (event) {
    var i = event.target.getAttribute("data-i");
    if (i !== null) {
      var t = terms[Number(i)];
      pointing.textContent = t[0] + ": " + t[2] + " in " + sides[0] + ", " + t[3] + " in " +
        sides[1] + " (click to read it in context)";
    }
  });
  function button(i) {
    var b = el("button", terms[i][0], "term k-" + terms[i][1]);
    b.type = "button";
    b.setAttribute("data-i", String(i));
    return b;
  }
  function find() {
    var query = search.value.trim().toLowerCase().replace(/\s+/g, " ");
    matches.replaceChildren();
    if (!query) { return; }
    var exact = byName.get(query), starting = [], containing = [];
    for (var i = 0; i < terms.length && starting.length < 12; i++) {
      if (i === exact) { continue; }
      var at = terms[i][0].indexOf(query);
      if (at === 0) { starting.push(i); } else if (at > 0 && containing.length < 12) {
        containing.push(i);
      }
    }
    var others = starting.concat(containing).slice(0, 12);
    if (exact !== undefined) { show(exact); }
    if (exact === undefined && others.length === 0) {
      matches.appendChild(el("p", "No plotted term matches \u201c" + query + "\u201d.", "note"));
    }
    others.forEach(function (i) { matches.appendChild(button(i)); });
  }
  search.addEventListener("input", find);
  search.addEventListener("keydown", function (event) {
    var first = matches.querySelector("[data-i]");
    if (event.key === "Enter" && first) { show(Number(first.getAttribute("data-i"))); }
  });
  document.body.setAttribute("data-ready", "");
  performance.mark("terms-ready");
})();
