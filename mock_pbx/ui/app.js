// mock-pbx inbox: a virtual handset in plain JavaScript (no build step, no dependencies).
// It reads the emulated API with the user's Basic credentials and acts through /_admin. Its
// requests carry X-Mock-Pbx-Client: inbox, so the journal, faults and rate limit leave them out.
"use strict";

const REFRESH_MS = 1500;
const LOG_PAGE_SIZE = 25;
const LOGIN_KEY = "mock-pbx-login";  // this tab's login, kept over reloads (sessionStorage)
const SIGNED_OUT_KEY = "mock-pbx-signed-out";  // this tab signed out: no automatic sign-in
const $ = (selector) => document.querySelector(selector);
const state = {
  username: "", password: "", token: "",
  customers: [], customer: null, view: "messages",
  messages: [], threadKey: null, search: "", drawn: {},
  now: null, logPage: 1,  // the emulator's clock (from /_admin/clock); the call log's page
};

// ---- talking to the server -------------------------------------------------------------------
function headers(extra = {}) {
  const h = { "X-Mock-Pbx-Client": "inbox", ...extra };
  h.Authorization = "Basic " + btoa(unescape(encodeURIComponent(`${state.username}:${state.password}`)));
  if (state.token) h["X-Admin-Token"] = state.token;
  return h;
}

async function api(path, { method = "GET", body, accept } = {}) {
  const init = { method, headers: headers(accept ? { Accept: accept } : {}) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  if (accept && response.ok) return response.blob();
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const detail = data && (data.validationErrors || data.errors || []).map((e) => e.message || e).join("; ");
    const error = new Error(`${method} ${path}: ${response.status} ${(data && data.message) || ""} ${detail || ""}`.trim());
    Object.assign(error, { status: response.status, path });
    throw error;
  }
  return data;
}

const customerPath = (rest = "") => `/api/v1/customers/${state.customer}${rest}`;
const pathOf = (uri) => { const u = new URL(uri, location.href); return u.pathname + u.search; };

function problem(error) {
  const box = $("#problem");
  if (!error) { box.hidden = true; return; }
  box.textContent = error.message || String(error);
  box.hidden = false;
  // The API no longer takes the login (the server restarted with other users): sign in again.
  if (error.status === 401 && String(error.path).startsWith("/api/")) signOut();
}

