// Save each answer as soon as it changes, so a closed tab loses nothing.
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
  var retryTimer = null;

  function say(text) { if (status) status.textContent = text; }

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

  function flush() {
    if (inFlight) return;
    var names = Object.keys(pending);
    if (!names.length) return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    var sending = {};
    names.forEach(function (n) { body.append(n, pending[n]); sending[n] = pending[n]; });
    inFlight = true;
    say("Saving…");
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf } })
      .then(function (r) {
        return r.json().then(
          function (data) { return { status: r.status, data: data }; },
          function () { return { status: r.status, data: null }; }
        );
      })
      .then(function (res) {
        inFlight = false;
        if (res.status >= 500) { retryLater("Not saved yet: the server is busy. Retrying…"); return; }
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
        if (res.data.errors && Object.keys(res.data.errors).length) {
          showErrors(res.data.errors);
          say("Some answers were not saved: see the message beside each one.");
        } else {
          say("All changes saved");
        }
        if (Object.keys(pending).length) flush();
      })
      .catch(function () {
        inFlight = false;
        retryLater("Not saved yet: no connection. Retrying…");
      });
  }

  // Network failures and server errors are retried, waiting longer each time (up to a minute).
  var retryDelay = 4000;
  function retryLater(text) {
    say(text);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function queue(field) {
    if (!field.name || field.name === "csrfmiddlewaretoken" || field.name === "go") return;
    if (field.type === "radio" && !field.checked) return;
    // The server has already answered for this very value: sending it again changes nothing.
    if (!(field.name in pending) && answered[field.name] === field.value) return;
    pending[field.name] = field.value;
    flush();
  }

  var typingTimer = null;
  form.addEventListener("change", function (e) { clearTimeout(typingTimer); queue(e.target); });
  form.addEventListener("input", function (e) {
    if (e.target.tagName !== "TEXTAREA") return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { queue(e.target); }, 1200);
  });
  window.addEventListener("beforeunload", function (e) {
    if (Object.keys(pending).length) { e.preventDefault(); e.returnValue = ""; }
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
