// What the page tests measure in the browser, in one call: the chart's geometry in pixels,
// every label's box, the countdown, and whether the page scrolls sideways.
() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  };
  const marks = [...document.querySelectorAll(".row .m")].map((el) => ({
    shape: [...el.classList].find((c) => c.startsWith("m-") && c !== "m-band") || "",
    band: el.classList.contains("m-band") || el.style.width !== "",
    first: el.dataset.first,
    last: el.dataset.last,
    row: el.closest("a").getAttribute("href"),
    box: box(el),
  }));
  const segments = [...document.querySelectorAll(".axis .seg")].map((el) => ({
    first: el.dataset.first, last: el.dataset.last, box: box(el),
  }));
  const labels = [
    ...[...document.querySelectorAll(".axis .tick")].map((el) => ({ text: el.textContent, box: box(el) })),
    ...[...document.querySelectorAll(".row .label")].map((el) => ({ text: el.textContent.trim(), box: box(el) })),
    ...[...document.querySelectorAll(".legend li")].map((el) => ({ text: el.textContent.trim(), box: box(el) })),
  ];
  const days = document.querySelector(".countdown .days");
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    segments,
    marks,
    labels,
    today: [...document.querySelectorAll(".today[style]")].map((el) => box(el)),
    axisToday: (() => { const el = document.querySelector(".axis .today"); return el ? el.dataset.day : null; })(),
    countdown: days ? { days: days.dataset.days, text: days.textContent } : null,
    next: (() => { const a = document.querySelector(".countdown a"); return a ? a.getAttribute("href") : null; })(),
    background: getComputedStyle(document.documentElement).backgroundColor,
  };
}
