// The checkout flow and the funnel, drawn as inline SVG from GET /admin/flow and GET /admin/funnel. The graph and
// its layout come from the service (made from OrderStateMachine itself); this file only draws them. Every text
// from the API is set as text (textContent), never as markup.
'use strict';

window.OrderSagaFlow = (() => {
  const svgNs = 'http://www.w3.org/2000/svg';
  let drawn = null;

  function svg(tag, attributes, text) {
    const node = document.createElementNS(svgNs, tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, String(value));
    }
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  // A duration in words a reader takes in at a glance: 850 ms, 4.2 s, 3 min 5 s, 2 h 10 min.
  function duration(ms) {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    const seconds = ms / 1000;
    if (seconds < 60) return `${seconds.toFixed(1)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }

  function edgeKey(from, to) {
    return `${from}\u2192${to}`;
  }

  // --- the graph ----------------------------------------------------------------------------------

  // Builds the SVG once per shape of the graph; later refreshes only change its numbers and marks.
  function build(target, flow, onState) {
    const shape = JSON.stringify([flow.width, flow.height, flow.states.map((s) => s.state), flow.transitions.map((t) => edgeKey(t.from, t.to))]);
    if (drawn && drawn.shape === shape && drawn.target === target) return;

    target.replaceChildren();
    target.setAttribute('viewBox', `0 0 ${flow.width} ${flow.height + 16}`);
    target.setAttribute('width', flow.width);
    target.setAttribute('height', flow.height + 16);
    const defs = svg('defs');
    const marker = svg('marker', { id: 'flow-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'flow-arrow-head' }));
    const markerOn = svg('marker', { id: 'flow-arrow-on', viewBox: '0 0 10 10', refX: 10, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 11, markerHeight: 11, orient: 'auto-start-reverse' });
    markerOn.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'flow-arrow-head on-path' }));
    defs.append(marker, markerOn);
    target.append(defs);

    const edges = new Map();
    const edgeLayer = svg('g', { class: 'flow-edges' });
    const labelLayer = svg('g', { class: 'flow-labels' });
    for (const t of flow.transitions) {
      const key = edgeKey(t.from, t.to);
      const path = svg('path', { d: t.path, class: 'flow-edge', 'marker-end': 'url(#flow-arrow)', 'data-from': t.from, 'data-to': t.to });
      path.append(svg('title', {}, `${t.from} to ${t.to} on ${t.label}`));
      edgeLayer.append(path);
      const label = svg('g', { class: 'flow-edge-label', 'data-from': t.from, 'data-to': t.to });
      const background = svg('rect', { height: 16, rx: 3, class: 'flow-label-bg' });
      const text = svg('text', { x: t.labelX, y: t.labelY + 4, 'text-anchor': 'middle' });
      const name = svg('tspan', {}, t.label);
      const count = svg('tspan', { class: 'flow-edge-count', dx: 4 }, '');
      text.append(name, count);
      label.append(background, text);
      labelLayer.append(label);
      edges.set(key, { path, label, background, text, count, transition: t });
    }

    const nodes = new Map();
    const nodeLayer = svg('g', { class: 'flow-nodes' });
    for (const s of flow.states) {
      const group = svg('g', { class: `flow-state${s.onMainPath ? ' main' : ''}${s.isEnd ? ' end' : ''}${s.isStart ? ' start' : ''}`, 'data-state': s.state });
      if (s.isStart) {
        group.append(svg('circle', { cx: s.x + s.width / 2, cy: s.y + s.height / 2, r: s.width / 2, class: 'flow-start' }));
        group.append(svg('title', {}, `${s.state}: where every checkout starts`));
        nodeLayer.append(group);
        nodes.set(s.state, { group, state: s });
        continue;
      }
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'button');
      const box = svg('rect', { x: s.x, y: s.y, width: s.width, height: s.height, rx: 8, class: 'flow-box' });
      const name = svg('text', { x: s.x + s.width / 2, y: s.y + 18, 'text-anchor': 'middle', class: 'flow-name' }, s.state);
      const count = svg('text', { x: s.x + s.width / 2, y: s.y + 36, 'text-anchor': 'middle', class: 'flow-count' }, '');
      const stuck = svg('text', { x: s.x + s.width - 6, y: s.y - 4, 'text-anchor': 'end', class: 'flow-stuck' }, '');
      const spent = svg('text', { x: s.x + s.width / 2, y: s.y + s.height + 14, 'text-anchor': 'middle', class: 'flow-spent' }, '');
      group.append(box, name, count, stuck, spent);
      group.addEventListener('click', () => onState(s.state));
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onState(s.state);
        }
      });
      nodeLayer.append(group);
      nodes.set(s.state, { group, count, stuck, spent, state: s });
    }

    target.append(edgeLayer, labelLayer, nodeLayer);
    drawn = { target, shape, edges, nodes, path: null };
  }

  // The numbers of this refresh: checkouts per state now, stuck ones, transitions in the window.
  function update(target, flow, selectedState, onState) {
    build(target, flow, onState);
    for (const s of flow.states) {
      const node = drawn.nodes.get(s.state);
      if (!node || s.isStart) continue;
      node.count.textContent = `${s.count} now`;
      node.group.dataset.count = String(s.count);
      node.stuck.textContent = s.stuck > 0 ? `\u26a0 ${s.stuck} stuck` : '';
      node.group.classList.toggle('stuck', s.stuck > 0);
      node.group.classList.toggle('empty', s.count === 0);
      node.group.classList.toggle('selected', s.state === selectedState);
      node.group.setAttribute('aria-pressed', s.state === selectedState ? 'true' : 'false');
      node.group.setAttribute('aria-label',
        `${s.state}: ${plural(s.count, 'checkout', 'checkouts')} now${s.stuck > 0 ? `, ${s.stuck} stuck` : ''}. List them.`);
    }
    for (const t of flow.transitions) {
      const edge = drawn.edges.get(edgeKey(t.from, t.to));
      edge.count.textContent = `\u00d7${t.count}`;
      edge.label.dataset.count = String(t.count);
      edge.path.classList.toggle('idle', t.count === 0);
      sizeLabel(edge);
    }
  }

  function sizeLabel(edge) {
    const box = edge.text.getBBox();
    edge.background.setAttribute('x', String(box.x - 4));
    edge.background.setAttribute('y', String(edge.transition.labelY - 8));
    edge.background.setAttribute('width', String(box.width + 8));
  }

  // --- one checkout's path ------------------------------------------------------------------------

  // The states a checkout went through (its timeline, oldest first) with the time it spent in each. The state it is
  // in now is timed up to now only while it waits for another service; a resting one (Paid, Cancelled, ...) is not.
  function pathOf(timeline, flow, now) {
    const start = flow.states.find((s) => s.isStart);
    const waiting = new Set(flow.states.filter((s) => s.waiting).map((s) => s.state));
    return timeline.map((entry, i) => {
      const next = timeline[i + 1];
      const entered = Date.parse(entry.at);
      const resting = !next && !waiting.has(entry.state);
      return {
        state: entry.state,
        from: i === 0 ? (start ? start.state : null) : timeline[i - 1].state,
        at: entry.at,
        ms: resting ? null : (next ? Date.parse(next.at) : now) - entered,
        current: !next,
        resting,
      };
    });
  }

  function highlight(flow, timeline, now) {
    if (!drawn) return [];
    clearHighlight();
    const steps = pathOf(timeline, flow, now);
    const spent = new Map();
    for (const step of steps) {
      if (step.ms !== null) spent.set(step.state, (spent.get(step.state) || 0) + step.ms);
      const node = drawn.nodes.get(step.state);
      if (node) node.group.classList.add('on-path');
      const edge = drawn.edges.get(edgeKey(step.from, step.state));
      if (edge) {
        edge.path.classList.add('on-path');
        edge.path.setAttribute('marker-end', 'url(#flow-arrow-on)');
        edge.label.classList.add('on-path');
      }
    }
    const start = flow.states.find((s) => s.isStart);
    if (start && drawn.nodes.get(start.state)) drawn.nodes.get(start.state).group.classList.add('on-path');
    for (const [state, ms] of spent) {
      const node = drawn.nodes.get(state);
      if (node && node.spent) node.spent.textContent = duration(ms);
    }
    const last = steps[steps.length - 1];
    if (last && last.resting && drawn.nodes.get(last.state)) drawn.nodes.get(last.state).spent.textContent = 'here now';
    drawn.path = steps;
    return steps;
  }

  function clearHighlight() {
    if (!drawn) return;
    for (const node of drawn.nodes.values()) {
      node.group.classList.remove('on-path');
      if (node.spent) node.spent.textContent = '';
    }
    for (const edge of drawn.edges.values()) {
      edge.path.classList.remove('on-path');
      edge.path.setAttribute('marker-end', 'url(#flow-arrow)');
      edge.label.classList.remove('on-path');
    }
    drawn.path = null;
  }

  // --- the funnel ---------------------------------------------------------------------------------

  // Horizontal bars, one per stage, as wide as their share of the started checkouts.
  function funnelChart(target, funnel) {
    const stages = [
      ['Started', funnel.started],
      ['Priced', funnel.priced],
      ['Paid', funnel.paid],
      ['Shipped', funnel.shipped],
    ];
    const width = 520;
    const barMax = 340;
    const row = 30;
    target.replaceChildren();
    target.setAttribute('viewBox', `0 0 ${width} ${stages.length * row + 6}`);
    target.setAttribute('width', width);
    target.setAttribute('height', stages.length * row + 6);
    stages.forEach(([name, count], i) => {
      const share = funnel.started > 0 ? count / funnel.started : 0;
      const y = i * row + 4;
      const group = svg('g', { class: 'funnel-stage', 'data-stage': name.toLowerCase(), 'data-count': count });
      group.append(
        svg('text', { x: 0, y: y + 17, class: 'funnel-name' }, name),
        svg('rect', { x: 80, y, width: Math.max(2, Math.round(barMax * share)), height: row - 8, rx: 3, class: 'funnel-bar' }),
        svg('text', { x: 80 + Math.max(2, Math.round(barMax * share)) + 6, y: y + 17, class: 'funnel-count' },
          `${count}${funnel.started > 0 ? ` (${Math.round(share * 100)} %)` : ''}`));
      target.append(group);
    });
  }

  return { update, highlight, clearHighlight, funnelChart, duration, pathOf };
})();
