/*
 * QR scanning for the crew and passenger apps, with the vendored jsQR: load
 * vendor/jsqr/jsQR.js, then this file, at the end of the body. No inline script: every scanner is
 * found by its markup (docs/apps.md, "Scanning"):
 *
 *   <form id="pay" method="post" action="…">
 *     <div class="scanner" data-scan-field="pay-code" data-scan-form="pay" data-scan-prefix="AL1"
 *          data-label-start="…" data-label-stop="…" data-label-file="…"
 *          data-label-starting="…" data-label-scanning="…" data-label-found="…"
 *          data-label-denied="…" data-label-no-camera="…" data-label-unreadable="…"
 *          data-label-wrong-code="…" data-label-broken="…"></div>
 *     <textarea id="pay-code" name="code"></textarea> …
 *   </form>
 *
 * Inside the scanner it uses, or adds when missing: a status region (role=status, aria-live); a
 * start button (button[data-scan-start], added when data-label-start is set); a stop button
 * (added when data-label-stop is set); a file picker (input[type=file], added with its label when
 * data-label-file is set). With a start button the camera starts when it is pressed; without
 * one, when the page loads. The camera plays in a muted <video class="scanner-video"> while it
 * runs, and a few frames a second are decoded.
 *
 * On the first code that starts with data-scan-prefix, it stops the camera, puts the code's text
 * into the field, fires "input" and "change" on it and submits the form (requestSubmit, so submit
 * handlers run). A picture chosen in the picker is read the same way, so a device without a
 * camera, or whose camera is refused, still works.
 *
 * Its state is in the scanner's data-scan-state attribute and, in words, in the status region:
 * starting, scanning, stopped, found, denied (the camera refused), no-camera (none, or none that
 * plays), unreadable (a picture without a code), wrong-code (a code without the prefix; the
 * camera keeps looking), broken (the field, the form or jsQR missing). The words are the page's
 * data-label-<state> strings, so the page translates them. Failures are shown there, never thrown.
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
  /* The words of a state whose own label the page leaves out: another state's, then English. */
  var FALLBACKS = {
    starting: ['scanning', 'Starting the camera…'],
    scanning: [null, 'Point the camera at the code.'],
    stopped: [null, ''],
    found: [null, 'Code read.'],
    denied: ['no-camera', 'The camera is not allowed. Choose a picture of the code instead.'],
    'no-camera': [null, 'No camera. Choose a picture of the code instead.'],
    unreadable: [null, 'No code found in that picture. Try another one.'],
    'wrong-code': ['unreadable', 'That is not a code this app reads.'],
    broken: [null, 'This page cannot scan codes. Paste the code instead.']
  };

  function label(scanner, state) {
    var own = scanner.getAttribute('data-label-' + state);
    if (own !== null) {
      return own;
    }
    var fallback = FALLBACKS[state];
    var other = fallback[0] === null ? null : scanner.getAttribute('data-label-' + fallback[0]);
    return other !== null ? other : fallback[1];
  }

  /* The element matching selector inside scanner, or the one make() adds when the page wants it. */
  function part(scanner, selector, make) {
    return scanner.querySelector(selector) || make();
  }

  function button(scanner, labelName, attribute) {
    var text = scanner.getAttribute('data-label-' + labelName);
    if (text === null) {
      return null;
    }
    var added = document.createElement('button');
    added.type = 'button';
    added.className = 'scanner-' + labelName;
    added.setAttribute(attribute, '');
    added.textContent = text;
    scanner.appendChild(added);
    return added;
  }

  /* A picker without "capture", so a phone offers its photos as well as its camera. */
  function picker(scanner, fieldId) {
    var text = scanner.getAttribute('data-label-file');
    if (text === null) {
      return null;
    }
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.id = fieldId + '-picture';
    var caption = document.createElement('label');
    caption.htmlFor = input.id;
    caption.textContent = text;
    scanner.appendChild(caption);
    scanner.appendChild(input);
    return input;
  }

  /* Hidden by the attribute and, since pages often style buttons with a display of their own
     that would override it, by the element's style too (CSSOM, which the CSP allows). */
  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
      element.style.display = visible ? '' : 'none';
    }
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
    var fieldId = element.getAttribute('data-scan-field') || '';
    this.element = element;
    this.field = document.getElementById(fieldId);
    this.form = document.getElementById(element.getAttribute('data-scan-form') || '');
    this.prefix = element.getAttribute('data-scan-prefix') || '';
    this.status = part(element, '[role=status]', function () {
      var added = document.createElement('p');
      added.className = 'scanner-status';
      element.insertBefore(added, element.firstChild);
      return added;
    });
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.startButton = part(element, 'button[data-scan-start]', function () {
      return button(element, 'start', 'data-scan-start');
    });
    this.stopButton = part(element, 'button[data-scan-stop]', function () {
      return button(element, 'stop', 'data-scan-stop');
    });
    this.picker = part(element, 'input[type=file]', function () {
      return picker(element, fieldId);
    });
    this.canvas = document.createElement('canvas');
    this.stream = null;
    this.video = null;
    this.timer = null;
    this.starting = false;
    this.wanted = false;
    this.done = false;
  }

  Scanner.prototype.say = function (state) {
    this.element.setAttribute('data-scan-state', state);
    this.status.textContent = label(this.element, state);
  };

  /* Shows the start button when the camera is off, the stop button while it runs. */
  Scanner.prototype.showButtons = function (running) {
    show(this.startButton, !running && !this.done);
    show(this.stopButton, running);
  };

  /* Wires the controls and starts the camera (now, or on the start button); false when the
     page's markup is incomplete. */
  Scanner.prototype.start = function () {
    if (!this.field || !this.form || typeof window.jsQR !== 'function') {
      this.say('broken');
      [this.startButton, this.stopButton, this.picker].forEach(function (control) {
        show(control, false);
      });
      return false;
    }
    if (this.picker) {
      this.picker.addEventListener('change', this.readPicture.bind(this));
    }
    if (this.stopButton) {
      this.stopButton.addEventListener('click', this.stop.bind(this));
    }
    this.showButtons(false);
    if (this.startButton) {
      this.startButton.addEventListener('click', this.startCamera.bind(this));
    } else {
      this.startCamera();
    }
    return true;
  };

  /* After the page comes back from the browser's cache: scan again, as on a first visit. */
  Scanner.prototype.resume = function () {
    this.done = false;
    this.showButtons(false);
    if (!this.startButton) {
      this.startCamera();
    }
  };

  Scanner.prototype.stop = function () {
    this.wanted = false;
    this.stopCamera();
    this.say('stopped');
  };

  Scanner.prototype.startCamera = function () {
    var self = this;
    this.wanted = true;
    if (this.stream || this.starting || this.done) {
      return;
    }
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') {
      this.cameraFailed(null);
      return;
    }
    this.say('starting');
    this.starting = true;
    this.showButtons(true);
    navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } }
    }).then(function (stream) {
      self.starting = false;
      self.stream = stream;
      if (self.done || !self.wanted) {
        self.stopCamera();
        return;
      }
      self.showVideo(stream);
    }).catch(function (error) {
      self.starting = false;
      self.cameraFailed(error);
    });
  };

  Scanner.prototype.cameraFailed = function (error) {
    this.stopCamera();
    var refused = error && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
    this.say(refused ? 'denied' : 'no-camera');
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
      if (self.video !== video) {
        return;
      }
      self.say('scanning');
      self.timer = window.setInterval(self.readFrame.bind(self), 1000 / FRAMES_PER_SECOND);
    }).catch(function (error) {
      if (self.video === video) {
        self.cameraFailed(error);
      }
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

  Scanner.prototype.readPicture = function () {
    var self = this;
    var file = this.picker.files && this.picker.files[0];
    if (!file || this.done) {
      return;
    }
    if (file.size > MAX_PICTURE_BYTES || typeof window.createImageBitmap !== 'function') {
      this.say('unreadable');
      return;
    }
    window.createImageBitmap(file).then(function (bitmap) {
      var text = decode(pixels(self.canvas, bitmap, bitmap.width, bitmap.height), 'attemptBoth');
      bitmap.close();
      if (text === null) {
        self.say('unreadable');
      } else {
        self.accept(text);
      }
    }).catch(function () {
      self.say('unreadable');
    });
  };

  /* Submits the code when it is one this scanner wants, and says why not otherwise. */
  Scanner.prototype.accept = function (text) {
    if (this.done) {
      return;
    }
    if (text.length > MAX_TEXT_LENGTH || text.indexOf(this.prefix) !== 0) {
      this.say('wrong-code');
      return;
    }
    this.done = true;
    this.stopCamera();
    this.say('found');
    this.field.value = text;
    this.field.dispatchEvent(new Event('input', { bubbles: true }));
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
    this.showButtons(false);
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
