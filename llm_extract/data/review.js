// The review page's corrections: each team's value in a record's table is marked right (✓), wrong (✗: the text
// states no such value) or corrected (✎: typed as the cell shows it, a list apart by 、, a phone "number (SMS)",
// a box "address (postcode)"). "Save corrections" downloads the touched notices as gold by the contract
// (notice-v1), for `llm-extract eval --gold FILE` and `llm-extract calibrate --gold FILE`. No network.
(function () {
  "use strict";
  var LISTS = ["deputy_leaders", "targets", "phones", "phone_hours", "mailboxes", "emails"];
  var records = {};
  var touched = {};
  var judged = 0;
  document.querySelectorAll("script.record-data").forEach(function (s) {
    records[s.dataset.k] = JSON.parse(s.textContent);
  });

  function parse(field, text) {
    text = text.trim();
    if (LISTS.indexOf(field) < 0) return text === "" ? null : text;
    var items = text === "" ? [] : text.split(/[、;；]/).map(function (x) { return x.trim(); }).filter(Boolean);
    if (field === "phones") {
      return items.map(function (x) {
        var m = x.match(/^(.*?)\s*\((?:SMS|短信)\)$/);
        return {number: (m ? m[1] : x).trim(), sms_only: !!m};
      });
    }
    if (field === "mailboxes") {
      return items.map(function (x) {
        var m = x.match(/^(.*?)\s*\((\d{6})\)$/);
        return {address: (m ? m[1] : x).trim(), postcode: m ? m[2] : null};
      });
    }
    return items;
  }

  function status() {
    var n = Object.keys(touched).length;
    document.getElementById("corrections").textContent =
      judged + " value(s) judged in " + n + " notice(s)" + (n ? ": save them as gold" : "");
    document.getElementById("save").disabled = n === 0;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-judge]");
    if (button) {
      var cell = button.closest("td[data-field]");
      var team = records[cell.dataset.k].teams[+cell.dataset.team];
      var field = cell.dataset.field;
      var how = button.dataset.judge;
      if (how === "wrong") {
        team[field] = parse(field, "");
        cell.querySelector(".value").textContent = "";
      } else if (how === "fix") {
        var typed = window.prompt("The value as the text states it (a list apart by 、)", cell.dataset.shown);
        if (typed === null) return;
        team[field] = parse(field, typed);
        cell.querySelector(".value").textContent = typed;
      }
      cell.className = "judged-" + how;
      touched[cell.dataset.k] = true;
      judged += 1;
      status();
      return;
    }
    if (event.target.id === "save") {
      var gold = Object.keys(touched).map(function (k) { return records[k]; });
      var blob = new Blob([JSON.stringify(gold, null, 1)], {type: "application/json"});
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "corrections.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
    }
  });
  status();
})();
