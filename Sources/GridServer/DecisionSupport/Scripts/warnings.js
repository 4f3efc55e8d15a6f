// 预警 list: while the page is open, look for new warnings every 30 seconds and reload the list
// (only when nobody is typing a note, so an acknowledgement in progress is never lost).
(function () {
  const list = document.getElementById("warnings-open");
  if (!list) return;
  let known = list.getAttribute("data-count");
  setInterval(async function () {
    if (document.activeElement && document.activeElement.tagName === "TEXTAREA") return;
    try {
      const answer = await fetch("/api/v1/warnings?open=1", { credentials: "same-origin" });
      if (!answer.ok) return;
      const body = await answer.json();
      const count = String(body.warnings.length);
      if (count !== known) { known = count; location.reload(); }
    } catch (error) { /* offline: try again next time */ }
  }, 30000);
})();