// ---- small helpers ----------------------------------------------------------------------------
const escapeHtml = (text) => String(text ?? "").replace(/[&<>"']/g, (c) =>
  ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const when = (stamp) => (stamp ? `${stamp.slice(0, 10)} ${stamp.slice(11, 19)}` : "");

// Dates as a phone's messages app shows them: the time today, the weekday within the past week,
// else the date; relative to the emulator's clock, not the browser's (a manual clock may stand
// anywhere). In UTC, like every other time on the page; the full timestamp on hover.
const DAY_MS = 86_400_000;
const inUtc = (options) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options });
const FORMATS = {
  time: inUtc({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
  weekday: inUtc({ weekday: "short" }),
  date: inUtc({ day: "numeric", month: "short", year: "numeric" }),
};
// The API writes 2014-03-10T13:37:00.000+0000; Date.parse wants the offset's colon.
const parseStamp = (stamp) => new Date(stamp.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
const today = () => (state.now || new Date().toISOString()).slice(0, 10);

function shortWhen(stamp) {
  const then = parseStamp(stamp);
  const midnight = (day) => Date.parse(`${day}T00:00:00Z`);
  const days = Math.round((midnight(today()) - midnight(then.toISOString().slice(0, 10))) / DAY_MS);
  if (days === 0) return FORMATS.time.format(then);
  if (days > 0 && days < 7) return FORMATS.weekday.format(then);
  return FORMATS.date.format(then);
}

const stampHtml = (stamp) => (stamp
  ? `<time datetime="${escapeHtml(stamp)}" title="${escapeHtml(when(stamp))} UTC">${escapeHtml(shortWhen(stamp))}</time>`
  : "");
const money = (value) => Number(value || 0).toFixed(3);

function statusOf(sms) {
  if (sms.direction === "in") return "received";
  if (sms.sendStatus === "failed") return "failed";
  if (sms.sendStatus === "pending") return "queued";
  return { 0: "sent", 8: "accepted", 1: "delivered", 2: "rejected", 4: "buffered", 16: "failed" }[sms.deliveryStatus] || "sent";
}

function threadOf(sms) {
  const local = sms.direction === "out" ? sms.from : sms.to;
  const remote = sms.direction === "out" ? sms.to : sms.from;
  return { key: `${local}|${remote}`, local, remote };
}

function bodyHtml(sms) {
  const text = escapeHtml(sms.body);
  if (!sms.otp) return text;
  const code = escapeHtml(sms.otp);
  return text.replace(code, `<mark class="otp">${code}</mark>`);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = Object.assign(document.createElement("textarea"), { value: text });
    document.body.append(area); area.select(); document.execCommand("copy"); area.remove();
  }
}

// Redraw a container only when what it shows changed, so scrolling and focus survive refreshes.
function draw(id, signature, render) {
  if (state.drawn[id] === signature) return false;
  state.drawn[id] = signature;
  render();
  return true;
}

// ---- sign in, customers --------------------------------------------------------------------------
async function signIn(username, password, token) {
  Object.assign(state, { username, password, token });
  const me = await api("/api/v1/customers/me");
  sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ username, password, token }));
  const all = await api("/api/v1/customers?pageSize=200");
  state.customers = all.items;
  state.customer = Number(me.id);
  $("#customer").innerHTML = state.customers.map((c) =>
    `<option value="${escapeHtml(c.id)}">${escapeHtml(c.id)} · ${escapeHtml(c.company)}</option>`).join("");
  $("#customer").value = String(state.customer);
  $("#customer").disabled = state.customers.length < 2;
  $("#login").hidden = true;
  $("#app").hidden = false;
  await refresh();
  startStream();
}

function signOut() {
  sessionStorage.removeItem(LOGIN_KEY);
  sessionStorage.setItem(SIGNED_OUT_KEY, "1");  // the form, not the default login, from now on
  location.reload();
}

// The login a server running with the documented default (demo/demo, no admin token) tells its
// own page, so the page opens straight into the inbox as Mailpit's does; null otherwise.
async function defaultLogin() {
  try {
    const response = await fetch("/_ui/config", { headers: { "X-Mock-Pbx-Client": "inbox" } });
    return response.ok ? (await response.json()).defaultLogin : null;
  } catch {
    return null;
  }
}

function showLoginForm(prefill) {
  const form = $("#login-form");
  if (prefill) { form.username.value = prefill.username; form.password.value = prefill.password; }
  $("#login").hidden = false;
}

// ---- messages ---------------------------------------------------------------------------------
async function refreshMessages() {
  const box = await api(`/_admin/sms?direction=all&customer=${state.customer}`);
  state.messages = box.items;
  drawThreads();
  drawThread();
}

function threads() {
  const byKey = new Map();
  for (const sms of state.messages) {  // newest first
    const t = threadOf(sms);
    if (!byKey.has(t.key)) byKey.set(t.key, { ...t, messages: [] });
    byKey.get(t.key).messages.push(sms);
  }
  const q = state.search.trim().toLowerCase();
  return [...byKey.values()].filter((t) => !q || t.remote.toLowerCase().includes(q)
    || t.local.toLowerCase().includes(q) || t.messages.some((m) => m.body.toLowerCase().includes(q)));
}

function drawThreads() {
  const list = threads();
  const signature = JSON.stringify([today(), state.threadKey, list.map((t) => [t.key, t.messages[0].id, statusOf(t.messages[0])])]);
  draw("threads", signature, () => {
    $("#thread-list").innerHTML = list.map((t) => {
      const last = t.messages[0];
      return `<li data-thread="${escapeHtml(t.key)}" class="${t.key === state.threadKey ? "active" : ""}">
        <div class="who"><strong>${escapeHtml(t.remote)}</strong><span class="muted small">${stampHtml(last.created)}</span></div>
        <div class="small muted">with ${escapeHtml(t.local)}</div>
        <div class="last">${last.direction === "in" ? "&#8617; " : ""}${escapeHtml(last.body)}</div></li>`;
    }).join("") || `<li class="muted">No messages${state.search ? " match" : " yet"}.</li>`;
  });
}

