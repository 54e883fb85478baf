/* vetting serve: the contract review and questionnaire screens. Served from the package, no inline script. The contract
   is sent as it is (the server reads it as `vetting scan` does); decisions are sent with fetch (a
   plain form's Origin is "null" under no-referrer, which the guard refuses) and the review is
   replaced by the server's. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function showMarks(root) {  // each page scrolled to its quote
    root.querySelectorAll(".page-text").forEach(function (box) {
      var mark = box.querySelector("mark");
      if (mark) { box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 24); }
    });
  }

  function scan(input) {  // a contract (data-scan) or a filled form (data-answers) sent as it is
    var file = input.files && input.files[0];
    if (!file) { return; }
    var status = document.getElementById("scan-status"), list = document.getElementById("scan-problems");
    var complete = document.getElementById("complete"), by = document.getElementById("answered-by");
    status.hidden = false;
    list.textContent = "";
    fetch(input.getAttribute("data-scan") || input.getAttribute("data-answers"), {method: "POST", body: file,
      credentials: "same-origin",
      headers: {"X-CSRF-Token": csrf, "X-Filename": encodeURIComponent(file.name),
                "X-Complete": complete && complete.checked ? "1" : "0",
                "X-By": encodeURIComponent(by ? by.value : "")}})
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (res.location) { window.location.assign(res.location); return; }
        status.hidden = true;
        (res.problems || []).forEach(function (p) {
          var li = document.createElement("li"); li.textContent = p; list.appendChild(li);
        });
      });
  }

  document.addEventListener("change", function (ev) {
    if (ev.target.hasAttribute && (ev.target.hasAttribute("data-scan") || ev.target.hasAttribute("data-answers"))) {
      scan(ev.target);
    }
  });
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.id !== "review" && form.id !== "merge") { return; }
    ev.preventDefault();
    var url = (ev.submitter && ev.submitter.getAttribute("formaction")) || form.getAttribute("action");
    form.setAttribute("data-state", "busy");
    fetch(url, {method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: {"X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded"}})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(form.id);
        if (!fresh) { form.setAttribute("data-state", "error"); return; }
        form.replaceWith(fresh);
        showMarks(fresh);
        var changes = document.getElementById("changes");
        if (changes) { changes.scrollIntoView(); }
      });
  });
  showMarks(document);
})();
