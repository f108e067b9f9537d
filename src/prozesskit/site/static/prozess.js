/* Process page: the name and documentation of the BPMN element under the pointer or in
   focus, shown beside the drawing (the <title> and <desc> the renderer wrote). */
"use strict";
(function () {
  function describe(group) {
    var title = group.querySelector(":scope > title");
    var desc = group.querySelector(":scope > desc");
    var text = title ? title.textContent : "";
    if (desc && desc.textContent) { text += ": " + desc.textContent; }
    return text;
  }
  document.querySelectorAll("figure[data-zeichnung]").forEach(function (figure) {
    var info = figure.querySelector(".elementinfo");
    if (!info) { return; }
    info.hidden = false;
    info.textContent = "Ein Element zeigen oder mit der Tabulatortaste ansteuern.";
    function show(event) {
      var group = event.target.closest ? event.target.closest("g.bpmn-element") : null;
      if (group && figure.contains(group)) { info.textContent = describe(group); }
    }
    figure.addEventListener("mouseover", show);
    figure.addEventListener("focusin", show);
  });
}());