function drawThread() {
  const open = state.threadKey !== null;
  $("#empty-thread").hidden = open;
  $("#compose").hidden = !open;
  $(".thread-head").hidden = !open;  // "… with …" names a conversation: none is picked yet
  $(".messages").classList.toggle("reading", open);
  if (!open) { $("#bubbles").innerHTML = ""; $("#thread-remote").textContent = ""; $("#thread-local").textContent = ""; return; }
  const [local, remote] = state.threadKey.split("|");
  $("#thread-remote").textContent = remote;
  $("#thread-local").textContent = local;
  const replyable = /^\+?\d+$/.test(local);
  $("#compose").querySelector("button").disabled = !replyable;
  $("#compose-note").textContent = replyable
    ? `Sends an inbound SMS from ${remote} to ${local} (with its smsreceived event and webhook).`
    : `${local} is an alphanumeric sender: a handset cannot reply to it.`;
  const messages = state.messages.filter((m) => threadOf(m).key === state.threadKey).reverse();
  const signature = JSON.stringify([today(), state.threadKey, messages.map((m) => [m.id, statusOf(m)])]);
  draw("bubbles", signature, () => {
    const list = $("#bubbles");
    list.innerHTML = messages.map((m) => {
      const status = statusOf(m);
      const copy = m.otp ? `<button class="copy" data-copy="${escapeHtml(m.otp)}" title="Copy the code">Copy ${escapeHtml(m.otp)}</button>` : "";
      const cost = m.direction === "out" ? `<span>£${money(m.cost)}</span>` : "";
      return `<li class="bubble ${m.direction}" data-sms-id="${escapeHtml(m.id)}">
        <div class="text">${bodyHtml(m)}</div>
        <div class="meta"><span class="status ${status}" data-status>${status}</span>
          <span>${m.segments} segment${m.segments === 1 ? "" : "s"}</span>${cost}
          <span>${stampHtml(m.created)}</span>${copy}</div></li>`;
    }).join("");
    list.scrollTop = list.scrollHeight;
  });
}

async function sendAsHandset(body) {
  const [local, remote] = state.threadKey.split("|");
  await api("/_admin/sms/inbound", { method: "POST", body: { from: remote, to: local, body } });
  await refreshMessages();
}

async function openNewThreadForm() {
  const form = $("#new-thread-form");
  form.hidden = !form.hidden;
  if (form.hidden) return;
  const numbers = await api(customerPath("/phonenumbers?pageSize=200"));
  form.local.innerHTML = numbers.items.filter((n) => n.smsEnabled)
    .map((n) => `<option>${escapeHtml(n.number)}</option>`).join("");
}

// ---- calls ------------------------------------------------------------------------------------
async function refreshLiveCalls() {
  const live = await api("/_admin/calls");
  const mine = live.items.filter((c) => c.customerId === state.customer && c.state !== "ended");
  const ringing = mine.filter((c) => c.state === "ringing").length;
  $("#ringing-badge").hidden = ringing === 0;
  $("#ringing-badge").textContent = ringing;
  if (state.view !== "calls") return;
  $("#no-live-calls").hidden = mine.length > 0;
  draw("live", JSON.stringify(mine.map((c) => [c.id, c.state])), () => {
    $("#live-calls").innerHTML = mine.map((c) => {
      const route = c.direction === "OUT"
        ? `endpoint ${escapeHtml(c.endpointId)} &rarr; <strong>${escapeHtml(c.remote)}</strong>`
        : `${callerHtml(c)} &rarr; ${escapeHtml(c.did)} (endpoint ${escapeHtml(c.endpointId)})`;
      const actions = c.state === "ringing"
        ? `<button class="answer" data-call="${c.id}" data-action="answer">Answer</button>
           <button data-call="${c.id}" data-action="reject">Reject</button>
           <button data-call="${c.id}" data-action="busy">Busy</button>`
        : `<button data-call="${c.id}" data-action="hangup">Hang up</button>`;
      return `<li class="live-call ${c.state}" data-live-call="${c.id}">
        <span class="status" data-state>${escapeHtml(c.state)}</span><span>${c.direction === "OUT" ? "Outgoing" : "Incoming"}: ${route}</span>
        <span class="muted small">since ${escapeHtml(when(c.created))}</span><span class="actions">${actions}</span></li>`;
    }).join("");
  });
}

