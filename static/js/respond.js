// Save each answer as it changes, so a closed tab loses nothing.
// Without JavaScript the page still works: every button saves the whole page.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var url = form.getAttribute("data-autosave");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = document.querySelector("[data-save-status]");
  var pending = {}; // field name -> value, not yet confirmed by the server
  var answered = {}; // field name -> the last value the server saved or refused
  var inFlight = false;
  var failing = false; // the last save did not reach the server: a retry is waiting
  var retryTimer = null;
  var sendTimer = null;
  var firstChangeAt = 0; // when the oldest change not yet sent was made
  // Changes close together go in one request: a tap waits QUIET_MS for the next one, typing
  // TYPING_MS, but no change waits more than MAX_WAIT_MS, so someone tapping steadily down a
  // page still has their answers saved every couple of seconds.
  var QUIET_MS = 600;
  var TYPING_MS = 1000;
  var MAX_WAIT_MS = 2000;

  function say(text) { if (status && status.textContent !== text) status.textContent = text; }

  function updateProgress(progress, sections) {
    var bar = document.querySelector("[data-progress]");
    if (bar && progress) {
      bar.setAttribute("aria-valuenow", progress.answered);
      bar.querySelector(".progress-bar").style.width = progress.percent + "%";
      document.querySelector("[data-progress-text]").textContent =
        progress.answered + " of " + progress.total;
    }
    Object.keys(sections || {}).forEach(function (key) {
      var badge = document.querySelector('[data-section-count="' + key + '"]');
      if (!badge) return;
      var size = badge.getAttribute("data-size");
      badge.firstChild.textContent = sections[key] + "/" + size;
      badge.classList.toggle("text-bg-success", String(sections[key]) === size);
      badge.classList.toggle("text-bg-light", String(sections[key]) !== size);
    });
  }

  // Say beside each item what could not be saved, so the respondent can fix just that one.
  function showErrors(errors) {
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector('[name="' + name + '"]');
      var item = field && field.closest("[data-item]");
      if (!item) return;
      item.classList.add("border-danger");
      var note = item.querySelector("[data-save-error]");
      if (!note) {
        note = document.createElement("p");
        note.className = "text-danger small mb-2";
        note.setAttribute("data-save-error", "");
        note.id = "save-error-" + name;
        item.insertBefore(note, item.children[1] || null);
      }
      note.textContent = "Not saved: " + errors[name];
      var described = (field.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(note.id) < 0) {
        field.setAttribute("aria-describedby", described.concat(note.id).join(" ").trim());
      }
    });
  }

  function clearErrors(names, errors) {
    names.forEach(function (name) {
      if (errors && errors[name]) return;
      var field = form.querySelector('[name="' + name + '"]');
      var item = field && field.closest("[data-item]");
      var note = item && item.querySelector("[data-save-error]");
      if (!note) return;
      note.remove();
      if (!item.querySelector("[data-save-error]")) item.classList.remove("border-danger");
    });
  }

  // An answer carried over from last time, once saved as chosen, is confirmed: drop its
  // "From last time" marks, and the "Same as last time" offer once none is left.
  function markConfirmed(names, errors) {
    names.forEach(function (name) {
      if (errors && errors[name]) return;
      var note = form.parentNode.querySelector('[data-carried-note="' + name + '"]');
      if (!note) return;
      note.remove();
      form.querySelectorAll('[data-carried-for="' + name + '"]').forEach(function (label) {
        label.classList.remove("carried");
        var tag = label.querySelector(".carried-tag");
        if (tag) tag.remove();
      });
      form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
        var refs = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && id !== "carried-" + name;
        });
        if (refs.length) field.setAttribute("aria-describedby", refs.join(" "));
        else field.removeAttribute("aria-describedby");
      });
    });
    var open = 0;
    form.querySelectorAll("[data-item]").forEach(function (item) {
      if (item.querySelector("[data-carried-note]")) open += 1;
    });
    var count = document.querySelector("[data-carried-count]");
    if (count) count.textContent = open;
    if (!open) {
      document.querySelectorAll("[data-carried-box]").forEach(function (el) { el.hidden = true; });
    }
  }

  function post(fields, keepalive) {
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(fields).forEach(function (n) { body.append(n, fields[n]); });
    // keepalive lets the request finish after the page has gone (a closed tab, a link).
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin", keepalive: keepalive,
      headers: { "X-CSRFToken": csrf },
    });
  }

  function flush(keepalive) {
    clearTimeout(sendTimer);
    if (inFlight) return;
    var names = Object.keys(pending);
    if (!names.length) return;
    var sending = {};
    names.forEach(function (n) { sending[n] = pending[n]; });
    firstChangeAt = 0;
    inFlight = true;
    say("Saving…");
    post(sending, keepalive)
      .then(function (r) {
        return r.json().then(
          function (data) { return { status: r.status, data: data }; },
          function () { return { status: r.status, data: null }; }
        );
      })
      .then(function (res) {
        inFlight = false;
        if (res.status >= 500) { retryLater("Not saved yet: the server is busy. Retrying…"); return; }
        failing = false;
        // The server answered: forget what was sent and not changed again since. What it
        // refused is not sent again (it would be refused again); only failures retry.
        Object.keys(sending).forEach(function (n) {
          answered[n] = sending[n];
          if (pending[n] === sending[n]) delete pending[n];
        });
        retryDelay = 4000;
        if (res.status === 410) { say(res.data ? res.data.message : "This link no longer works."); return; }
        if (!res.data) { say("This change could not be saved. Reload the page and try again."); return; }
        updateProgress(res.data.progress, res.data.sections);
        clearErrors(Object.keys(sending), res.data.errors);
        markConfirmed(Object.keys(sending), res.data.errors);
        if (res.data.errors && Object.keys(res.data.errors).length) {
          showErrors(res.data.errors);
          say("Some answers were not saved: see the message beside each one.");
        } else if (Object.keys(pending).length) {
          say("Saving…");
        } else {
          say("All changes saved");
        }
        // Changes made while this request was out have waited already: send them now.
        if (Object.keys(pending).length) flush(false);
      })
      .catch(function () {
        inFlight = false;
        retryLater("Not saved yet: no connection. Retrying…");
      });
  }

  // Network failures and server errors are retried, waiting longer each time (up to a minute).
  var retryDelay = 4000;
  function retryLater(text) {
    failing = true;
    say(text);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { flush(false); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function schedule(quiet) {
    var now = Date.now();
    if (!firstChangeAt) firstChangeAt = now;
    if (inFlight) return; // sent as soon as the request out now comes back
    clearTimeout(sendTimer);
    sendTimer = setTimeout(function () { flush(false); },
      Math.max(0, Math.min(quiet, firstChangeAt + MAX_WAIT_MS - now)));
  }

  function queue(field, quiet) {
    if (!field.name || field.name === "csrfmiddlewaretoken" || field.name === "go") return;
    if (field.type === "radio" && !field.checked) return;
    // The server has already answered for this very value: sending it again changes nothing.
    if (!(field.name in pending) && answered[field.name] === field.value) return;
    pending[field.name] = field.value;
    if (!failing) say("Saving…");
    schedule(quiet);
  }

  // Leaving the page (a link, another app, a closed tab): send what is waiting now, with
  // keepalive so it arrives even if the page is gone. If a request is out, send everything
  // not yet confirmed again rather than trust it to finish: saving a value twice changes
  // nothing.
  function leaving() {
    if (!Object.keys(pending).length) return;
    if (!inFlight) { flush(true); return; }
    post(pending, true).catch(function () {});
  }

  form.addEventListener("change", function (e) { queue(e.target, QUIET_MS); });
  form.addEventListener("input", function (e) {
    if (e.target.tagName === "TEXTAREA") queue(e.target, TYPING_MS);
  });
  // The page's own buttons post every field: nothing is left for autosave to send.
  form.addEventListener("submit", function () {
    pending = {};
    clearTimeout(sendTimer);
    clearTimeout(retryTimer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") leaving();
  });
  window.addEventListener("pagehide", leaving);
  // Only when saving is failing is there anything to warn about: otherwise whatever is
  // waiting goes with keepalive as the page is left.
  window.addEventListener("beforeunload", function (e) {
    if (failing && Object.keys(pending).length) { e.preventDefault(); e.returnValue = ""; }
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
