/* Search over the index suchindex.js defines (window.PROZESSKIT_SUCHINDEX).
   Folding and matching are the same as prozesskit.site.search in Python (tested there):
   lower case, ä/ae -> a, ö/oe -> o, ü/ue -> u, ß -> ss, accents removed; a query word
   matches a term that starts with it, contains it (words of 4+ letters) or is a stem
   (5+ letters) the word starts with. Results are built with textContent only. */
"use strict";
(function () {
  var index = window.PROZESSKIT_SUCHINDEX;
  var form = document.querySelector("form.suche");
  var input = document.getElementById("q");
  var status = document.getElementById("suche-status");
  var list = document.getElementById("treffer");
  if (!index || !form || !input) { return; }
  var stop = {};
  index.stopwords.forEach(function (word) { stop[word] = true; });
  var terms = Object.keys(index.terms);

  function fold(text) {
    var lowered = text.toLowerCase()
      .replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/ß/g, "ss");
    lowered = lowered.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return lowered.replace(/(?<![aeiou])(ae|oe|ue)/g, function (m) { return m.charAt(0); });
  }

  function queryWords(query) {
    var found = fold(query).match(/[a-z0-9]+/g) || [];
    var seen = [];
    found.forEach(function (word) {
      if (word.length > 1 && !stop[word] && seen.indexOf(word) < 0) { seen.push(word); }
    });
    return seen;
  }

  function matchWeight(word, term) {
    if (term === word) { return 1.0; }
    if (term.indexOf(word) === 0) { return 0.7; }
    if (word.length >= 4 && term.indexOf(word) > 0) { return 0.5; }
    if (term.length >= 5 && word.indexOf(term) === 0) { return 0.4; }
    return 0;
  }

  function search(query) {
    var found = null;
    queryWords(query).forEach(function (word) {
      var best = {};
      terms.forEach(function (term) {
        var weight = matchWeight(word, term);
        if (!weight) { return; }
        var flat = index.terms[term];
        for (var i = 0; i < flat.length; i += 2) {
          var score = weight * flat[i + 1];
          if (score > (best[flat[i]] || 0)) { best[flat[i]] = score; }
        }
      });
      if (found === null) { found = best; return; }
      var next = {};
      Object.keys(found).forEach(function (doc) {
        if (best[doc] !== undefined) { next[doc] = found[doc] + best[doc]; }
      });
      found = next;
    });
    var ranked = Object.keys(found || {}).map(function (doc) { return [Number(doc), found[doc]]; });
    ranked.sort(function (a, b) {
      if (b[1] !== a[1]) { return b[1] - a[1]; }
      var x = index.docs[a[0]][1], y = index.docs[b[0]][1];
      return x < y ? -1 : (x > y ? 1 : 0);
    });
    return ranked;
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query.trim()) { status.textContent = ""; return; }
    var ranked = search(query);
    status.textContent = ranked.length === 1 ? "1 Prozess gefunden" : ranked.length + " Prozesse gefunden";
    ranked.slice(0, 200).forEach(function (hit) {
      var doc = index.docs[hit[0]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc[0];
      link.textContent = doc[1];
      item.appendChild(link);
      var where = document.createElement("span");
      where.className = "ort";
      where.textContent = [doc[2], doc[3]].filter(Boolean).join(" · ");
      item.appendChild(where);
      if (doc[4]) {
        var snippet = document.createElement("span");
        snippet.textContent = doc[4];
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  input.addEventListener("input", function () { show(input.value); });
  show(input.value);
}());