// An incoming caller as a handset shows one: the name sent with the call (callerIdName), then the number.
const callerHtml = (call) => (call.callerName
  ? `<strong data-caller-name>${escapeHtml(call.callerName)}</strong> <span class="muted">${escapeHtml(call.remote)}</span>`
  : `<strong>${escapeHtml(call.remote)}</strong>`);

async function refreshCallLog() {
  const page = state.logPage;
  const calls = await api(customerPath(`/calls?pageSize=${LOG_PAGE_SIZE}&page=${page}&includeLocal=true`));
  const pages = Math.max(1, Math.ceil(calls.totalItems / LOG_PAGE_SIZE));
  if (page > pages) { state.logPage = pages; return refreshCallLog(); }  // the log shrank (a reset)
  const signature = JSON.stringify([page, calls.totalItems, calls.items.map((c) => [c.id, c.outcome])]);
  if (state.drawn.log === signature) return;
  const recorded = await recordedLinkedIds(calls.items);
  if (page !== state.logPage) return;  // paged on meanwhile: that page's look-up draws
  draw("log", signature, () => {
    $("#call-log").innerHTML = calls.items.map((c) => `<tr data-call-id="${escapeHtml(c.id)}">
      <td class="started">${escapeHtml(when(c.callStarted))}</td><td class="dir">${escapeHtml(c.direction)}</td><td class="from">${escapeHtml(c.from)}</td>
      <td class="to">${escapeHtml(c.to)}</td><td data-outcome>${escapeHtml(c.outcome)}</td><td class="secs">${escapeHtml(c.duration)}</td>
      <td class="cost">${money(c.cost)}</td><td class="recordings">${recorded.has(c.linkedId)
        ? `<button class="link" data-recordings="${escapeHtml(pathOf(c.links.recordings))}">Recordings</button>` : ""}</td></tr>`).join("");
    $("#log-page").textContent = `Page ${state.logPage} of ${pages} · ${calls.totalItems} calls`;
    $("#log-newer").disabled = state.logPage === 1;
    $("#log-older").disabled = state.logPage === pages;
  });
}

// Which of these calls were recorded, by linkedId as a call's links.recordings matches them: the
// recordings started within the page's time span (a recording's `started` is its call's), one
// look-up a page. That list leaves out the callee's side of a call between two endpoints (as
// includeLocal does for calls): an answered local call not found there is asked about by its link.
async function recordedLinkedIds(calls) {
  const linked = new Set();
  if (!calls.length) return linked;
  const span = calls.map((c) => c.callStarted).sort();
  const bounds = `startedAfter=${encodeURIComponent(span[0])}&startedBefore=${encodeURIComponent(span.at(-1))}`;
  let next = customerPath(`/recordings?${bounds}&includeLocal=true&pageSize=200`);
  while (next) {
    const found = await api(next);
    for (const recording of found.items) linked.add(recording.linkedId);
    next = found.nextPage ? pathOf(found.nextPage) : null;
  }
  const unsure = calls.filter((c) => c.callType === "local" && c.outcome === "answered" && !linked.has(c.linkedId));
  await Promise.all(unsure.map(async (c) => {
    if ((await api(pathOf(c.links.recordings))).totalItems) linked.add(c.linkedId);
  }));
  return linked;
}

