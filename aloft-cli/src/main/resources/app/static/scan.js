/*
 * QR scanning for the crew and passenger apps, with the vendored jsQR: load
 * vendor/jsqr/jsQR.js, then this file, at the end of the body. No inline script: every scanner is
 * found by its markup.
 *
 *   <div class="scanner" data-scan-field="code" data-scan-form="pay" data-scan-prefix="AL1"
 *        data-label-starting="…" data-label-point="…" data-label-no-camera="…"
 *        data-label-found="…" data-label-not-found="…" data-label-wrong-code="…"
 *        data-label-broken="…">
 *     <p class="scanner-status" role="status" aria-live="polite"></p>          (optional)
 *     <button type="button" data-scan-start>Scan the code</button>             (optional)
 *     <label for="code-picture">Or choose a picture of the code</label>        (optional,
 *     <input type="file" id="code-picture" accept="image/*" capture="environment">  both)
 *   </div>
 *   <form id="pay" method="post" action="…"><input type="hidden" id="code" name="code"> …</form>
 *
 * The scanner starts the rear camera when the page loads, or when its data-scan-start button is
 * pressed if it has one (a page that shows a code of its own first). The camera plays in a muted
 * <video class="scanner-video"> added after the status; a few frames a second are decoded. On the
 * first code that starts with data-scan-prefix, it stops the camera, puts the code's text into
 * the field, fires "change" on it and submits the form (requestSubmit, so submit handlers run).
 * A picture chosen in the file input is read the same way, so a device without a camera, or
 * whose camera is refused, still works.
 *
 * Its state is in the scanner's data-scan-state attribute and, in words, in the status region
 * (added when the page has none): starting, point, no-camera, found, not-found (a picture without
 * a code), wrong-code (a code without the prefix; the camera keeps scanning), broken (the field,
 * the form or jsQR is missing). The words are the page's data-label-<state> strings, so the page
 * translates them; English stands in for a missing one. Failures are shown there, never thrown.
 */
