// Draws a run's workflow tree (the JSON form: job, chain, group, delay) as SVG with its own small layout: chains
// left to right, groups stacked between a fork and a join, delays as a marker before their step, each job a box
// coloured by its state. A group of more than BIG_GROUP members is one box with counts by state. Every text is
// set with textContent: job names and arguments are data, never markup.
'use strict';
const SidelineGraph = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 168, H = 46, GAP_X = 34, GAP_Y = 12, FORK = 16, DELAY_W = 78, PAD = 16, BIG_GROUP = 12;
  const ORDER = ['dead', 'retrying', 'running', 'queued', 'scheduled', 'pending', 'cancelled', 'succeeded'];

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, String(v)));
    if (parent) parent.appendChild(e);
    return e;
  }

  function text(parent, x, y, value, cls) {
    const t = el('text', { x, y, class: cls || '' }, parent);
    t.textContent = value;
    return t;
  }

  function clip(value, max) {
    return value.length > max ? value.slice(0, max - 1) + '\u2026' : value;
  }

  function line(g, x1, y1, x2, y2) {
    const mid = (x1 + x2) / 2;
    el('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge' }, g);
  }

  /** The job nodes of a step, in document order (the order the server numbers them). */
  function jobsIn(step, into) {
    into = into || [];
    if (step === null || typeof step !== 'object') return into;
    if ('job' in step) { into.push(step); return into; }
    if (Array.isArray(step.chain)) step.chain.forEach(s => jobsIn(s, into));
    if (Array.isArray(step.group)) step.group.forEach(s => jobsIn(s, into));
    if (step.step) jobsIn(step.step, into);
    return into;
  }

  function counts(jobs) {
    const c = {};
    jobs.forEach(j => { c[j.state] = (c[j.state] || 0) + 1; });
    return c;
  }

  function worst(c) {
    return ORDER.find(s => c[s]) || 'pending';
  }

  function ports(x, y, w, h) {
    return { inX: x, inY: y + h / 2, outX: x + w, outY: y + h / 2 };
  }

  function human(ms) {
    if (ms < 1000) return ms + ' ms';
    if (ms < 120000) return (ms / 1000) + ' s';
    return Math.round(ms / 60000) + ' min';
  }

  function jobBox(step, ctx) {
    const index = ctx.next++;
    return {
      w: W, h: H,
      draw(g, x, y) {
        const box = el('g', { class: 'node s-' + step.state + (ctx.selected === index ? ' selected' : ''),
          'data-node': index, 'data-state': step.state, 'data-job': step.job, tabindex: 0 }, g);
        el('rect', { x, y, width: W, height: H, rx: 6 }, box);
        text(box, x + 8, y + 18, clip(String(step.job), 22), 'name');
        const args = step.args ? JSON.stringify(step.args) : '';
        text(box, x + 8, y + 36, clip(step.state + (args ? ' \u00b7 ' + args : ''), 26), 'sub');
        box.addEventListener('click', () => ctx.onSelect({ kind: 'job', index, node: step }));
        return ports(x, y, W, H);
      },
    };
  }

  function bigGroup(step, ctx) {
    const jobs = jobsIn(step);
    ctx.next += jobs.length;
    const c = counts(jobs);
    const h = H + 14;
    return {
      w: W, h,
      draw(g, x, y) {
        const box = el('g', { class: 'node group s-' + worst(c), 'data-group-size': step.group.length }, g);
        el('rect', { x: x + 4, y: y + 4, width: W - 4, height: h - 4, rx: 6, class: 'stack' }, box);
        el('rect', { x, y, width: W - 4, height: h - 4, rx: 6 }, box);
        text(box, x + 8, y + 18, 'group \u00d7 ' + step.group.length, 'name');
        const parts = ORDER.filter(s => c[s]).map(s => c[s] + ' ' + s);
        text(box, x + 8, y + 36, clip(parts.slice(0, 2).join(' \u00b7 '), 26), 'sub');
        if (parts.length > 2) text(box, x + 8, y + 52, clip(parts.slice(2).join(' \u00b7 '), 26), 'sub');
        box.addEventListener('click', () => ctx.onSelect({ kind: 'group', size: step.group.length, counts: c }));
        return ports(x, y, W, h);
      },
    };
  }

  function chain(step, ctx) {
    const parts = step.chain.map(s => build(s, ctx));
    if (parts.length === 0) return passThrough();
    const w = parts.reduce((sum, p) => sum + p.w, 0) + GAP_X * (parts.length - 1);
    const h = Math.max(...parts.map(p => p.h));
    return {
      w, h,
      draw(g, x, y) {
        let cx = x, first = null, prev = null;
        parts.forEach(p => {
          const at = p.draw(g, cx, y + (h - p.h) / 2);
          if (prev) line(g, prev.outX, prev.outY, at.inX, at.inY);
          first = first || at;
          prev = at;
          cx += p.w + GAP_X;
        });
        return { inX: first.inX, inY: first.inY, outX: prev.outX, outY: prev.outY };
      },
    };
  }

  function group(step, ctx) {
    if (step.group.length > BIG_GROUP) return bigGroup(step, ctx);
    const parts = step.group.map(s => build(s, ctx));
    if (parts.length === 0) return passThrough();
    const inner = Math.max(...parts.map(p => p.w));
    const w = inner + 2 * FORK;
    const h = parts.reduce((sum, p) => sum + p.h, 0) + GAP_Y * (parts.length - 1);
    return {
      w, h,
      draw(g, x, y) {
        const fork = { x, y: y + h / 2 }, join = { x: x + w, y: y + h / 2 };
        let cy = y;
        parts.forEach(p => {
          const at = p.draw(g, x + FORK, cy);
          line(g, fork.x, fork.y, at.inX, at.inY);
          el('path', { d: `M${at.outX},${at.outY} H${x + FORK + inner}`, class: 'edge' }, g);
          line(g, x + FORK + inner, at.outY, join.x, join.y);
          cy += p.h + GAP_Y;
        });
        el('circle', { cx: fork.x, cy: fork.y, r: 3, class: 'fork' }, g);
        el('circle', { cx: join.x, cy: join.y, r: 3, class: 'fork' }, g);
        return { inX: fork.x, inY: fork.y, outX: join.x, outY: join.y };
      },
    };
  }

  function delay(step, ctx) {
    const inner = build(step.step, ctx);
    const mh = 28;
    const h = Math.max(inner.h, mh);
    return {
      w: DELAY_W + GAP_X + inner.w, h,
      draw(g, x, y) {
        const my = y + (h - mh) / 2;
        const marker = el('g', { class: 'delay', 'data-delay': step.delay }, g);
        el('rect', { x, y: my, width: DELAY_W, height: mh, rx: 14 }, marker);
        text(marker, x + 10, my + 18, '\u23f1 ' + human(step.delay), 'sub');
        const at = inner.draw(g, x + DELAY_W + GAP_X, y + (h - inner.h) / 2);
        line(g, x + DELAY_W, my + mh / 2, at.inX, at.inY);
        return { inX: x, inY: my + mh / 2, outX: at.outX, outY: at.outY };
      },
    };
  }

  function passThrough() {
    return { w: 12, h: 12, draw: (g, x, y) => ports(x, y, 12, 12) };
  }

  function build(step, ctx) {
    if (step && 'job' in step) return jobBox(step, ctx);
    if (step && Array.isArray(step.chain)) return chain(step, ctx);
    if (step && Array.isArray(step.group)) return group(step, ctx);
    if (step && step.step) return delay(step, ctx);
    return passThrough();
  }

  /**
   * Draws the tree into a new SVG element. onSelect({kind:'job', index, node} | {kind:'group', size, counts}) is
   * called when a node is clicked; selected is the index of the job node to highlight.
   */
  function render(tree, onSelect, selected) {
    const ctx = { next: 0, onSelect, selected };
    const root = build(tree, ctx);
    const svg = el('svg', { width: root.w + 2 * PAD, height: root.h + 2 * PAD, class: 'graph',
      viewBox: `0 0 ${root.w + 2 * PAD} ${root.h + 2 * PAD}` });
    root.draw(el('g', {}, svg), PAD, PAD);
    return svg;
  }

  return { render, jobsIn };
})();
