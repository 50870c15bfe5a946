// Gazette embeds (issue 27): a video or social post is a plain link until
// the reader clicks it; only then is the player loaded from its platform.
// The link works without this script. No other file is fetched.
document.addEventListener("click", function (event) {
  if (event.defaultPrevented || event.button !== 0 ||
      event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return; // a new tab or window: let the link do it
  }
  var link = event.target.closest && event.target.closest("a.embed__facade");
  var embed = link && link.closest("[data-embed-src]");
  if (!embed) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.className = "embed__frame";
  frame.src = embed.getAttribute("data-embed-src");
  frame.title = embed.getAttribute("data-embed-title") || "Embedded content";
  frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen; clipboard-write");
  frame.setAttribute("allowfullscreen", "");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  var height = embed.getAttribute("data-embed-height");
  if (height) frame.style.height = height + "px";
  link.replaceWith(frame);
  embed.classList.add("embed--loaded");
  frame.focus();
});