(function () {
  'use strict';

  var FRAMES_PER_SECOND = 5;
  /* Frames and pictures are shrunk to this many pixels on their longer side before decoding:
     enough for a code filling a fifth of the view, and fast on a phone. */
  var MAX_DECODE_SIDE = 960;
  /* A photo larger than this is not a picture of a QR code worth reading. */
  var MAX_PICTURE_BYTES = 20 * 1024 * 1024;
  /* More characters than any QR code holds (version 40, numeric). */
  var MAX_TEXT_LENGTH = 7089;

  function label(scanner, name, fallback) {
    var text = scanner.getAttribute('data-label-' + name);
    return text === null ? fallback : text;
  }

  function statusRegion(scanner) {
    var status = scanner.querySelector('[role=status], .scanner-status');
    if (!status) {
      status = document.createElement('p');
      status.className = 'scanner-status';
      scanner.insertBefore(status, scanner.firstChild);
    }
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    return status;
  }

  /* The pixels of a video frame or picture, shrunk to MAX_DECODE_SIDE, as jsQR wants them. */
  function pixels(canvas, source, width, height) {
    var scale = Math.min(1, MAX_DECODE_SIDE / Math.max(width, height));
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    var context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    return context.getImageData(0, 0, canvas.width, canvas.height);
  }

  function decode(image, inversion) {
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: inversion });
    return code && code.data ? code.data : null;
  }

  function Scanner(element) {
    this.element = element;
    this.field = document.getElementById(element.getAttribute('data-scan-field'));
    this.form = document.getElementById(element.getAttribute('data-scan-form'));
    this.prefix = element.getAttribute('data-scan-prefix') || '';
    this.button = element.querySelector('button[data-scan-start]');
    this.status = statusRegion(element);
    this.canvas = document.createElement('canvas');
    this.stream = null;
    this.video = null;
    this.timer = null;
    this.starting = false;
    this.done = false;
  }

  Scanner.prototype.say = function (name, fallback) {
    this.element.setAttribute('data-scan-state', name);
    this.status.textContent = label(this.element, name, fallback);
  };

  /* Starts the camera and listens to the picker; false when the page's markup is incomplete. */
  Scanner.prototype.start = function () {
    if (!this.field || !this.form || typeof window.jsQR !== 'function') {
      this.say('broken', 'This page cannot scan codes.');
      return false;
    }
    var picker = this.element.querySelector('input[type=file]');
    if (picker) {
      picker.addEventListener('change', this.readPicture.bind(this, picker));
    }
    if (this.button) {
      this.button.addEventListener('click', this.startCamera.bind(this));
    } else {
      this.startCamera();
    }
    return true;
  };

  /* After the page comes back from the browser's cache: scan again, as on a first visit. */
  Scanner.prototype.resume = function () {
    this.done = false;
    if (this.button) {
      this.button.hidden = false;
    } else {
      this.startCamera();
    }
  };

  Scanner.prototype.noCamera = function () {
    this.stopCamera();
    this.say('no-camera', 'No camera. Choose a picture of the code instead.');
    if (this.button) {
      this.button.hidden = false;
    }
  };

  Scanner.prototype.startCamera = function () {
    var self = this;
    if (this.stream || this.starting || this.done) {
      return;
    }
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') {
      this.noCamera();
      return;
    }
    if (this.button) {
      this.button.hidden = true;
    }
    this.say('starting', 'Starting the camera…');
    this.starting = true;
    navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } }
    }).then(function (stream) {
      self.starting = false;
      if (self.done) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        return;
      }
      self.stream = stream;
      self.showVideo(stream);
    }).catch(function () {
      self.starting = false;
      self.noCamera();
    });
  };

  Scanner.prototype.showVideo = function (stream) {
    var self = this;
    var video = document.createElement('video');
    video.className = 'scanner-video';
    video.muted = true;
    video.setAttribute('muted', '');
    video.setAttribute('playsinline', '');
    video.setAttribute('aria-hidden', 'true');
    video.srcObject = stream;
    this.video = video;
    this.element.insertBefore(video, this.status.nextSibling);
    video.play().then(function () {
      self.say('point', 'Point the camera at the code.');
      self.timer = window.setInterval(self.readFrame.bind(self), 1000 / FRAMES_PER_SECOND);
    }).catch(function () {
      self.noCamera();
    });
  };

  Scanner.prototype.readFrame = function () {
    var video = this.video;
    if (this.done || !video || video.readyState < 2 || video.videoWidth === 0) {
      return;
    }
    try {
      var text = decode(pixels(this.canvas, video, video.videoWidth, video.videoHeight), 'dontInvert');
      if (text !== null) {
        this.accept(text);
      }
    } catch (error) {
      /* A frame that cannot be drawn (the camera going away) is skipped; the next one may do. */
    }
  };

  Scanner.prototype.readPicture = function (picker) {
    var self = this;
    var file = picker.files && picker.files[0];
    if (!file || this.done) {
      return;
    }
    if (file.size > MAX_PICTURE_BYTES || typeof window.createImageBitmap !== 'function') {
      this.say('not-found', 'No code found in that picture. Try another one.');
      return;
    }
    window.createImageBitmap(file).then(function (bitmap) {
      var text = decode(pixels(self.canvas, bitmap, bitmap.width, bitmap.height), 'attemptBoth');
      bitmap.close();
      if (text === null) {
        self.say('not-found', 'No code found in that picture. Try another one.');
      } else {
        self.accept(text);
      }
    }).catch(function () {
      self.say('not-found', 'No code found in that picture. Try another one.');
    });
  };

  /* Submits the code when it is one this scanner wants, and says why not otherwise. */
  Scanner.prototype.accept = function (text) {
    if (this.done) {
      return;
    }
    if (text.length > MAX_TEXT_LENGTH || text.indexOf(this.prefix) !== 0) {
      this.say('wrong-code', 'That is not a code this app can read.');
      return;
    }
    this.done = true;
    this.stopCamera();
    this.say('found', 'Code read. Sending…');
    this.field.value = text;
    this.field.dispatchEvent(new Event('change', { bubbles: true }));
    if (typeof this.form.requestSubmit === 'function') {
      this.form.requestSubmit();
    } else {
      this.form.submit();
    }
  };

  Scanner.prototype.stopCamera = function () {
    if (this.timer !== null) {
      window.clearInterval(this.timer);
      this.timer = null;
    }
    if (this.stream) {
      this.stream.getTracks().forEach(function (track) { track.stop(); });
      this.stream = null;
    }
    if (this.video) {
      this.video.srcObject = null;
      this.video.remove();
      this.video = null;
    }
  };

  function startAll() {
    var scanners = [];
    Array.prototype.forEach.call(document.querySelectorAll('.scanner[data-scan-field]'), function (element) {
      var scanner = new Scanner(element);
      if (scanner.start()) {
        scanners.push(scanner);
      }
    });
    /* Let go of the camera when the page goes away, so the next page (or app) can have it. */
    window.addEventListener('pagehide', function () {
      scanners.forEach(function (scanner) { scanner.stopCamera(); });
    });
    /* Back on a page kept in the browser's cache: scan again. */
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) {
        scanners.forEach(function (scanner) { scanner.resume(); });
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', startAll);
  } else {
    startAll();
  }
})();
