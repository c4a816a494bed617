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

  function showErrors(errors) {
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector('[name="' + name + '"]');
      if (field) field.closest("[data-item]").classList.add("border-danger");
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
      .then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); })
      .then(function (res) {
        inFlight = false;
        // Only forget what was sent and not changed again since.
        Object.keys(sending).forEach(function (n) { if (pending[n] === sending[n]) delete pending[n]; });
        if (res.status === 410) { say(res.data.message); return; }
        updateProgress(res.data.progress, res.data.sections);
        if (res.data.errors && Object.keys(res.data.errors).length) {
          showErrors(res.data.errors);
          say("Some answers were not saved: use the Save button to see why.");
        } else {
          say("All changes saved");
        }
        if (Object.keys(pending).length) flush();
      })
      .catch(function () {
        inFlight = false;
        say("Not saved yet: no connection. Retrying…");
        clearTimeout(retryTimer);
        retryTimer = setTimeout(flush, 4000);
      });
  }

  function queue(field) {
    if (!field.name || field.name === "csrfmiddlewaretoken" || field.name === "go") return;
    if (field.type === "radio" && !field.checked) return;
    pending[field.name] = field.value;
    flush();
  }

  var typingTimer = null;
  form.addEventListener("change", function (e) { queue(e.target); });
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
