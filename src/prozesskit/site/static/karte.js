/* Prozesslandkarte: filters by Organisationseinheit, Priorität and status.
   Without JavaScript the filter box stays hidden and the map lists every process. */
"use strict";
(function () {
  var box = document.getElementById("filter");
  if (!box) { return; }
  var selects = box.querySelectorAll("select[data-filter]");
  var result = document.getElementById("filter-ergebnis");
  var items = document.querySelectorAll("li.prozess");
  var sections = document.querySelectorAll("section[data-bereich]");

  function apply() {
    var wanted = {};
    selects.forEach(function (select) { wanted[select.getAttribute("data-filter")] = select.value; });
    var shown = 0;
    items.forEach(function (item) {
      var match = Object.keys(wanted).every(function (key) {
        return wanted[key] === "" || item.getAttribute("data-" + key) === wanted[key];
      });
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = section.querySelector("li.prozess:not([hidden])") === null;
    });
    result.textContent = shown === 1 ? "1 Prozess angezeigt" : shown + " Prozesse angezeigt";
  }

  selects.forEach(function (select) { select.addEventListener("change", apply); });
  box.hidden = false;
  apply();
}());
