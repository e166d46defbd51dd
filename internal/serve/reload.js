// reportsite serve: reloads this page when a rebuild changes it and shows
// build errors over it. Added by the dev server only, never to the built site.
(function () {
  "use strict";
  var me = document.currentScript.dataset;
  var page = me.page, hash = me.hash;

  function overlay() {
    return document.getElementById("__reportsite-error");
  }
  function show(msg) {
    var o = overlay();
    if (!o) return;
    o.querySelector("pre").textContent = msg;
    o.hidden = false;
  }
  function hide() {
    var o = overlay();
    if (o) o.hidden = true;
  }
  document.addEventListener("click", function (e) {
    var o = overlay();
    if (o && e.target.parentNode === o && e.target.tagName === "BUTTON") hide();
  });

  var events = new EventSource("/__reload?page=" + encodeURIComponent(page));
  // On (re)connecting: reload if the page changed while this tab was not
  // listening (between loading and connecting, or while the server was
  // restarting).
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (d.hash !== hash) {
      location.reload();
    } else if (d.ok) {
      hide();
    } else {
      show(d.error);
    }
  });
  events.addEventListener("build", function (e) {
    var d = JSON.parse(e.data);
    if (!d.ok) {
      show(d.error);
    } else if (d.all || (d.paths || []).indexOf(page) >= 0) {
      location.reload();
    } else {
      hide();
    }
  });
})();
