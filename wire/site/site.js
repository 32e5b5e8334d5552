// Times: the server writes each one in UTC (<time datetime="...Z" title="... UTC">...UTC</time>); this shows it
// in the reader's own time zone and keeps the UTC text as the title, shown on hover. Without this script the
// UTC text stays. Times marked class="utc" (the console's preview) stay in UTC on purpose.
"use strict";

(() => {
  const local = new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });

  function utcText(instant) {
    const iso = instant.toISOString();
    const seconds = iso.slice(17, 19);
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === "00" ? "" : `:${seconds}`} UTC`;
  }

  function localiseTime(node) {
    const instant = new Date(node.getAttribute("datetime"));
    if (Number.isNaN(instant.getTime())) return;
    if (!node.title) node.title = utcText(instant);
    node.textContent = local.format(instant);
  }

  function localise(root) {
    for (const node of root.querySelectorAll("time[datetime]:not(.utc)")) localiseTime(node);
  }

  window.newswire = { localiseTime, utcText };
  localise(document);
})();
