// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  // Opened from the file system, a link to a folder shows the folder's
  // listing, not its page: point links and forms at index.html instead.
  if (location.protocol === "file:") {
    var folders = document.querySelectorAll("a[href], form[action]");
    for (var f = 0; f < folders.length; f++) {
      var attr = folders[f].tagName === "FORM" ? "action" : "href";
      var parts = folders[f].getAttribute(attr).split("#");
      if (!/^[a-z][a-z0-9+.-]*:/i.test(parts[0]) && /(^|\/)$/.test(parts[0]) && !(parts[0] === "" && parts.length > 1)) {
        parts[0] += "index.html";
        folders[f].setAttribute(attr, parts.join("#"));
      }
    }
  }
  // The language switch keeps the reader's place: paragraph ids are shared
  // across languages, so the current #anchor is valid on the other side.
  // Without JavaScript the link still leads to the same page in the other
  // language.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-keep-anchor]");
    if (a && location.hash.length > 1) {
      a.href = a.href.split("#")[0] + location.hash;
    }
  });
  // On the root page, go to the visitor's preferred language: the first
  // of the browser's languages that the site has; if none, the chooser's
  // first link (as hreflang x-default does). Only the root redirects, and
  // only forward to a language page, so it cannot loop; without JavaScript
  // the root is a plain chooser.
  var langs = document.querySelectorAll(".languages a[data-lang]");
  if (langs.length) {
    var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    var target = langs[0];
    search: for (var p = 0; p < prefs.length; p++) {
      var pref = String(prefs[p]).toLowerCase();
      for (var i = 0; i < langs.length; i++) {
        var l = langs[i].getAttribute("data-lang");
        if (pref === l || pref.indexOf(l + "-") === 0) {
          target = langs[i];
          break search;
        }
      }
    }
    location.replace(target.href);
  }
})();
