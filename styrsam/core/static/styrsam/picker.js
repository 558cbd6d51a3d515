/* Pickers (core/pickers.py): the W3C ARIA APG combobox with a listbox popup, list
 * autocomplete with manual selection. htmx fetches the matches into the listbox; this file
 * adds the keyboard (Down/Up, Enter, Escape, Alt+Down), the mouse and the announcements.
 * Without this file the field is a plain text field that the server understands. */
(function () {
  "use strict";

  function parts(input) {
    var box = input.closest("[data-picker]");
    return {
      box: box,
      listbox: document.getElementById(input.getAttribute("aria-controls")),
      status: box.querySelector("[data-picker-status]"),
      chosen: box.querySelector("[data-picker-chosen]")
    };
  }

  function options(listbox) {
    return Array.prototype.slice.call(listbox.querySelectorAll('[role="option"]'));
  }

  function setActive(input, option) {
    var p = parts(input);
    options(p.listbox).forEach(function (o) {
      var on = o === option;
      o.setAttribute("aria-selected", on ? "true" : "false");
      o.classList.toggle("active", on);
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open(input) {
    var p = parts(input);
    if (!options(p.listbox).length) { return false; }
    p.listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    return true;
  }

  function close(input) {
    var p = parts(input);
    p.listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(input, null);
  }

  function announce(input, text) {
    var status = parts(input).status;
    if (status) { status.textContent = text; }
  }

  function choose(input, option) {
    var p = parts(input);
    if (p.chosen) {
      var key = option.getAttribute("data-key");
      var exists = Array.prototype.some.call(
        p.chosen.querySelectorAll("input[type=checkbox]"),
        function (c) { if (c.value === key) { c.checked = true; return true; } return false; }
      );
      if (!exists) {
        var li = document.createElement("li");
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = input.name;
        box.value = key;
        box.checked = true;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + option.getAttribute("data-value")));
        li.appendChild(label);
        p.chosen.appendChild(li);
      }
      input.value = "";
    } else {
      input.value = option.getAttribute("data-value");
    }
    close(input);
    announce(input, (input.getAttribute("data-picker-chosen-text") || "Vald:") + " " +
      option.getAttribute("data-value"));
  }

  function move(input, step) {
    var p = parts(input);
    var list = options(p.listbox);
    if (!list.length) { return; }
    var current = document.getElementById(input.getAttribute("aria-activedescendant") || "");
    var index = list.indexOf(current);
    index = index < 0 ? (step > 0 ? 0 : list.length - 1) : (index + step + list.length) % list.length;
    setActive(input, list[index]);
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-picker-input]")) { return; }
    var expanded = input.getAttribute("aria-expanded") === "true";
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) {
          if (!open(input) && window.htmx) { window.htmx.trigger(input, "picker:open"); }
          if (event.altKey) { return; }
        }
        if (!event.altKey) { move(input, event.key === "ArrowDown" ? 1 : -1); }
        break;
      case "Enter":
        if (expanded) {
          var active = document.getElementById(input.getAttribute("aria-activedescendant") || "");
          if (active) {
            event.preventDefault();
            choose(input, active);
          } else {
            close(input);
          }
        }
        break;
      case "Escape":
        if (expanded) {
          event.preventDefault();
          close(input);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
        break;
      case "Tab":
        close(input);
        break;
      default:
        break;
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest('.picker-listbox [role="option"]');
    if (option) {
      var input = option.closest("[data-picker]").querySelector("[data-picker-input]");
      choose(input, option);
      input.focus();
      return;
    }
    document.querySelectorAll('[data-picker-input][aria-expanded="true"]').forEach(function (i) {
      if (!i.closest("[data-picker]").contains(event.target)) { close(i); }
    });
  });

  // a press on an option must not move the focus away first (that would close the list)
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".picker-listbox")) { event.preventDefault(); }
  });

  // leaving the field for another closes its list
  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-picker-input]")) { return; }
    var box = input.closest("[data-picker]");
    if (!event.relatedTarget || !box.contains(event.relatedTarget)) { close(input); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var listbox = event.target;
    if (!listbox.matches || !listbox.matches(".picker-listbox")) { return; }
    var input = listbox.closest("[data-picker]").querySelector("[data-picker-input]");
    var count = options(listbox).length;
    setActive(input, null);
    if (count && document.activeElement === input) {
      open(input);
    } else {
      close(input);
    }
    announce(input, listbox.getAttribute(count ? "data-found-text" : "data-none-text")
      .replace("%(n)s", String(count)));
  });
}());
