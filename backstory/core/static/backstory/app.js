/* Small page behaviour that htmx does not cover: the person picker, keyboard shortcuts and
   confirmations. The Content-Security-Policy allows no inline script or on…= handlers:
   page behaviour lives here, keyed on data- attributes. */
(function () {
  "use strict";

  // <form data-confirm="Delete this tip?">: ask before a destructive submit.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  function addChip(picker, id, name) {
    var field = picker.dataset.field;
    var multiple = picker.dataset.multiple === "1";
    var chips = picker.querySelector(".chips");
    if (chips.querySelector('input[value="' + id + '"]')) return;
    if (!multiple) chips.innerHTML = "";
    var chip = document.createElement("span");
    chip.className = "chip";
    chip.dataset.id = id;
    var label = document.createElement("span");
    label.textContent = name;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = field;
    input.value = id;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("aria-label", "Remove " + name);
    remove.textContent = "×";
    chip.append(label, input, remove);
    chips.append(chip);
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      // Copy a draft (e.g. an introduction e-mail) to the clipboard; select it as a fallback.
      var source = document.querySelector(copy.dataset.copy);
      if (!source) return;
      source.select();
      var done = function () { copy.textContent = "Copied ✓"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          document.execCommand("copy"); done();
        });
      } else {
        document.execCommand("copy"); done();
      }
      return;
    }
    var pick = event.target.closest("[data-pick-id]");
    if (pick) {
      event.preventDefault();
      var picker = pick.closest(".picker");
      addChip(picker, pick.dataset.pickId, pick.dataset.pickName);
      var search = picker.querySelector("input[type=search]");
      search.value = "";
      picker.querySelector(".suggestions").innerHTML = "";
      search.focus();
      return;
    }
    var opener = event.target.closest("[data-quicklog]");
    if (opener && openQuicklog(opener.dataset.quicklog)) {
      event.preventDefault();
      return;
    }
    if (event.target.closest("[data-close-dialog]")) {
      event.target.closest("dialog").close();
      return;
    }
    var remove = event.target.closest(".chip-remove");
    if (remove) {
      event.preventDefault();
      remove.closest(".chip").remove();
    }
  });

  // The quick-log dialog (base.html): open it, optionally with a line to start from.
  function openQuicklog(text) {
    var dialog = document.getElementById("quicklog");
    if (!dialog || typeof dialog.showModal !== "function") return false;
    var input = dialog.querySelector(".ql-line");
    if (!dialog.open) {
      // A confirmation from an earlier save is old news once the dialog opens again.
      var old = dialog.querySelector(".ql-saved");
      if (old) old.remove();
      dialog.showModal();
    }
    if (text) {
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    return true;
  }

  // Quick-log: choosing who an ambiguous name is (or ticking "add as a new person")
  // refreshes the preview; the choices live in the preview itself, which htmx replaces,
  // so the form listens for this event rather than for the changing elements.
  document.addEventListener("change", function (event) {
    if (!event.target.matches(".ql-choice")) return;
    var form = event.target.closest(".quicklog-form");
    if (form) form.dispatchEvent(new Event("ql-refresh"));
  });

  // Enter in the line presses the form's first button, Preview (plain HTML does that, with
  // or without JS); Ctrl+Enter (Cmd+Enter) presses Save — or, when the line looks like a
  // repeat, goes to the "Save anyway" choice rather than saving without a word.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!event.target.matches(".ql-line")) return;
    var form = event.target.closest(".quicklog-form");
    event.preventDefault();
    var again = form.querySelector('.ql-repeat button[name="save"]');
    if (again) { again.focus(); return; }
    var save = form.querySelector('button[name="save"]');
    if (save && !save.disabled) save.click();
    else form.querySelector('button[name="preview"]').click();
  });

  // "Don't save" (a repeat): nothing is written; the line and its preview are cleared and
  // the dialog closes.
  document.addEventListener("click", function (event) {
    var discard = event.target.closest("[data-ql-discard]");
    if (!discard) return;
    event.preventDefault();
    var form = discard.closest(".quicklog-form");
    form.querySelector(".ql-line").value = "";
    var preview = form.querySelector(".ql-preview");
    preview.innerHTML = '<p class="muted" role="status">Not saved.</p>';
    var dialog = form.closest("dialog");
    if (dialog) dialog.close();
    else form.querySelector(".ql-line").focus();
  });

  // Has the user typed into a form of this part of the page without saving it?
  function unsaved(root) {
    var fields = root.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit" || f.type === "button") continue;
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
      } else if (f.tagName === "SELECT") {
        for (var j = 0; j < f.options.length; j++) {
          if (f.options[j].selected !== f.options[j].defaultSelected) return true;
        }
      } else if (f.value !== f.defaultValue) {
        return true;
      }
    }
    return false;
  }

  // The page behind the dialog shows what was just logged (Today drops the people, the
  // timeline gains the touch) without a reload: the scroll stays, and so does the
  // confirmation in the dialog. A page with unsaved typing is left alone.
  function refreshMain() {
    var main = document.getElementById("main");
    if (!main || unsaved(main)) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("main");
        var current = document.getElementById("main");
        if (!fresh || !current || unsaved(current)) return;
        current.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
      });
  }

  // After a save the confirmation replaces the preview right under the line: bring it into
  // view, empty the line for the next touch, and refresh the page behind.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.classList || !target.classList.contains("ql-preview")) return;
    var saved = target.querySelector(".ql-saved");
    if (!saved) return;
    var form = target.closest(".quicklog-form");
    var line = form.querySelector(".ql-line");
    line.value = "";
    saved.scrollIntoView({ block: "nearest" });
    line.focus({ preventScroll: true });
    if (form.closest("dialog")) refreshMain();
  });

  // The header's live search results: arrows move through them, Escape or a click
  // elsewhere closes them.
  function closeLive() {
    var live = document.getElementById("search-live");
    if (live) live.innerHTML = "";
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".topbar-search")) closeLive();
  });
  document.addEventListener("keydown", function (event) {
    var box = event.target.closest && event.target.closest(".topbar-search");
    if (!box) return;
    if (event.key === "Escape") {
      closeLive();
      box.querySelector("input").focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(box.querySelectorAll(".live-hit"));
    if (!links.length) return;
    event.preventDefault();
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) box.querySelector("input").focus();
    else links[Math.min(next, links.length - 1)].focus();
  });

  // Filter forms keep their state in the URL (hx-push-url). htmx's history snapshot keeps
  // the list but not what the menus show (a chosen option is not an attribute), so going
  // back sets every field of those forms from the URL again.
  function filtersFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var forms = document.querySelectorAll("form[hx-push-url]");
    Array.prototype.forEach.call(forms, function (form) {
      if ((form.getAttribute("method") || "get").toLowerCase() !== "get") return;
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.type === "hidden" || field.type === "submit") return;
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = params.getAll(field.name).indexOf(field.value) !== -1;
        } else if (field.tagName === "SELECT") {
          field.value = params.has(field.name) ? params.get(field.name)
            : (field.options.length ? field.options[0].value : "");
          if (field.selectedIndex < 0 && field.options.length) field.selectedIndex = 0;
        } else {
          field.value = params.get(field.name) || "";
        }
      });
    });
    // A bulk action returns to the list as it is filtered now.
    var next = document.querySelector("#bulk-form input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  }
  document.addEventListener("htmx:historyRestore", filtersFromUrl);
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var next = document.querySelector("#bulk-form input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) filtersFromUrl();  // back from another page (bfcache)
  });

  // Enter in a picker's search box picks the first suggestion instead of submitting.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.matches(".picker input[type=search]")) {
      event.preventDefault();
      var first = target.closest(".picker").querySelector("[data-pick-id]");
      if (first) first.click();
      return;
    }
    var typing = target.closest("input, textarea, select, [contenteditable]");
    if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
    var shortcut = document.querySelector('[data-shortcut="' + event.key + '"]');
    // "/" searches where the page has a search box; elsewhere it opens the quick-log too.
    if (!shortcut && event.key === "/" && openQuicklog("")) {
      event.preventDefault();
      return;
    }
    if (shortcut) {
      event.preventDefault();
      if (shortcut.matches("input, textarea")) shortcut.focus();
      else shortcut.click();
    }
  });

  // A request htmx sends that the server refuses (a role changed while the page was
  // open, a record deleted meanwhile) or that never arrives is said on the page, where
  // the user is looking — not only in the console.
  var REFUSALS = {
    403: "Your role in this workspace does not allow this change.",
    404: "That is no longer there. Reload the page to see the latest.",
    413: "That is too large to send.",
  };

  function notice(text) {
    var box = document.getElementById("notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "notice";
      box.className = "notice";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box.hideLater);
    box.hideLater = setTimeout(function () { box.hidden = true; }, 10000);
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("#notice")) event.target.closest("#notice").hidden = true;
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var said = (xhr.responseText || "").trim();
    // A short plain sentence from the server says it best; a whole error page does not.
    var plain = said && said.length < 300 && said.indexOf("<") === -1;
    notice(plain ? said : (REFUSALS[xhr.status] ||
      "Backstory could not do that (error " + xhr.status + "). Reload the page and try again."));
  });

  document.addEventListener("htmx:sendError", function () {
    notice("Backstory could not be reached. Check the connection and try again.");
  });
})();
