// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  // The language switch keeps the reader's place: paragraph ids are shared
  // across languages, so the current #anchor is valid on the other side.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-keep-anchor]");
    if (a && location.hash) {
      a.href = a.href.split("#")[0] + location.hash;
    }
  });
  // On the root page, go to the visitor's preferred language. Only the
  // root redirects, and only forward to a language page, so it cannot loop;
  // without JavaScript the root is a plain chooser.
  var langs = document.querySelectorAll(".languages a[data-lang]");
  if (langs.length) {
    var pref = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();
    var en = pref.indexOf("zh") !== 0 && pref.indexOf("en") === 0;
    var first = en ? "en" : "zh";
    for (var i = 0; i < langs.length; i++) {
      if (langs[i].getAttribute("data-lang") === first) {
        location.replace(langs[i].href);
      }
    }
  }
})();
