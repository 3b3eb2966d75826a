// mock-pbx inbox, the Account panel's tools: a journal entry opened in full (as WireMock and
// Mailpit open a request or a message), and a form that adds a fault rule. Loaded after app.js,
// whose api(), headers(), refresh(), escapeHtml() and $() it uses; wrapped in a function so its
// names never clash with app.js's (a second top-level `const` of one name stops a page's script).
"use strict";

(function panels() {
  // ---- journal detail ---------------------------------------------------------------------------
  const dialog = document.createElement("dialog");
  dialog.id = "journal-detail";
  dialog.className = "journal-detail";
  dialog.setAttribute("aria-labelledby", "journal-detail-title");
  document.body.append(dialog);

  // JSON laid out over lines when it is JSON; else the text as it came.
  function prettyBody(body) {
    if (body === null || body === undefined || body === "") return { text: "(no body)", json: false };
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), json: true };
    } catch {
      return { text: body, json: false };
    }
  }

  // 2026-01-15T10:30:00.000+0000 as 2026-01-15 10:30:00.000 UTC: to the millisecond, as the
  // journal keeps it, with spaces where a phone's narrow box may break the line.
  const readableStamp = (stamp) => stamp.replace("T", " ").replace(/\+0000$/, " UTC");

  function faultHtml(fault) {
    if (!fault) return `<span class="muted">none</span>`;
    return `<span class="fired">rule ${escapeHtml(fault.id)}</span> ${escapeHtml(fault.summary)}`;
  }

  function fieldsHtml(entry) {
    const rows = [
      ["Status", escapeHtml(entry.status)],
      ["Fault rule", faultHtml(entry.fault)],
      ["Time", `<time datetime="${escapeHtml(entry.time)}">${escapeHtml(readableStamp(entry.time))}</time>`],
      ["Duration", `${escapeHtml(entry.durationMs)} ms`],
      ["Login", entry.username ? escapeHtml(entry.username) : `<span class="muted">none sent</span>`],
      ["Query", entry.query ? `<code>${escapeHtml(entry.query)}</code>` : `<span class="muted">none</span>`],
    ];
    return rows.map(([name, value]) => `<dt>${name}</dt><dd data-field="${name.toLowerCase()}">${value}</dd>`).join("");
  }

  function headersHtml(headers) {
    return Object.entries(headers).map(([name, value]) =>
      `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join("");
  }

  function detailHtml(entry) {
    const body = prettyBody(entry.body);
    const outcome = entry.fault ? "faulted" : entry.status >= 400 ? "failed" : "ok";
    return `<header class="detail-head">
        <h2 id="journal-detail-title"><span class="method">${escapeHtml(entry.method)}</span>
          <span class="path">${escapeHtml(entry.path)}</span></h2>
        <span class="outcome ${outcome}">${escapeHtml(entry.status)}</span>
        <button type="button" class="link" data-close aria-label="Close">Close</button>
      </header>
      <dl class="fields">${fieldsHtml(entry)}</dl>
      <h3>Headers <span class="muted small">(credentials redacted)</span></h3>
      <dl class="headers" data-headers>${headersHtml(entry.headers)}</dl>
      <h3>Body ${body.json ? `<span class="muted small">(JSON)</span>` : ""}</h3>
      <pre class="body" data-body>${escapeHtml(body.text)}</pre>`;
  }

  async function openEntry(id) {
    try {
      dialog.innerHTML = detailHtml(await api(`/_admin/requests/${encodeURIComponent(id)}`));
      dialog.dataset.entry = id;
      if (!dialog.open) dialog.showModal();
      dialog.querySelector("[data-close]").focus();
    } catch (error) {
      problem(error);  // e.g. the journal was cleared meanwhile: a 404 in the banner
    }
  }

  $("#journal").addEventListener("click", (event) => {
    const row = event.target.closest("tr[data-journal-id]");
    if (row) openEntry(row.dataset.journalId);
  });
  $("#journal").addEventListener("keydown", (event) => {
    const row = event.target.closest("tr[data-journal-id]");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openEntry(row.dataset.journalId);
    }
  });
  dialog.addEventListener("click", (event) => {
    // The close button, or a click on the backdrop (outside the box: the dialog itself).
    if (event.target.closest("[data-close]") || event.target === dialog) dialog.close();
  });

  // ---- fault creation ---------------------------------------------------------------------------
  const form = $("#fault-form");
  const errors = $("#fault-errors");

  // Only what was filled in: the server's defaults (every path, any method, until removed) for
  // the rest, and the server's checks for all of it, so the page says what the API would say.
  function ruleFrom(fields) {
    const rule = {};
    const text = (name) => fields[name].value.trim();
    if (text("path")) rule.path = text("path");
    rule.method = fields.method.value;
    for (const name of ["status", "times", "delayMs"]) {
      if (text(name)) rule[name] = Number(text(name));
    }
    return rule;
  }

  function showErrors(list) {
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    errors.innerHTML = list.map((e) => {
      const input = form.elements[e.field];
      if (input) input.setAttribute("aria-invalid", "true");
      const where = input ? `<strong>${escapeHtml(e.field)}</strong>: ` : "";
      return `<li>${where}${escapeHtml(String(e.message).replace(/^Value error, /, ""))}</li>`;
    }).join("");
    errors.hidden = list.length === 0;
  }

  // fetch, not api(): the page shows each field's error beside the form, not one banner line.
  async function addRule(rule) {
    const response = await fetch("/_admin/faults", {
      method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(rule),
    });
    const data = await response.json().catch(() => ({ message: `${response.status} ${response.statusText}` }));
    if (response.ok) return [];
    return data.validationErrors || data.errors || [{ message: data.message }];
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const found = await addRule(ruleFrom(form.elements));
      showErrors(found);
      if (!found.length) form.reset();
    } catch (error) {
      showErrors([{ message: error.message || String(error) }]);
    } finally {
      button.disabled = false;
    }
    await refresh();
  });
})();
