// The editor's console: forms over the JSON API (POST /v1/pages with dry_run, POST /v1/items, GET /v1/items,
// POST /v1/items/{id}/withdraw). The editor's token lives in this tab's sessionStorage only and goes out only in
// the Authorization header of requests to this server. Everything the API returns is put on the page as text
// (textContent, never innerHTML). A problem's errors[].field is shown beside the form field that has the same
// data-field; anything else beside the form's buttons.
"use strict";

(() => {
  const TOKEN_KEY = "newswire.editor-token";
  const { localiseTime, utcText } = window.newswire;
  const find = (selector, root = document) => root.querySelector(selector);
  // The withdraw and correction forms, held here: open, each lives under an item's card, which a list shown again
  // may take out of the page while an answer is on its way.
  const withdrawForm = find("#withdraw-form");
  const correctForm = find("#correct-form");

  // ---------------------------------------------------------------- building the page, as text

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // A time in UTC, kept in UTC: the date and the time each stay on one line.
  function utcTime(iso) {
    const [day, ...rest] = utcText(new Date(iso)).split(" ");
    return el("time", { datetime: iso, class: "utc" }, el("span", {}, day), " ", el("span", {}, rest.join(" ")));
  }

  function localTime(iso) {
    const node = el("time", { datetime: iso }, utcText(new Date(iso)));
    localiseTime(node);
    return node;
  }

  // Paragraphs of a sanitised HTML body, as text. DOMParser makes an inert document: nothing runs or loads.
  function paragraphs(html) {
    const body = new DOMParser().parseFromString(html, "text/html").body;
    const blocks = [...body.querySelectorAll("p, li, h2, h3, h4, h5, h6, blockquote, pre")]
      .map((node) => node.textContent.trim())
      .filter(Boolean);
    return blocks.length ? blocks : [body.textContent.trim()].filter(Boolean);
  }

  function table(kind, caption, headings, rows) {
    return el(
      "table",
      { class: kind },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headings.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((cell) => el("td", {}, cell))))),
    );
  }

  function definitions(pairs) {
    return el("dl", {}, pairs.filter(([, value]) => value).map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  }

  // ---------------------------------------------------------------- the API

  class Problem extends Error {
    constructor(status, doc) {
      super(doc.detail || doc.title || `HTTP ${status}`);
      this.status = status;
      this.doc = doc;
    }
  }

  // A problem found here, before asking the server, shown the same way as the server's.
  function localProblem(field, reason) {
    return new Problem(0, { errors: [{ field, reason }] });
  }

  let session = 0; // grows at each sign-out: an answer to a request of an earlier session is never shown

  // An answer that comes after its session ended: nothing waiting for it goes on (the next editor's page is not
  // the place for it).
  const NEVER = new Promise(() => {});

  async function api(method, path, { query, json, text, token } = {}) {
    const asked = session;
    const answer = await ask(method, path, { query, json, text, token }).catch((problem) => {
      if (asked !== session) return NEVER;
      throw problem;
    });
    return asked === session ? answer : NEVER;
  }

  async function ask(method, path, { query, json, text, token }) {
    const url = new URL(path, window.location.href); // beside the console, wherever the site is mounted
    for (const [name, value] of Object.entries(query || {})) {
      if (value !== "" && value !== null && value !== undefined) url.searchParams.set(name, value);
    }
    const headers = { Authorization: `Bearer ${token || sessionStorage.getItem(TOKEN_KEY) || ""}` };
    let body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (text !== undefined) {
      headers["Content-Type"] = "text/plain; charset=utf-8";
      body = text;
    }
    let response;
    try {
      response = await fetch(url, { method, headers, body, cache: "no-store", credentials: "omit" });
    } catch (error) {
      throw new Problem(0, { title: "No answer", detail: `the server did not answer (${error.message})` });
    }
    const type = response.headers.get("Content-Type") || "";
    const doc = type.includes("json") ? await response.json() : { detail: await response.text() };
    if (!response.ok) throw new Problem(response.status, doc);
    return { status: response.status, doc };
  }

  // ---------------------------------------------------------------- errors beside their fields

  function clearErrors(form) {
    for (const slot of form.querySelectorAll("[data-error-for]")) {
      slot.hidden = true;
      slot.textContent = "";
    }
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  }

  function showProblem(form, problem) {
    if (!(problem instanceof Problem)) throw problem;
    const errors = problem.doc.errors || [];
    const elsewhere = [];
    let first = null;
    for (const { field, reason } of errors) {
      const slot = field && form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
      const input = field && form.querySelector(`[data-field="${CSS.escape(field)}"]`);
      if (!slot || !input) {
        elsewhere.push(`${field}: ${reason}`);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent}; ${reason}` : reason;
      slot.hidden = false;
      input.setAttribute("aria-invalid", "true");
      const group = input.closest("details");
      if (group) group.open = true; // an error in a folded group is shown
      first = first || input;
    }
    if (!errors.length || elsewhere.length) {
      const general = find('[data-error-for=""]', form);
      const title = problem.doc.title ? `${problem.doc.title}: ` : "";
      general.textContent = elsewhere.length ? elsewhere.join("; ") : `${title}${problem.message}`;
      if (problem.status === 401) general.textContent += ". Sign in again with a valid token: what you typed is kept.";
      general.hidden = false;
    }
    if (first) first.focus();
    setStatus(form, "");
    if (problem.status === 401) tokenRefused(form);
  }

  function setStatus(form, ...content) {
    const status = find(".status", form);
    if (status) status.replaceChildren(...content);
  }

  function value(id) {
    return find(`#${id}`).value;
  }

  // A button at work says so to assistive technology and does nothing more until its answer comes, but keeps the
  // focus: a disabled button would drop it to the page's top (a keyboard user would start again from there).
  function busy(button) {
    return button.getAttribute("aria-disabled") === "true";
  }

  function setBusy(button, working) {
    if (working) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }

  // ---------------------------------------------------------------- signing in and out

  const sections = [...find("#list-section").options].map((option) => option.value);

  async function signIn(event) {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    const token = value("token").trim();
    try {
      if (!token) throw localProblem("token", "Enter your editor token.");
      await api("GET", "v1/items", { query: { section: sections[0], limit: 1 }, token });
    } catch (problem) {
      if (problem instanceof Problem && problem.status === 401) {
        showProblem(form, localProblem("token", `The server refused this token: ${problem.message}.`));
      } else {
        showProblem(form, problem);
      }
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    find("#token").value = "";
    for (const refusedIn of refused.splice(0)) clearErrors(refusedIn);
    const back = resume && resume.isConnected && !find("#console").hidden ? resume : find("#page-text");
    resume = null;
    // Focus goes to the console at once, not once the newest items have come: by then the editor may be typing in
    // another field, whose keys would go to the page's text.
    const opening = openConsole();
    back.focus();
    await opening;
  }

  const refused = []; // the forms whose requests were refused for the token: their message goes at the next sign-in
  let resume = null; // where the editor was when the token was refused: focus goes back there at the next sign-in

  // A token refused while the editor works (revoked, or changed in the server's config) is asked for again, and the
  // console stays as it is, drafts and all: signing out is what empties it.
  function tokenRefused(form) {
    sessionStorage.removeItem(TOKEN_KEY);
    refused.push(form);
    resume = resume || document.activeElement;
    find("#signed-in").hidden = true;
    find("#signin-form").hidden = false;
    find("#signin-title").textContent = "Sign in again";
    find("#token").focus();
  }

  function signOut() {
    session += 1;
    sessionStorage.removeItem(TOKEN_KEY);
    refused.length = 0;
    resume = null;
    // Nothing of this editor's work stays for whoever signs in next on this tab: drafts, preview, list.
    for (const form of document.querySelectorAll("#console form")) {
      form.reset();
      clearErrors(form);
      setStatus(form, "");
    }
    closeForms();
    previewed = null;
    previews += 1; // a preview still on its way is not shown to whoever signs in next
    find("#page-publish").disabled = true;
    find("#preview").hidden = true;
    find("#newest").replaceChildren();
    find("#console").hidden = true;
    find("#signed-in").hidden = true;
    find("#signin-form").hidden = false;
    find("#signin-title").textContent = "Sign in";
    find("#token").focus();
  }

  async function openConsole() {
    find("#signin-form").hidden = true;
    find("#signin-title").textContent = "Signed in";
    find("#signed-in").hidden = false;
    find("#console").hidden = false;
    await showNewest();
  }

  // ---------------------------------------------------------------- a page: preview, then publish

  let previewed = null; // the request of the last successful dry run: what Publish sends
  let previews = 0; // previews asked for (and sign-outs): an answer to any but the latest is dropped

  function pageRequest() {
    return {
      query: {
        source: value("page-source"),
        section: value("page-section"),
        title: value("page-title-input").trim(),
        published: value("page-published").trim(),
        language: value("page-language").trim(),
      },
      text: value("page-text"),
    };
  }

  async function previewPage(event) {
    event.preventDefault();
    const form = find("#page-form");
    clearErrors(form);
    previewed = null;
    find("#page-publish").disabled = true;
    const request = pageRequest();
    const asked = ++previews;
    try {
      if (!request.text.trim()) throw localProblem("(body)", "Paste the text of a page.");
      setStatus(form, "Asking the server for a preview…");
      const { doc } = await api("POST", "v1/pages", { query: { ...request.query, dry_run: "true" }, text: request.text });
      if (asked !== previews) return; // a later preview was asked for, or the editor signed out: this one is stale
      showPreview(doc, "Preview: nothing is stored yet", true);
      if (JSON.stringify(pageRequest()) !== JSON.stringify(request)) {
        // Edited while the preview was on its way: Publish would store what is no longer in the form.
        find("#preview-title").textContent = "Preview of the page as it was";
        setStatus(form, "The page or its settings changed while it was previewed: preview it again before publishing.");
        return;
      }
      previewed = request;
      find("#page-publish").disabled = false;
      setStatus(form, `Preview ready: ${outcomeText(doc, true)}. Publish stores it.`);
    } catch (problem) {
      if (asked !== previews) return;
      find("#preview").hidden = true;
      const shown = await pageProblem(problem);
      if (asked !== previews) return;
      showProblem(form, shown);
    }
  }

  async function publishPage() {
    const form = find("#page-form");
    if (!previewed) return;
    clearErrors(form);
    const request = previewed;
    // A disabled button loses the focus to the page's top: it stays beside it, on Preview.
    if (document.activeElement === find("#page-publish")) find("#page-preview").focus();
    find("#page-publish").disabled = true;
    try {
      setStatus(form, "Publishing…");
      const { doc } = await api("POST", "v1/pages", request);
      previewed = null;
      showPreview(doc, "Published", false);
      // A page posted again may store nothing: "Published" would say it did.
      const stored = Object.values(doc.outcomes).some((outcome) => outcome !== "unchanged");
      setStatus(form, `${stored ? "Published" : "Nothing changed"}: ${outcomeText(doc, false)}.`);
      if (value("list-section") === request.query.section) await showNewest();
    } catch (problem) {
      find("#page-publish").disabled = false;
      showProblem(form, await pageProblem(problem));
    }
  }

  // A page's problems that name no field of the form, said beside the field the editor can change to fix them.
  async function pageProblem(problem) {
    if (!(problem instanceof Problem)) return problem;
    if (problem.status === 413) {
      return localProblem("(body)", `The page is longer than the server takes (${problem.message}): paste less of it.`);
    }
    const errors = problem.doc.errors || [];
    if (problem.status === 409 && errors.length && errors.every(({ field }) => field === "sections")) {
      return localProblem("section", await outElsewhere(errors.map(({ reason }) => reason)));
    }
    return problem;
  }

  // The server names each item out already in another section by its id: the editor knows it by its headline.
  async function outElsewhere(reasons) {
    // Each reason names its item and the sections it is out in ("'world'", or "'world', 'sport'"): the advice to
    // choose a section is given only when every item is out in the same one; otherwise the reasons are said as such.
    const found = reasons.map((reason) => /^item '([^']+)' is out already in ('[^']+'(?:, '[^']+')*):/.exec(reason));
    const sections = new Set(found.map((named) => (named ? named[2] : "")));
    if (found.some((named) => !named) || sections.size !== 1 || [...sections][0].includes(",")) return reasons.join("; ");
    const id = found[0][1];
    const section = found[0][2].slice(1, -1);
    let what = `The item ${id}`;
    try {
      const { doc } = await api("GET", `v1/items/${encodeURIComponent(id)}`);
      what = `“${doc.headline}”`;
    } catch {
      // its id says which it is
    }
    const option = [...find("#page-section").options].find((candidate) => candidate.value === section);
    const label = option ? option.textContent : section;
    const more = reasons.length - 1;
    const are = more ? ` and ${more} more of the page's items are` : " is";
    return `${what}${are} out already in ${label}, and an item stays in a section it is out in: choose ${label}.`;
  }

  function pageChanged() {
    if (!previewed) return;
    previewed = null;
    find("#page-publish").disabled = true;
    find("#preview-title").textContent = "Preview of the page as it was";
    setStatus(find("#page-form"), "The page or its settings changed: preview it again before publishing.");
  }

  function outcomeWords(outcome, dryRun) {
    return dryRun && outcome !== "unchanged" ? `would be ${outcome}` : outcome;
  }

  function outcomeText(doc, dryRun) {
    const counts = {};
    for (const outcome of Object.values(doc.outcomes)) counts[outcome] = (counts[outcome] || 0) + 1;
    const parts = Object.entries(counts).map(
      ([outcome, n]) => `${n} ${n === 1 ? "item" : "items"} ${outcomeWords(outcome, dryRun)}`,
    );
    const withdrawn = doc.withdrawn.length;
    if (withdrawn) parts.push(`${withdrawn} withdrawn before, left withdrawn`);
    const newer = doc.newer.length;
    if (newer) parts.push(`${newer} newer in the store (corrected since), left as they are`);
    return parts.join(", ") || "no items";
  }

  function noArticle(doc) {
    const why = [];
    if (doc.withdrawn.length) why.push("the page's withdrawn items stay withdrawn");
    if (doc.newer.length) why.push("the items the store holds in a newer version (corrected since) stay as they are");
    return why.length ? `No article: ${why.join("; ")}.` : "No article.";
  }

  function showPreview(doc, heading, dryRun) {
    const article = doc.items.find((item) => item.kind === "article");
    const headlines = doc.items.filter((item) => item.kind === "headline");
    find("#preview-title").textContent = heading;
    find("#preview-body").replaceChildren(
      el("h4", {}, "Article"),
      article
        ? articlePreview(article, outcomeWords(doc.outcomes[article.id], dryRun))
        : el("p", {}, noArticle(doc)),
      el("h4", {}, `Headlines (${headlines.length})`),
      headlines.length
        ? table(
            "headlines",
            "Each headline, its time in UTC and the text on the page it was read from.",
            ["Headline", "Time (UTC)", "On the page"],
            headlines.map((item) => [
              el("span", { lang: item.language, dir: "auto" }, item.headline),
              utcTime(item.published),
              el("code", { dir: "auto" }, item.provenance.published.text),
            ]),
          )
        : el("p", {}, "No dated headlines."),
      el("h4", {}, `Left out (${doc.removed.length})`),
      doc.removed.length
        ? table(
            "removed",
            "Lines of the page left out of every item, and why.",
            ["Line", "Reason", "Text"],
            doc.removed.map((line) => [String(line.line), line.reason, el("span", { dir: "auto" }, line.text)]),
          )
        : el("p", {}, "Nothing was left out."),
      el("h4", {}, "Credits and rights"),
      definitions([
        ["Agencies", article ? article.credits.join(", ") : ""],
        ["Copyright holder", doc.rights ? doc.rights.holder : article && article.rights.holder],
        ["Copyright year", doc.rights && doc.rights.year ? String(doc.rights.year) : ""],
        ["Notice", article ? article.rights.notice : ""],
        ["Credit line", article ? article.credit_line : ""],
      ]),
    );
    find("#preview").hidden = false;
  }

  function articlePreview(article, outcome) {
    const published = article.provenance.published;
    return el(
      "div",
      { class: "article-preview" },
      el("p", { class: "headline", lang: article.language, dir: "auto" }, article.headline),
      article.byline ? el("p", { class: "byline", lang: article.language, dir: "auto" }, article.byline) : null,
      el(
        "p",
        { class: "meta" },
        "Published ",
        utcTime(article.published),
        published.rule === "received" ? " (when received)" : [" (from “", el("bdi", {}, published.text), "”)"],
        ` · ${outcome}`,
      ),
      paragraphs(article.body || "").map((text) => el("p", { lang: article.language, dir: "auto" }, text)),
    );
  }

  // ---------------------------------------------------------------- one item

  const ITEM_FIELDS = [
    "id", "section", "kind", "source", "headline", "summary", "body", "byline", "published",
    "embargo", "updated", "url", "language", "located", "slugline",
  ];
  const LIST_FIELDS = ["sections", "credits"]; // written as names separated by commas
  const RIGHTS_FIELDS = ["holder", "notice", "usage_terms"];

  async function pushItem(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const submit = find('button[type="submit"]', form);
    if (busy(submit)) return; // sent already: a second press would push it twice
    clearErrors(form);
    const doc = {};
    for (const name of ITEM_FIELDS) {
      const text = value(`item-${name}`);
      // The required fields always go, empty or not: the server names what is missing.
      if (text.trim() || ["id", "section", "kind", "headline"].includes(name)) doc[name] = text;
    }
    for (const name of LIST_FIELDS) {
      const names = value(`item-${name}`).split(",").map((part) => part.trim()).filter(Boolean);
      if (names.length) doc[name] = names;
    }
    const rights = {};
    for (const name of RIGHTS_FIELDS) {
      const text = value(`item-rights-${name}`);
      if (text.trim()) rights[name] = text;
    }
    if (Object.keys(rights).length) doc.rights = rights;
    setBusy(submit, true);
    try {
      setStatus(form, "Pushing…");
      const { status, doc: item } = await api("POST", "v1/items", { json: doc });
      const what = status === 201 ? (item.version === 1 ? "created" : `version ${item.version}`) : "unchanged";
      setStatus(form, `Stored (${what}): `, el("a", { href: item.permalink, dir: "auto" }, item.headline), ...heldBack(item));
      if ([item.section, ...(item.sections || [])].includes(value("list-section"))) await showNewest();
    } catch (problem) {
      showProblem(form, problem);
    } finally {
      setBusy(submit, false);
    }
  }

  // ---------------------------------------------------------------- the newest items, corrected or withdrawn

  async function showNewest(event) {
    if (event) event.preventDefault();
    const form = find("#list-form");
    clearErrors(form);
    const section = value("list-section");
    try {
      const { doc } = await api("GET", "v1/items", { query: { section, limit: 20 } });
      const label = find("#list-section").selectedOptions[0].textContent;
      const cards = new Map(doc.items.map((item) => [item.id, itemCard(item)]));
      keepingTheOpenForm(cards, () =>
        find("#newest").replaceChildren(
          el("p", { class: "listing", id: "newest-caption" }, `Newest in ${label}`),
          cards.size
            ? el("ol", { class: "items", "aria-labelledby": "newest-caption" }, [...cards.values()])
            : el("p", {}, "Nothing published in this section yet."),
        ),
      );
    } catch (problem) {
      showProblem(form, problem);
    }
  }

  function itemCard(item) {
    const card = el(
      "li",
      {},
      el("a", { href: item.permalink, lang: item.language, dir: "auto", class: "headline" }, item.headline),
      el(
        "p",
        { class: "meta" },
        localTime(item.published),
        ` · ${item.kind} · version ${item.version}`,
        item.signal ? ` (${item.signal})` : "",
        ...heldBack(item),
      ),
    );
    card.append(
      el(
        "div",
        { class: "row-actions" },
        button("Correct", `Correct: ${item.headline}`, () => askCorrection(item, card)),
        button("Withdraw", `Withdraw: ${item.headline}`, () => askWithdrawal(item, card), "secondary danger"),
      ),
    );
    return card;
  }

  // An item not out yet: under embargo, or published later (editors see it; no one else does until then).
  function heldBack(item) {
    const until = [item.embargo, item.published].filter((time) => time && Date.parse(time) > Date.now()).sort().pop();
    return until ? [" · held back until ", localTime(until)] : [];
  }

  function button(text, label, action, kind = "secondary") {
    const node = el("button", { type: "button", class: kind, "aria-label": label }, text);
    node.addEventListener("click", action);
    return node;
  }

  let target = null; // the item being withdrawn or corrected
  let listed = new Map(); // the cards of the items listed, by id

  // The list shown again (after a push or a publish in its section) keeps a correction or withdrawal being
  // written open under its item, with its text and the focus, while the item is still listed.
  function keepingTheOpenForm(cards, show) {
    listed = cards;
    const form = [withdrawForm, correctForm].find((candidate) => !candidate.hidden);
    const focused = form && form.contains(document.activeElement) ? document.activeElement : null;
    const selection = focused && focused.matches("input, textarea") ? [focused.selectionStart, focused.selectionEnd] : null;
    show();
    const card = form && target && cards.get(target.id);
    if (!card) {
      closeForms();
      return;
    }
    card.append(form);
    if (opener && !opener.isConnected) {
      opener = [...card.querySelectorAll(".row-actions button")].find((node) => node.textContent === opener.textContent);
    }
    if (focused) focused.focus();
    if (selection) focused.setSelectionRange(...selection);
  }

  // The withdraw and correction forms open under the item they concern, and go home when closed.
  function closeForms() {
    for (const form of [withdrawForm, correctForm]) {
      form.hidden = true;
      find("#item-forms").append(form);
    }
  }

  let opener = null; // the button that opened the form: focus goes back to it when the form closes

  function openForm(form, item, card) {
    closeForms();
    opener = document.activeElement;
    clearErrors(form);
    setStatus(form, "");
    target = item;
    find(".target", form).replaceChildren(
      el("strong", { lang: item.language, dir: "auto" }, item.headline),
      ` (${item.id})`,
    );
    card.append(form);
    form.hidden = false;
    return form;
  }

  let asked = 0; // Correct or Withdraw pressed, Cancel too: a stored item asked for by an earlier Correct is dropped

  function askWithdrawal(item, card) {
    asked += 1;
    openForm(withdrawForm, item, card);
    find("#withdraw-reason").value = "";
    find("#withdraw-reason").focus();
  }

  async function withdraw(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const submit = find('button[type="submit"]', form);
    if (busy(submit)) return; // sent already
    clearErrors(form);
    const item = target;
    await sendFrom(form, submit, "Withdrawing…", async () => {
      const reason = value("withdraw-reason");
      await api("POST", `v1/items/${encodeURIComponent(item.id)}/withdraw`, { json: { reason } });
      return ["Withdrawn: ", el("bdi", {}, item.headline)];
    });
  }

  // Send what a withdraw or correction form says (`send`, which answers what to say of it above the list), the
  // form's button at work meanwhile. The form may be cancelled, or opened for another item, before the answer
  // comes: it is then left as it is, and the answer is told above the list.
  async function sendFrom(form, submit, working, send) {
    const sent = asked;
    setBusy(submit, true);
    try {
      setStatus(form, working);
      const told = await send();
      if (sent === asked) closeForms();
      setStatus(find("#list-form"), ...told);
      await showNewest();
      if (sent === asked) find('#list-form button[type="submit"]').focus(); // where the editor goes on: the list
    } catch (problem) {
      showProblem(sent === asked ? form : find("#list-form"), problem);
    } finally {
      if (sent !== asked || form.hidden) setStatus(form, "");
      setBusy(submit, false);
    }
  }

  // A correction restates the story as stored, with the editor's changes, the signal and the note.
  const KEPT = ["id", "section", "sections", "kind", "byline", "language", "source", "url", "located", "slugline", "embargo"];

  async function askCorrection(item, card) {
    const listForm = find("#list-form");
    clearErrors(listForm);
    const latest = ++asked;
    let stored;
    try {
      ({ doc: stored } = await api("GET", `v1/items/${encodeURIComponent(item.id)}`));
    } catch (problem) {
      if (latest === asked) showProblem(listForm, problem);
      return;
    }
    if (latest !== asked) return; // another item's form was opened (or this one cancelled) while it came
    const shown = card.isConnected ? card : listed.get(item.id); // the list may have been shown again meanwhile
    if (!shown) return;
    openForm(correctForm, stored, shown);
    find("#correct-headline").value = stored.headline;
    // A summary the server cut from the body is not the editor's: the field starts empty, and the corrected
    // body gives the summary afresh unless the editor writes one.
    find("#correct-summary").value = stored.derived && stored.derived.summary ? "" : stored.summary || "";
    find("#correct-body").value = stored.body || "";
    find("#correct-note").value = "";
    find("#correct-headline").focus();
  }

  async function correct(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const submit = find('button[type="submit"]', form);
    if (busy(submit)) return; // sent already: a second press would make a second version
    clearErrors(form);
    const stored = target;
    const doc = {};
    for (const key of KEPT) if (stored[key] !== undefined) doc[key] = stored[key];
    // Credits found in the text are found again in the corrected text (or not, if the correction took them out).
    const found = stored.derived ? stored.derived.credits : [];
    doc.credits = (stored.credits || []).filter((code) => !found.includes(code));
    doc.rights = Object.fromEntries(Object.entries(stored.rights).filter(([, v]) => v !== null));
    doc.headline = value("correct-headline");
    for (const [key, id] of [["summary", "correct-summary"], ["body", "correct-body"]]) {
      if (value(id).trim()) doc[key] = value(id);
    }
    doc.signal = "correction";
    doc.ed_note = value("correct-note");
    if (!doc.ed_note.trim()) {
      showProblem(form, localProblem("ed_note", "A correction needs a note for readers."));
      return;
    }
    await sendFrom(form, submit, "Correcting…", async () => {
      const { doc: item } = await api("POST", "v1/items", { json: doc });
      return ["Corrected: ", el("bdi", {}, item.headline), ` is now version ${item.version}`];
    });
  }

  function cancel() {
    asked += 1;
    closeForms();
    target = null;
    if (opener && opener.isConnected) opener.focus();
  }

  function cancelOnEscape(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  }

  // ---------------------------------------------------------------- wiring

  find("#signin-form").addEventListener("submit", signIn);
  find("#signout").addEventListener("click", signOut);
  find("#page-form").addEventListener("submit", previewPage);
  find("#page-form").addEventListener("input", pageChanged);
  find("#page-publish").addEventListener("click", publishPage);
  find("#item-form").addEventListener("submit", pushItem);
  find("#list-form").addEventListener("submit", showNewest);
  withdrawForm.addEventListener("submit", withdraw);
  correctForm.addEventListener("submit", correct);
  withdrawForm.addEventListener("keydown", cancelOnEscape);
  correctForm.addEventListener("keydown", cancelOnEscape);
  for (const node of document.querySelectorAll('[data-action="cancel"]')) node.addEventListener("click", cancel);
  if (sessionStorage.getItem(TOKEN_KEY)) openConsole();
})();
