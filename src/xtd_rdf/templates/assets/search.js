// Live search over names and titles. Without JavaScript the search section stays hidden
// and the site is browsed through its listings.
(function () {
  "use strict";
  var section = document.getElementById("search");
  var data = document.getElementById("search-index");
  if (!section || !data) return;
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
  var entries = JSON.parse(data.textContent).map(function (e) {
    return { label: e[0], kind: e[1], href: e[2], key: fold(e[0] + " " + e[3]), name: fold(e[0]) };
  });
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  section.hidden = false;

  function show() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    status.textContent = "";
    if (!words.length) return;
    var hits = entries.filter(function (e) {
      return words.every(function (w) { return e.key.indexOf(w) >= 0; });
    });
    hits.sort(function (a, b) { return (b.name.indexOf(words[0]) === 0) - (a.name.indexOf(words[0]) === 0); });
    hits.slice(0, 40).forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span");
      a.href = e.href;
      a.textContent = e.label;
      kind.className = "meta";
      kind.textContent = e.kind;
      li.append(a, " ", kind);
      list.append(li);
    });
    status.textContent = hits.length ? section.dataset.found.replace("{n}", hits.length) : section.dataset.empty;
  }

  input.addEventListener("input", show);
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; show(); }
})();
