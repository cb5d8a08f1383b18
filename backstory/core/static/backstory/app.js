/* Small page behaviour that htmx does not cover: the person picker and keyboard shortcuts. */
(function () {
  "use strict";

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
    if (!dialog.open) dialog.showModal();
    if (text) {
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    return true;
  }

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
