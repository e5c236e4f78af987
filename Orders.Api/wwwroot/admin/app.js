// OrderSaga admin dashboard: plain JavaScript, no build step. The admin key lives only in the variable
// below, for as long as the page is open; it is never written to storage or cookies. Everything the API
// returns is put on the page as text (never as markup): dead letters carry whatever a producer sent.
'use strict';

(() => {
  const refreshEveryMs = 2000;
  const cancellableStates = ['Pricing', 'AwaitingPayment', 'Paid'];

  let adminKey = null;
  let adminName = '';
  let selectedRequestId = null;
  let selectedFlowState = null;
  let lastFlow = null;
  let refreshTimer = null;
  let busy = false;
  let again = false;

  const $ = (id) => document.getElementById(id);

  class Refused extends Error {}

  // --- talking to the API -------------------------------------------------------------------------

  async function api(method, path) {
    const headers = { 'X-Admin-Key': adminKey, Accept: 'application/json' };
    if (adminName) headers['X-Admin-Name'] = adminName;
    const response = await fetch(path, { method, headers, cache: 'no-store', credentials: 'omit' });
    const text = await response.text();
    let body = null;
    if (text) {
      try { body = JSON.parse(text); } catch { body = { detail: text }; }
    }
    if (response.status === 401) {
      forgetKey((body && body.detail) || 'The admin key was refused.');
      throw new Refused('401');
    }
    return { status: response.status, ok: response.ok, body };
  }

  function problemText(result) {
    const body = result.body || {};
    if (body.errors) {
      return Object.entries(body.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('; ');
    }
    return body.detail || body.title || `HTTP ${result.status}`;
  }

  // --- small DOM helpers (text only) --------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function time(iso, timeOnly) {
    if (!iso) return el('span', { className: 'muted' }, '—');
    const at = new Date(iso);
    const text = timeOnly ? at.toLocaleTimeString() : at.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
    return el('time', { datetime: iso, title: iso }, text);
  }

  // The outbox names a type as "Namespace.Type, Assembly"; the type's own name is what a reader needs.
  function shortType(messageType) {
    return messageType.split(',')[0].split('.').pop();
  }

  function money(amount, currency) {
    return amount === null || amount === undefined ? '—' : `${Number(amount).toFixed(2)} ${currency || ''}`.trim();
  }

  function stateBadge(state) {
    return el('span', { className: `state state-${state}` }, state);
  }

  function fillRows(table, rows) {
    table.tBodies[0].replaceChildren(...rows);
  }

  function say(message, kind) {
    const status = $('status');
    status.textContent = message;
    status.className = `status ${kind || ''}`.trim();
  }

  // --- signing in and out -------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const key = $('admin-key').value;
    const name = $('admin-name').value.trim();
    $('key-error').textContent = '';
    if (!key) {
      $('key-error').textContent = 'Enter the admin key.';
      $('admin-key').focus();
      return;
    }
    if (name && !/^[\x20-\x7E]{1,100}$/.test(name)) {
      $('key-error').textContent = 'Your name must be 1 to 100 plain ASCII characters.';
      $('admin-name').focus();
      return;
    }
    adminKey = key;
    adminName = name;
    $('admin-key').value = '';
    try {
      const check = await api('GET', '/admin/states');
      if (!check.ok) throw new Error(problemText(check));
    } catch (error) {
      if (!(error instanceof Refused)) {
        adminKey = null;
        $('key-error').textContent = `The dashboard could not reach the API: ${error.message}`;
      }
      return;
    }
    $('sign-in').hidden = true;
    $('dashboard').hidden = false;
    $('forget-key').hidden = false;
    say(`Signed in${adminName ? ` as ${adminName}` : ''}.`);
    await refresh();
  }

  function forgetKey(reason) {
    adminKey = null;
    selectedRequestId = null;
    selectedFlowState = null;
    clearTimeout(refreshTimer);
    refreshTimer = null;
    $('dashboard').hidden = true;
    $('forget-key').hidden = true;
    $('sign-in').hidden = false;
    $('key-error').textContent = reason || '';
    say('');
    $('admin-key').focus();
  }

  // --- the panels ---------------------------------------------------------------------------------

  function renderCounts(counts) {
    $('counts-total').textContent = `(${counts.total} in all)`;
    $('counts').replaceChildren(...counts.states.map((s) =>
      el('li', { className: s.count > 0 ? 'count' : 'count zero', dataset: { state: s.state } },
        el('span', { className: 'count-number' }, s.count), ' ', stateBadge(s.state))));

    const filter = $('state-filter');
    if (filter.options.length === 1) {
      for (const s of counts.states) filter.append(el('option', { value: s.state }, s.state));
    }
  }

  function checkoutButton(requestId) {
    return el('button', {
      type: 'button',
      className: 'link',
      'aria-pressed': requestId === selectedRequestId ? 'true' : 'false',
      onclick: () => select(requestId),
    }, requestId);
  }

  function renderRecent(page) {
    fillRows($('recent'), page.items.map((c) =>
      el('tr', { dataset: { requestId: c.requestId }, className: c.requestId === selectedRequestId ? 'selected' : null },
        el('td', {}, checkoutButton(c.requestId)),
        el('td', {}, c.userId),
        el('td', { className: 'state-cell' }, stateBadge(c.state)),
        el('td', { className: 'num' }, money(c.totalAmount, c.currency)),
        el('td', {}, time(c.updatedAt)))));
    $('recent-empty').hidden = page.items.length > 0;
  }

  function renderStuck(page) {
    fillRows($('stuck'), page.items.map((c) =>
      el('tr', { dataset: { requestId: c.requestId } },
        el('td', {}, checkoutButton(c.requestId)),
        el('td', {}, stateBadge(c.state)),
        el('td', {}, time(c.updatedAt)),
        el('td', {}, time(c.deadlineAt)))));
    $('stuck-empty').hidden = page.items.length > 0;
  }

  function renderDeadLetters(page) {
    fillRows($('dead-letters'), page.items.map((d) =>
      el('tr', { dataset: { deadLetterId: d.id } },
        el('td', {}, d.id),
        el('td', {}, d.requestId ? checkoutButton(d.requestId) : el('span', { className: 'muted' }, 'none'),
          d.checkoutState ? el('div', {}, stateBadge(d.checkoutState)) : null),
        el('td', {}, el('code', {}, `${d.topic} [${d.partition}] @${d.offset}`), d.messageType ? el('div', { className: 'muted' }, d.messageType) : null),
        el('td', { className: 'error-text' }, d.error),
        el('td', {}, time(d.failedAt)),
        el('td', {}, d.replayedAt
          ? el('span', {}, 'Replayed by ', d.replayedBy, ' ', time(d.replayedAt))
          : el('button', { type: 'button', onclick: () => replay(d) , 'aria-label': `Replay dead letter ${d.id}` }, 'Replay')))));
    $('dead-empty').hidden = page.items.length > 0;
  }

  function renderAudit(page) {
    fillRows($('audit'), page.items.map((a) =>
      el('tr', {},
        el('td', {}, time(a.at)),
        el('td', {}, a.actor),
        el('td', {}, a.action),
        el('td', {}, el('code', {}, a.target)),
        el('td', {}, a.outcome))));
    $('audit-empty').hidden = page.items.length > 0;
  }

  function renderDetail(details) {
    const c = details.checkout;
    $('detail-title').textContent = `Checkout ${c.requestId}`;
    $('detail-empty').hidden = true;
    $('detail-body').hidden = false;

    const facts = [
      ['State', stateBadge(c.state)],
      ['Reason', c.reasonCode ? `${c.reasonCode}: ${c.reason || ''}` : '—'],
      ['User', c.userId],
      ['Order', c.orderId ?? '—'],
      ['Total', money(c.totalAmount, c.currency)],
      ['Items', details.items.map((i) => `${i.quantity} × ${i.name || `product ${i.productId}`}`).join(', ') || '—'],
      ['Created', time(c.createdAt)],
      ['Updated', time(c.updatedAt)],
      ['Deadline', time(c.deadlineAt)],
    ];
    $('detail-summary').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', { dataset: { fact: term.toLowerCase() } }, value)]));

    const cancellable = cancellableStates.includes(c.state);
    const cancel = $('cancel-checkout');
    cancel.disabled = !cancellable;
    $('cancel-note').textContent = cancellable
      ? (c.state === 'Paid' ? 'The payment will be refunded.' : '')
      : `A ${c.state} checkout cannot be cancelled.`;

    $('detail-timeline').replaceChildren(...details.timeline.map((t) =>
      el('li', {}, stateBadge(t.state), t.reasonCode ? ` ${t.reasonCode} ` : ' ', time(t.at))));

    fillRows($('detail-messages'), details.messages.map((m) =>
      el('tr', {},
        el('td', {}, m.id),
        el('td', { title: m.messageType }, shortType(m.messageType)),
        el('td', {}, time(m.createdAt, true)),
        el('td', {}, m.delivered ? 'yes' : 'not yet'),
        el('td', {}, el('details', {}, el('summary', {}, 'JSON'), el('pre', {}, JSON.stringify(m.body, null, 2)))))));

    $('detail-dead-letters').textContent = details.deadLetters.length === 0
      ? 'None.'
      : details.deadLetters.map((d) => `#${d.id} from ${d.topic}: ${d.error}${d.replayedAt ? ' (replayed)' : ''}`).join(' · ');
  }

  // --- the flow and the funnel -------------------------------------------------------------------

  function renderFlow(flow) {
    lastFlow = flow;
    $('flow-stuck-minutes').textContent = flow.stuckAfterMinutes;
    OrderSagaFlow.update($('flow-graph'), flow, selectedFlowState, chooseState);
    if (!selectedRequestId) {
      OrderSagaFlow.clearHighlight();
      $('flow-path').hidden = true;
    }
  }

  function renderStateCheckouts(state, page) {
    $('flow-state').hidden = false;
    $('flow-state-title').textContent = `${state}: ${page.total} checkout${page.total === 1 ? '' : 's'}${page.total > page.items.length ? `, the newest ${page.items.length}` : ''}`;
    $('flow-state-checkouts').replaceChildren(...page.items.map((c) =>
      el('li', { dataset: { requestId: c.requestId } }, checkoutButton(c.requestId), ' ', el('span', { className: 'muted' }, 'since '), time(c.updatedAt))));
    $('flow-state-empty').hidden = page.items.length > 0;
  }

  // The checkout's path on the graph, and the same as a list: each state with the time spent in it.
  function renderPath(details) {
    if (!lastFlow) return;
    const steps = OrderSagaFlow.highlight(lastFlow, details.timeline, Date.now());
    $('flow-path').hidden = false;
    $('flow-path-title').textContent = `Path of ${details.checkout.requestId}`;
    $('flow-path-steps').replaceChildren(...steps.map((step) =>
      el('li', { dataset: { state: step.state } }, stateBadge(step.state), ' ',
        step.resting ? el('span', { className: 'muted' }, 'here now ') : null,
        step.ms === null ? null : el('span', { className: 'spent' }, OrderSagaFlow.duration(step.ms), step.current ? ' so far' : ''),
        ' ', el('span', { className: 'muted' }, 'from '), time(step.at, true))));
  }

  function renderFunnel(funnel) {
    OrderSagaFlow.funnelChart($('funnel-chart'), funnel);
    const list = (items) => (items.length === 0 ? '—' : items.map((i) => `${i.key}: ${i.count}`).join('; '));
    const facts = [
      ['Where they are now', list(funnel.now)],
      ['Rejected, by reason code', list(funnel.rejectedByReasonCode)],
      ['Payment failed, by reason', list(funnel.paymentFailedByReason)],
      ['Timed out, at step', list(funnel.timedOutAtStep)],
      ['Cancelled', `${funnel.cancelled.beforePayment} before payment; ${funnel.cancelled.afterPayment} after payment (refunded)`],
    ];
    $('funnel-ends').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
    const seconds = (s) => (s === null || s === undefined ? '—' : OrderSagaFlow.duration(s * 1000));
    fillRows($('funnel-steps'), funnel.steps.map((step) =>
      el('tr', { dataset: { from: step.from, to: step.to } },
        el('td', {}, `${step.from} \u2192 ${step.to}`),
        el('td', { className: 'num' }, step.count),
        el('td', { className: 'num' }, seconds(step.medianSeconds)),
        el('td', { className: 'num' }, seconds(step.p95Seconds)))));
  }

  function chooseState(state) {
    selectedFlowState = selectedFlowState === state ? null : state;
    if (!selectedFlowState) $('flow-state').hidden = true;
    refresh();
  }

  // --- actions ------------------------------------------------------------------------------------

  async function select(requestId) {
    selectedRequestId = requestId;
    await refresh();
    $('detail').focus();
  }

  async function cancelSelected() {
    const requestId = selectedRequestId;
    if (!requestId || !window.confirm(`Cancel checkout ${requestId} for its user? A paid order is refunded.`)) return;
    try {
      const result = await api('POST', `/admin/checkouts/${encodeURIComponent(requestId)}/cancel`);
      if (result.ok) say(`Checkout ${requestId}: cancellation accepted, now ${result.body.state}.`, 'ok');
      else say(`Checkout ${requestId} was not cancelled: ${problemText(result)}`, 'bad');
    } catch (error) {
      if (!(error instanceof Refused)) say(`Cancelling failed: ${error.message}`, 'bad');
      return;
    }
    await refresh();
  }

  async function replay(deadLetter) {
    if (!window.confirm(`Replay dead letter ${deadLetter.id} to ${deadLetter.topic}? It is produced once more, exactly as it arrived.`)) return;
    try {
      const result = await api('POST', `/admin/dead-letters/${deadLetter.id}/replay`);
      if (result.ok) {
        const to = result.body.replayedTo;
        say(`Dead letter ${deadLetter.id} replayed to ${to.topic} partition ${to.partition} offset ${to.offset}.`, 'ok');
      } else {
        say(`Dead letter ${deadLetter.id} was not replayed: ${problemText(result)}`, 'bad');
      }
    } catch (error) {
      if (!(error instanceof Refused)) say(`Replaying failed: ${error.message}`, 'bad');
      return;
    }
    await refresh();
  }

  // --- refreshing ---------------------------------------------------------------------------------

  async function refresh() {
    if (!adminKey) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    clearTimeout(refreshTimer);
    try {
      const state = $('state-filter').value;
      const recentQuery = `/admin/checkouts?pageSize=20${state ? `&state=${encodeURIComponent(state)}` : ''}`;
      const deadQuery = `/admin/dead-letters?pageSize=20${$('show-replayed').checked ? '' : '&replayed=false'}`;
      const funnelTo = new Date();
      const funnelFrom = new Date(funnelTo.getTime() - Number($('funnel-window').value) * 3600 * 1000);
      const funnelQuery = `/admin/funnel?from=${encodeURIComponent(funnelFrom.toISOString())}&to=${encodeURIComponent(funnelTo.toISOString())}`;
      const [counts, recent, stuck, dead, audit, flow, funnel] = await Promise.all([
        api('GET', '/admin/states'),
        api('GET', recentQuery),
        api('GET', '/admin/stuck?olderThanMinutes=5&pageSize=20'),
        api('GET', deadQuery),
        api('GET', '/admin/actions?pageSize=20'),
        api('GET', `/admin/flow?window=${encodeURIComponent($('flow-window').value)}`),
        api('GET', funnelQuery),
      ]);
      for (const result of [counts, recent, stuck, dead, audit, flow, funnel]) {
        if (!result.ok) throw new Error(problemText(result));
      }
      renderFlow(flow.body);
      renderFunnel(funnel.body);
      if (selectedFlowState) {
        const inState = await api('GET', `/admin/checkouts?pageSize=20&state=${encodeURIComponent(selectedFlowState)}`);
        if (inState.ok) renderStateCheckouts(selectedFlowState, inState.body);
      }
      renderCounts(counts.body);
      renderRecent(recent.body);
      renderStuck(stuck.body);
      renderDeadLetters(dead.body);
      renderAudit(audit.body);

      if (selectedRequestId) {
        const details = await api('GET', `/admin/checkouts/${encodeURIComponent(selectedRequestId)}`);
        if (details.ok) {
          renderDetail(details.body);
          renderPath(details.body);
        }
        else say(`Checkout ${selectedRequestId}: ${problemText(details)}`, 'bad');
      }
      document.body.dataset.refreshedAt = new Date().toISOString();
    } catch (error) {
      if (error instanceof Refused) return;
      say(`Refresh failed: ${error.message}. Trying again.`, 'bad');
    } finally {
      busy = false;
    }
    // A change asked for while this refresh ran (a click, a filter) is shown at once.
    if (adminKey) refreshTimer = setTimeout(refresh, again ? 0 : refreshEveryMs);
    again = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', signIn);
    $('forget-key').addEventListener('click', () => forgetKey('The key was forgotten. Enter it again to continue.'));
    $('cancel-checkout').addEventListener('click', cancelSelected);
    $('state-filter').addEventListener('change', refresh);
    $('show-replayed').addEventListener('change', refresh);
    $('flow-window').addEventListener('change', refresh);
    $('funnel-window').addEventListener('change', refresh);
    $('admin-key').focus();
  });
})();
