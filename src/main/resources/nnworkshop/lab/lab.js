// The Lab's page: it talks to the server only through the documented HTTP API, every call with
// the X-Lab-Token header (the token comes from the address the Lab printed, kept for this tab).
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const token = params.get('token') || sessionStorage.getItem('lab-token') || '';
  if (params.get('token')) { sessionStorage.setItem('lab-token', token); history.replaceState(null, '', '/'); }
  const ENGINES = ['scratch', 'torch'];
  const NAMES = { scratch: 'from scratch', torch: 'PyTorch' };
  const $ = id => document.getElementById(id);

  function api(path, opts) {
    opts = opts || {};
    const headers = Object.assign({ 'X-Lab-Token': token }, opts.body ? { 'Content-Type': 'application/json' } : {});
    return fetch(path, { method: opts.method || 'GET', headers: headers, body: opts.body, signal: opts.signal })
      .then(r => r.json().catch(() => ({ error: 'HTTP ' + r.status })).then(j => {
        if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
        return j;
      }));
  }

  // ---- tabs ----
  document.querySelectorAll('.tab').forEach(b => b.addEventListener('click', () => {
    document.querySelectorAll('.tab').forEach(t => t.classList.toggle('active', t === b));
    document.querySelectorAll('.panel').forEach(p => p.classList.toggle('active', p.id === b.dataset.tab));
    if (b.dataset.tab === 'train') charts.resize();
  }));

  // ---- drawing ----
  const pad = $('pad'), ctx = pad.getContext('2d');
  const strokes = [];   // each: array of [x, y] in canvas pixels
  let current = null, shownSample = null;
  const LINE = 20;

  function redraw() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, pad.width, pad.height);
    if (shownSample) ctx.drawImage(shownSample, 0, 0, pad.width, pad.height);
    ctx.strokeStyle = '#000'; ctx.fillStyle = '#000';
    ctx.lineWidth = LINE; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    for (const s of strokes) {
      if (s.length === 1) { ctx.beginPath(); ctx.arc(s[0][0], s[0][1], LINE / 2, 0, 2 * Math.PI); ctx.fill(); continue; }
      ctx.beginPath();
      ctx.moveTo(s[0][0], s[0][1]);
      for (let i = 1; i < s.length; i++) ctx.lineTo(s[i][0], s[i][1]);
      ctx.stroke();
    }
  }
  function point(e) {
    const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
  }
  const drawHint = 'Draw with the mouse, a finger or a pen.';
  pad.addEventListener('pointerdown', e => {
    e.preventDefault();
    if (shownSample) { shownSample = null; strokes.length = 0; $('sample-info').textContent = drawHint; }
    pad.setPointerCapture(e.pointerId);
    pad.dataset.pointer = e.pointerType; // mouse, touch or pen: all draw the same way
    current = [point(e)];
    strokes.push(current);
    redraw();
    requestPrediction();
  });
  pad.addEventListener('pointermove', e => {
    if (!current) return;
    current.push(point(e));
    redraw();
    requestPrediction();
  });
  const end = () => { if (current) { current = null; requestPrediction(); } };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  $('clear').addEventListener('click', () => { strokes.length = 0; shownSample = null; $('sample-info').textContent = drawHint; redraw(); showEmpty(); });
  $('undo').addEventListener('click', () => { strokes.pop(); redraw(); strokes.length ? requestPrediction() : showEmpty(); });
  $('sample').addEventListener('click', () => {
    api('/api/sample').then(s => {
      strokes.length = 0;
      const c = document.createElement('canvas'); c.width = 28; c.height = 28;
      const g = c.getContext('2d'), img = g.createImageData(28, 28);
      for (let i = 0; i < 784; i++) { const v = 255 - Math.round(255 * s.pixels[i]); img.data.set([v, v, v, 255], 4 * i); }
      g.putImageData(img, 0, 0);
      shownSample = c;
      ctx.imageSmoothingEnabled = true;
      redraw();
      $('sample-info').textContent = 'MNIST test image #' + s.index + ', labelled ' + s.label + '.';
      sampleLabel = s.label;
      predict({ pixels: s.pixels });
    }).catch(showError);
  });
  let sampleLabel = null;

  // one prediction in flight at a time; the latest drawing is sent when it returns
  let inFlight = false, dirty = false;
  function requestPrediction() {
    if (!strokes.length) return;
    sampleLabel = null;
    if (inFlight) { dirty = true; return; }
    predict({ image: pad.toDataURL('image/png') });
  }
  function predict(body) {
    inFlight = true; dirty = false;
    api('/api/predict', { method: 'POST', body: JSON.stringify(body) })
      .then(showPrediction)
      .catch(showError)
      .finally(() => { inFlight = false; if (dirty) requestPrediction(); });
  }

  // ---- showing a prediction ----
  const bars = $('bars');
  for (let d = 0; d < 10; d++) {
    const row = document.createElement('div');
    row.className = 'digit-row'; row.id = 'digit-' + d;
    row.innerHTML = '<span class="d">' + d + '</span>' +
      ENGINES.map(e => '<div class="track"><div class="bar ' + e + '"></div></div><span class="pct ' + e + '">–</span>').join('');
    bars.appendChild(row);
  }
  const seen = $('seen').getContext('2d');
  function showInput(x) {
    const img = seen.createImageData(28, 28);
    for (let i = 0; i < 784; i++) { const v = Math.round(255 * (x ? x[i] : 0)); img.data.set([v, v, v, 255], 4 * i); }
    seen.putImageData(img, 0, 0);
  }
  function argmax(a) { let b = 0; for (let i = 1; i < a.length; i++) if (a[i] > a[b]) b = i; return b; }
  function showEmpty() {
    showInput(null);
    document.querySelectorAll('.bar').forEach(b => { b.style.width = '0'; });
    document.querySelectorAll('.pct').forEach(p => { p.textContent = '–'; });
    document.querySelectorAll('.digit-row').forEach(r => r.classList.remove('top'));
    $('verdict').innerHTML = '&nbsp;';
    ENGINES.forEach(e => { drawHidden(e, null); $('templates-' + e).textContent = ''; });
  }
  function showPrediction(r) {
    if (!strokes.length && !shownSample) return; // cleared meanwhile
    showInput(r.input);
    const tops = {};
    ENGINES.forEach(e => {
      const m = r.models[e]; if (!m) return;
      tops[e] = argmax(m.probabilities);
      m.probabilities.forEach((p, d) => {
        const row = $('digit-' + d);
        row.querySelector('.bar.' + e).style.width = (100 * p).toFixed(1) + '%';
        row.querySelector('.pct.' + e).textContent = (100 * p).toFixed(1) + '%';
      });
      drawHidden(e, m.hidden);
      showTemplates(e, m.version, m.top_units);
    });
    for (let d = 0; d < 10; d++) $('digit-' + d).classList.toggle('top', d === tops.scratch || d === tops.torch);
    const s = r.models.scratch, t = r.models.torch;
    let text = 'From scratch: <b id="top-scratch">' + tops.scratch + '</b> (' + (100 * s.probabilities[tops.scratch]).toFixed(1) + '%) · ' +
      'PyTorch: <b id="top-torch">' + tops.torch + '</b> (' + (100 * t.probabilities[tops.torch]).toFixed(1) + '%)';
    if (sampleLabel !== null) text += ' · label <b>' + sampleLabel + '</b>';
    $('verdict').innerHTML = text;
  }
  function showError(e) { $('verdict').textContent = 'Error: ' + e.message; }

  function drawHidden(engine, h) {
    const c = $('hidden-' + engine), g = c.getContext('2d');
    const n = h ? h.length : 128, cols = Math.max(1, Math.ceil(Math.sqrt(2 * n))), rows = Math.max(1, Math.ceil(n / cols));
    if (c.width !== cols || c.height !== rows) { c.width = cols; c.height = rows; }
    const img = g.createImageData(cols, rows);
    let max = 1e-6; if (h) h.forEach(v => { max = Math.max(max, Math.abs(v)); });
    for (let i = 0; i < cols * rows; i++) {
      const v = h && i < n ? h[i] / max : 0;
      const a = Math.max(0, Math.min(1, Math.abs(v)));
      const rgb = i >= n ? [40, 40, 40] : v >= 0 ? [Math.round(255 * a), Math.round(200 * a), Math.round(60 * a)] : [0, Math.round(90 * a), Math.round(200 * a)];
      img.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
    }
    g.putImageData(img, 0, 0);
  }

  const templates = {};  // engine -> {version, rows}
  function showTemplates(engine, version, units) {
    const have = templates[engine];
    if (!have || have.version !== version) {
      if (have && have.loading === version) return;
      templates[engine] = { version: -1, loading: version };
      api('/api/models/' + engine + '/templates').then(t => {
        templates[engine] = { version: t.version, rows: t.templates };
        renderTemplates(engine, units);
      }).catch(showError);
      return;
    }
    renderTemplates(engine, units);
  }
  function renderTemplates(engine, units) {
    const box = $('templates-' + engine), t = templates[engine];
    box.textContent = '';
    units.filter(u => u.contribution > 0).forEach(u => {
      const f = document.createElement('figure'), c = document.createElement('canvas');
      c.width = 28; c.height = 28;
      const g = c.getContext('2d'), img = g.createImageData(28, 28), w = t.rows[u.unit];
      for (let i = 0; i < 784; i++) {
        const v = w[i], a = Math.abs(v);
        const rgb = v >= 0 ? [255, Math.round(255 * (1 - a)), Math.round(255 * (1 - a))] : [Math.round(255 * (1 - a)), Math.round(255 * (1 - a)), 255];
        img.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
      }
      g.putImageData(img, 0, 0);
      const cap = document.createElement('figcaption');
      cap.textContent = 'unit ' + u.unit + ' +' + u.contribution.toFixed(2);
      f.appendChild(c); f.appendChild(cap); box.appendChild(f);
    });
  }

  function loadModels() {
    api('/api/models').then(r => {
      $('models').textContent = ENGINES.filter(e => r.models[e]).map(e => {
        const m = r.models[e];
        return NAMES[e] + ': ' + m.model + ', ' + m.source +
          (m.test_accuracy !== undefined ? ', MNIST test accuracy ' + (100 * m.test_accuracy).toFixed(2) + '%' : '');
      }).join(' · ');
    }).catch(showError);
  }

  // ---- training ----
  const stepData = [[], []], epochData = [[], [], []];
  const charts = {
    steps: null, epochs: null,
    make() {
      const w = Math.max(320, $('chart-steps').clientWidth || 600);
      this.steps = new uPlot({ width: w, height: 220, scales: { x: { time: false } },
        axes: [{ label: 'step' }, { label: 'loss' }],
        series: [{ label: 'step' }, { label: 'batch loss', stroke: '#2b6cb0', width: 1 }] }, stepData, $('chart-steps'));
      // epochs are whole numbers: ticks only there, and room for one epoch's point in the middle
      this.epochs = new uPlot({ width: w, height: 220,
        scales: { x: { time: false, range: (u, min, max) => [0.5, Math.max(max == null ? 1 : max, 1) + 0.5] }, y: { range: [0, 1] } },
        axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
                 values: (u, ticks) => ticks.map(t => Number.isInteger(t) ? String(t) : '') },
               { label: 'accuracy' }],
        series: [{ label: 'epoch' }, { label: 'train', stroke: '#2b6cb0', width: 2, points: { size: 7 } },
          { label: 'validation', stroke: '#dd6b20', width: 2, points: { size: 7 } }] }, epochData, $('chart-epochs'));
    },
    resize() {
      if (!this.steps) this.make();
      const w = Math.max(320, $('chart-steps').parentElement.clientWidth - 40);
      this.steps.setSize({ width: w, height: 220 }); this.epochs.setSize({ width: w, height: 220 });
    },
  };
  charts.make();
  window.addEventListener('resize', () => { if ($('train').classList.contains('active')) charts.resize(); });
  let pending = false;
  function redrawCharts() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; charts.steps.setData(stepData); charts.epochs.setData(epochData); });
  }
  function resetRun() {
    stepData.forEach(a => { a.length = 0; }); epochData.forEach(a => { a.length = 0; });
    $('epochs').querySelector('tbody').textContent = '';
    redrawCharts();
  }

  let run = 0;
  const status = (text, error) => { const s = $('train-status'); s.textContent = text; s.classList.toggle('error', !!error); };
  function onEvent(name, d) {
    if (d.run !== run) { run = d.run; resetRun(); }
    if (name === 'step') {
      stepData[0].push(stepData[0].length + 1); stepData[1].push(d.loss);
      if (stepData[0].length % 20 === 1 || d.step === d.steps) status('Run ' + d.run + ': epoch ' + d.epoch + ', step ' + d.step + '/' + d.steps + ', loss ' + d.loss.toFixed(3));
      $('stop').disabled = false; $('start').disabled = true;
    } else if (name === 'epoch') {
      epochData[0].push(d.epoch); epochData[1].push(d.train_accuracy); epochData[2].push(d.val_accuracy);
      const tr = document.createElement('tr');
      tr.innerHTML = [d.epoch, d.train_loss.toFixed(4), (100 * d.train_accuracy).toFixed(2) + '%', d.val_loss.toFixed(4),
        (100 * d.val_accuracy).toFixed(2) + '%', d.seconds.toFixed(2)].map(v => '<td>' + v + '</td>').join('');
      $('epochs').querySelector('tbody').appendChild(tr);
    } else if (name === 'done') {
      status(d.stopped ? 'Run ' + d.run + ' stopped.' : 'Run ' + d.run + ' done: MNIST test accuracy ' + (100 * d.test_accuracy).toFixed(2) +
        '%. It is now the ' + NAMES[d.engine] + ' drawing model.');
      $('train-status').dataset.state = d.stopped ? 'stopped' : 'done';
      $('stop').disabled = true; $('start').disabled = false;
      loadModels();
    } else if (name === 'error') {
      status('Run ' + d.run + ' failed: ' + d.error, true);
      $('train-status').dataset.state = 'error';
      $('stop').disabled = true; $('start').disabled = false;
    }
    redrawCharts();
  }

  // server-sent events read through fetch, so that the token can travel in a header
  function listen() {
    fetch('/api/train/events', { headers: { 'X-Lab-Token': token, 'Accept': 'text/event-stream' } }).then(r => {
      if (!r.ok || !r.body) throw new Error('HTTP ' + r.status);
      const reader = r.body.getReader(), dec = new TextDecoder();
      let buf = '';
      function pump() {
        return reader.read().then(({ value, done }) => {
          if (done) throw new Error('closed');
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i); buf = buf.slice(i + 2);
            let name = 'message', data = '';
            block.split('\n').forEach(l => {
              if (l.startsWith('event:')) name = l.slice(6).trim();
              else if (l.startsWith('data:')) data += l.slice(5).trim();
            });
            if (data) onEvent(name, JSON.parse(data));
          }
          return pump();
        });
      }
      return pump();
    }).catch(() => setTimeout(listen, 1500));
  }

  $('train-form').addEventListener('submit', e => {
    e.preventDefault();
    const f = e.target, body = {};
    ['engine', 'hidden', 'activation', 'optimizer', 'lr', 'batch', 'epochs', 'subset'].forEach(k => { body[k] = f.elements[k].value; });
    body.augmentation = f.elements.augmentation.checked;
    $('start').disabled = true;
    $('train-status').dataset.state = 'starting';
    api('/api/train', { method: 'POST', body: JSON.stringify(body) }).then(r => {
      run = r.run; resetRun();
      status('Run ' + r.run + ' started…');
      $('train-status').dataset.state = 'running';
      $('stop').disabled = false;
    }).catch(err => { status(err.message, true); $('start').disabled = false; $('train-status').dataset.state = 'error'; });
  });
  $('stop').addEventListener('click', () => { api('/api/train/stop', { method: 'POST', body: '{}' }).catch(err => status(err.message, true)); });
  document.querySelector('select[name=optimizer]').addEventListener('change', e => {
    document.querySelector('input[name=lr]').value = e.target.value === 'adam' ? '0.001' : '0.1';
  });

  redraw();
  showEmpty();
  loadModels();
  listen();
})();
