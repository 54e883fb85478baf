/* vetting serve: the interview page's behaviour. Served from the package (no CDN), no inline script
   (the Content-Security-Policy forbids it). Every answer is sent as it is given; the assessment
   beside the form is replaced by the server's. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var form = document.getElementById("deal");
  var panel = document.getElementById("panel");
  var seq = 0, timer = null;

  function post(url, body, type) {
    var headers = {"X-CSRF-Token": csrf};
    if (type) { headers["Content-Type"] = type; }
    return fetch(url, {method: "POST", body: body, headers: headers, credentials: "same-origin"});
  }

  function fieldValue(name) {
    var els = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    var out = [];
    els.forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value !== "") { out.push(el.value); }
    });
    return out;
  }

  function updateVisibility() {
    form.querySelectorAll("[data-when]").forEach(function (box) {
      var own = fieldValue(box.getAttribute("data-field"));
      if (box.hasAttribute("data-group")) { own = own.concat([].slice.call(box.querySelectorAll(".items > [data-record]"))); }
      // every condition must hold: "field=a,b" holds while the field is unanswered or is a or b
      var holds = box.getAttribute("data-when").split(";").every(function (rule) {
        var at = rule.indexOf("="), listed = rule.slice(at + 1).split(",");
        var given = fieldValue(rule.slice(0, at));
        return given.length === 0 || given.some(function (v) { return listed.indexOf("*") >= 0 || listed.indexOf(v) >= 0; });
      });
      box.hidden = !(own.length > 0 || holds);
    });
  }

  function updateCurrency() {
    var cur = form.querySelector('[name="currency"]');
    if (!cur) { return; }
    var code = cur.value.trim().toUpperCase();
    form.querySelectorAll("[data-currency]").forEach(function (s) {
      if (!s.hasAttribute("data-default")) { s.setAttribute("data-default", s.textContent); }
      s.textContent = code || s.getAttribute("data-default");
    });
  }

  function updateMini() {  // the verdict and score in the header, for a phone scrolled down to the questions
    var mini = document.getElementById("mini"), v = panel && panel.querySelector('[data-testid="verdict"]');
    if (!mini || !v) { return; }
    var score = panel.querySelector('[data-testid="score"]');
    mini.textContent = v.textContent + " · " + (score ? score.textContent : "");
    mini.className = "mini verdict-" + v.getAttribute("data-verdict");
    mini.hidden = false;
  }

  function showProblems(problems) {
    form.querySelectorAll("[data-error-for]").forEach(function (p) { p.textContent = ""; });
    var list = document.getElementById("problems");
    list.textContent = "";
    problems.forEach(function (pr) {
      var slot = form.querySelector('[data-error-for="' + CSS.escape(pr.path) + '"]');
      if (slot) { slot.textContent = pr.message; }
      var li = document.createElement("li");
      li.setAttribute("data-path", pr.path);
      li.textContent = (pr.path ? pr.path + ": " : "") + pr.message;
      list.appendChild(li);
    });
  }

  function send() {
    var mine = ++seq;
    panel.setAttribute("data-state", "busy");
    var body = new URLSearchParams(new FormData(form));
    post(panel.getAttribute("data-answers"), body, "application/x-www-form-urlencoded")
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (mine !== seq) { return; }  // a later answer is on its way: its response wins
        showProblems(res.problems || []);
        if (res.html) { panel.innerHTML = res.html; panel.classList.remove("stale"); updateMini(); }
        else { panel.classList.add("stale"); }
        panel.setAttribute("data-state", "ready");
        panel.setAttribute("data-seq", String(mine));
      })
      .catch(function () { if (mine === seq) { panel.setAttribute("data-state", "error"); } });
  }

  function changed(ev) {
    var el = ev.target;
    if (el && el.type === "checkbox") {  // "none of these" and a choice exclude each other
      var box = el.closest(".choices, .group-actions");
      if (box && el.value === "[]" && el.checked) {
        box.querySelectorAll('input[type="checkbox"]').forEach(function (c) { if (c !== el) { c.checked = false; } });
      } else if (box && el.checked) {
        box.querySelectorAll('input[value="[]"]').forEach(function (c) { c.checked = false; });
      }
    }
    updateVisibility();
    updateCurrency();
    clearTimeout(timer);
    panel.setAttribute("data-state", "busy");
    timer = setTimeout(send, 150);
  }

  function typed(ev) {  // while typing: send once the typing pauses
    var el = ev.target;
    if (!el || !(el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text"))) { return; }
    clearTimeout(timer);
    panel.setAttribute("data-state", "busy");
    timer = setTimeout(function () { updateCurrency(); send(); }, 600);
  }

  function renumber(group) {
    var name = group.getAttribute("data-group");
    group.querySelectorAll(".items > [data-record]").forEach(function (rec, i) {
      var legend = rec.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent.replace(/\s*\d*\s*$/, " " + (i + 1)); }
      rec.querySelectorAll("[name], [id], [for], [data-error-for], [data-field], [data-when]").forEach(function (el) {
        ["name", "id", "for", "data-error-for", "data-field", "data-when"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v === null) { return; }
          var esc = name.replace(/[.]/g, "[.-]");  // an id writes the path's dots and brackets as -
          v = v.replace(new RegExp("^(f-)?(" + esc + ")(\\[|-)(\\d+|__i__)(\\]|-)"), function (m, f, n, a, idx, b) {
            return (f || "") + n + a + i + b;
          });
          el.setAttribute(attr, v);
        });
      });
    });
  }

  function addRecord(button) {
    var group = button.closest("[data-group]");
    var tpl = group.querySelector("template");
    var node = tpl.content.firstElementChild.cloneNode(true);
    group.querySelector(".items").appendChild(node);
    var none = group.querySelector('.group-actions input[value="[]"]');
    if (none) { none.checked = false; }
    renumber(group);
    var idField = node.querySelector('input[name$="].id"]');
    if (idField && !idField.value) {
      var n = group.querySelectorAll(".items > [data-record]").length;
      idField.value = "kpi-" + n;
    }
    updateVisibility();
    var first = node.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
    changed({target: null});
  }

  function removeRecord(button) {
    var rec = button.closest("[data-record]"), group = button.closest("[data-group]");
    rec.remove();
    renumber(group);
    changed({target: null});
  }

  function save(button) {
    var status = document.getElementById("save-status");
    clearTimeout(timer);
    post(button.getAttribute("data-save"), new URLSearchParams({csrf: csrf}), "application/x-www-form-urlencoded")
      .then(function (r) { return r.json(); })
      .then(function (res) { status.textContent = res.message || ""; });
  }

  function copy(button) {
    var text = document.getElementById(button.getAttribute("data-copy"));
    var done = button.parentNode.querySelector("[data-copied]");
    var shown = function () { if (done) { done.hidden = false; } };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text.value).then(shown, function () { text.select(); document.execCommand("copy"); shown(); });
    } else { text.select(); document.execCommand("copy"); shown(); }
  }

  function start(button) {  // a new deal (a fetch, not a form: a form's Origin is "null" under no-referrer)
    post(button.getAttribute("data-new"), new URLSearchParams({csrf: csrf}), "application/x-www-form-urlencoded")
      .then(function (r) { return r.json(); })
      .then(function (res) { if (res.location) { window.location.assign(res.location); } });
  }

  function upload(input) {
    var file = input.files && input.files[0];
    if (!file) { return; }
    var list = document.getElementById("upload-problems");
    fetch(input.getAttribute("data-upload"), {method: "POST", body: file, credentials: "same-origin",
      headers: {"X-CSRF-Token": csrf, "X-Filename": encodeURIComponent(file.name)}})
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (res.location) { window.location.assign(res.location); return; }
        list.textContent = "";
        (res.problems || []).forEach(function (p) {
          var li = document.createElement("li"); li.textContent = p; list.appendChild(li);
        });
      });
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target.closest("button");
    if (!t) { return; }
    if (t.hasAttribute("data-add")) { addRecord(t); }
    else if (t.hasAttribute("data-remove")) { removeRecord(t); }
    else if (t.hasAttribute("data-save")) { save(t); }
    else if (t.hasAttribute("data-copy")) { copy(t); }
    else if (t.hasAttribute("data-new")) { start(t); }
  });
  document.addEventListener("toggle", function (ev) {  // the letter is fetched when its section opens
    var box = ev.target;
    if (!box.open || !box.hasAttribute || !box.hasAttribute("data-letter")) { return; }
    fetch(box.getAttribute("data-letter"), {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (text) { box.querySelector("textarea").value = text; });
  }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target.hasAttribute && ev.target.hasAttribute("data-upload")) { upload(ev.target); return; }
    if (form && form.contains(ev.target)) { changed(ev); }
  });
  if (form) {
    form.addEventListener("input", typed);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    updateVisibility();
    updateCurrency();
    updateMini();
  }
})();
