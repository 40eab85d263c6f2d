// Keeps parts of an app page current without inline script (the Content-Security-Policy forbids it):
// an <img data-refresh-ms="N"> is fetched again every N ms (a one-scan code signs itself afresh),
// and an element with data-reload-ms="N" reloads the page every N ms (an upload's progress).
(function () {
  'use strict';
  function every(selector, attribute, action) {
    document.querySelectorAll(selector).forEach(function (element) {
      var ms = parseInt(element.getAttribute(attribute), 10);
      if (ms >= 1000) {
        setInterval(function () { action(element); }, ms);
      }
    });
  }
  every('img[data-refresh-ms]', 'data-refresh-ms', function (img) {
    var next = new Image();
    var base = img.getAttribute('src').split('?')[0];
    next.onload = function () { img.src = next.src; };
    next.src = base + '?t=' + Date.now();
  });
  every('[data-reload-ms]', 'data-reload-ms', function () { window.location.reload(); });
}());