async function showRecordings(button) {
  const cell = button.parentElement;
  const found = await api(button.dataset.recordings);
  if (!found.items.length) { cell.textContent = "none"; return; }
  cell.innerHTML = "";
  for (const recording of found.items) {
    // An <audio src> cannot send credentials: its URL carries a single-use download token
    // (GET /tokengenerator), as the real portal plays recordings. One request fetches it all.
    const token = await api("/api/v1/tokengenerator");
    const src = `${pathOf(recording.uri)}.wav?tokenid=${encodeURIComponent(token.id)}`;
    const audio = Object.assign(document.createElement("audio"), { controls: true, preload: "auto", src });
    audio.dataset.recording = recording.id;
    cell.append(audio);
  }
}

// ---- account ----------------------------------------------------------------------------------
async function refreshAccount() {
  const [credit, faults, journal] = await Promise.all([
    api(customerPath("/creditstatus")), api("/_admin/faults"), api("/_admin/requests?limit=25"),
  ]);
  $("#credit").textContent = `£${money(credit.creditRemaining)}`;
  $("#account-type").textContent = credit.accountType;
  $("#fault-count").hidden = faults.items.length === 0;
  $("#fault-count").textContent = faults.items.length;
  $("#faults").innerHTML = faults.items.map((f) => `<li data-fault="${f.id}">${escapeHtml(f.method || "any")}
      ${escapeHtml(f.path)} &rarr; ${escapeHtml(f.status ?? "delay")} <span class="muted small">(fired ${f.fired})</span>
      <button class="link" data-remove-fault="${f.id}" title="Remove this rule">remove</button></li>`).join("")
    || `<li class="muted">None active.</li>`;
  $("#clear-faults").disabled = faults.items.length === 0;
  $("#journal").innerHTML = journal.items.slice().reverse().map((r) => `<tr data-journal-id="${escapeHtml(r.id)}" tabindex="0">
      <td>${escapeHtml(when(r.time).slice(11))}</td><td>${escapeHtml(r.method)}</td>
      <td>${escapeHtml(r.path)}${r.query ? "?" + escapeHtml(r.query) : ""}</td><td>${escapeHtml(r.status)}</td>
      <td>${escapeHtml(r.durationMs)}</td></tr>`).join("");
}

async function refreshClock() {
  const clock = await api("/_admin/clock");
  state.now = clock.now;
  $("#clock-now").textContent = when(clock.now);
  $("#clock-big").textContent = when(clock.now);
  $("#clock-mode").textContent = clock.mode;
  $("#clock-toggle").textContent = clock.mode === "manual" ? "Run in real time" : "Stop the clock";
  $("#clock-toggle").dataset.mode = clock.mode === "manual" ? "real" : "manual";
}

