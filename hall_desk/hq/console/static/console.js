// The console's only script (served by the app; the CSP forbids inline script): after a refused
// form, focus moves to the message so keyboard and screen-reader users hear what went wrong; and
// (issue 17, hdr17) the header's queue counts are fetched when a page loads and again every
// data-refresh-seconds (read at each turn; 30 by default) without reloading.
document.addEventListener("DOMContentLoaded", function () {
  var error = document.getElementById("form-error");
  if (error) {
    error.setAttribute("tabindex", "-1");
    error.focus();
  }
  var counts = document.getElementById("counts");
  if (!counts) {
    return;
  }
  var plain = ["awaiting", "executions", "transferred", "held"];
  var alerts = ["media_important", "near_reply_due", "near_regulator_due", "silent_desks"];
  function show(figures) {
    plain.forEach(function (key) {
      var cell = document.getElementById("count-" + key);
      if (cell && typeof figures[key] === "number") {
        cell.textContent = String(figures[key]);
      }
    });
    alerts.forEach(function (key) {
      var marker = document.getElementById("alert-" + key);
      if (marker && typeof figures[key] === "number") {
        marker.querySelector("strong").textContent = String(figures[key]);
        marker.hidden = figures[key] === 0;
      }
    });
    counts.setAttribute("data-updated", String(Date.now()));
  }
  var last = 0;
  var busy = false;
  function refresh() {
    var stale = document.getElementById("counts-stale");
    busy = true;
    last = Date.now();
    fetch(counts.getAttribute("data-counts-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error(String(answer.status));
        }
        return answer.json();
      })
      .then(function (figures) {
        show(figures);
        if (stale) {
          stale.hidden = true;
        }
      })
      .catch(function () {
        if (stale) {
          stale.hidden = false;
        }
      })
      .then(function () {
        busy = false;
      });
  }
  // once a second: fetch again when data-refresh-seconds (read each time) have passed
  window.setInterval(function () {
    var seconds = parseFloat(counts.getAttribute("data-refresh-seconds")) || 30;
    if (!busy && Date.now() - last >= Math.max(1, seconds) * 1000) {
      refresh();
    }
  }, 1000);
  refresh();
});