// ---- refreshing -------------------------------------------------------------------------------
let refreshing = null;
async function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      await refreshClock();  // first: the lists' dates are relative to it
      const work = [refreshLiveCalls()];
      if (state.view === "messages") work.push(refreshMessages());
      if (state.view === "calls") work.push(refreshCallLog());
      if (state.view === "account") work.push(refreshAccount());
      await Promise.all(work);
      problem(null);
    } catch (error) {
      problem(error);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function act(work) {
  try { await work(); problem(null); } catch (error) { problem(error); }
  await refresh();
}

// The event stream (admins only) makes the page react at once; polling covers the rest.
async function startStream() {
  try {
    const response = await fetch("/api/v1/stream", { headers: headers() });
    if (!response.ok) return;
    const reader = response.body.getReader();
    while (!(await reader.read()).done) refresh();
  } catch { /* the server went away: try again */ }
  setTimeout(startStream, 3000);
}

setInterval(() => { if (!document.hidden && !$("#app").hidden) refresh(); }, REFRESH_MS);

// ---- wiring -----------------------------------------------------------------------------------
function showView(view) {
  state.view = view;
  state.drawn = {};
  for (const tab of document.querySelectorAll(".tabs button")) tab.setAttribute("aria-selected", String(tab.dataset.view === view));
  for (const name of ["messages", "calls", "account"]) $(`#view-${name}`).hidden = name !== view;
  refresh();
}

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await signIn(form.username.value, form.password.value, form.token.value);
  } catch (error) {
    $("#login-error").textContent = error.status === 401 ? "Wrong username or password." : error.message;
  }
});
$("#logout").addEventListener("click", signOut);
document.querySelector(".tabs").addEventListener("click", (event) => {
  const tab = event.target.closest("button[data-view]");
  if (tab) showView(tab.dataset.view);
});
$("#customer").addEventListener("change", (event) => {
  state.customer = Number(event.target.value);
  state.threadKey = null;
  state.logPage = 1;
  state.drawn = {};
  refresh();
});
$("#search").addEventListener("input", (event) => { state.search = event.target.value; drawThreads(); });
$("#thread-list").addEventListener("click", (event) => {
  const item = event.target.closest("li[data-thread]");
  if (!item) return;
  state.threadKey = item.dataset.thread;
  drawThreads(); drawThread();
});
$("#back").addEventListener("click", () => { state.threadKey = null; drawThreads(); drawThread(); });
$("#new-thread").addEventListener("click", () => act(openNewThreadForm));
$("#new-thread-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  state.threadKey = `${form.local.value}|${form.remote.value.trim()}`;
  form.hidden = true;
  drawThreads(); drawThread();
});
$("#compose").addEventListener("submit", (event) => {
  event.preventDefault();
  const area = event.target.body;
  const text = area.value;
  act(async () => { await sendAsHandset(text); area.value = ""; });
});
$("#bubbles").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  await copyText(button.dataset.copy);
  button.textContent = "Copied";
});
$("#live-calls").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-call]");
  if (button) act(() => api(`/_admin/calls/${button.dataset.call}/${button.dataset.action}`, { method: "POST" }));
});
$("#log-pager").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-log-step]");
  if (!button) return;
  state.logPage = Math.max(1, state.logPage + Number(button.dataset.logStep));
  act(refreshCallLog);
});
$("#call-log").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-recordings]");
  if (button) act(() => showRecordings(button));
});
$("#topup").addEventListener("submit", (event) => {
  event.preventDefault();
  const amount = Number(event.target.amount.value);
  act(() => api(`/_admin/customers/${state.customer}/topup`, { method: "POST", body: { amount } }));
});
$("#advance").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-advance]");
  if (button) act(() => api("/_admin/clock", { method: "POST", body: { advance: Number(button.dataset.advance) } }));
});
$("#clock-toggle").addEventListener("click", (event) =>
  act(() => api("/_admin/clock", { method: "POST", body: { mode: event.target.dataset.mode } })));
$("#reset").addEventListener("click", (event) => {
  // Two clicks, not confirm(): dialogs are a nuisance in demos and in browser tests.
  const button = event.target;
  if (button.dataset.armed) {
    delete button.dataset.armed;
    button.textContent = "Reset everything";
    act(() => api("/_admin/reset", { method: "POST" }));
  } else {
    button.dataset.armed = "1";
    button.textContent = "Click again to reset";
    setTimeout(() => { delete button.dataset.armed; button.textContent = "Reset everything"; }, 4000);
  }
});
$("#clear-faults").addEventListener("click", () => act(() => api("/_admin/faults", { method: "DELETE" })));
$("#faults").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-remove-fault]");
  if (button) act(() => api(`/_admin/faults/${button.dataset.removeFault}`, { method: "DELETE" }));
});

(async function boot() {
  const saved = JSON.parse(sessionStorage.getItem(LOGIN_KEY) || "null");
  const preset = saved ? null : await defaultLogin();
  const login = saved || (sessionStorage.getItem(SIGNED_OUT_KEY) ? null : preset);
  if (!login) { showLoginForm(preset); return; }
  try {
    await signIn(login.username, login.password, login.token || "");
  } catch {
    sessionStorage.removeItem(LOGIN_KEY);
    showLoginForm(preset);
  }
})();
