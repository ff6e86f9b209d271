// beamwise report: draws each sensor's chart with Apache ECharts (inlined above) from the JSON
// in #report-data. Charts are drawn when they scroll into view (all at once with #all in the URL).
// window.beamwiseReport tells tests and people what happened: charts drawn, errors, timings.
(function () {
  'use strict';
  var status = (window.beamwiseReport = { sensors: 0, drawn: 0, errors: [], readyMs: null, allDrawnMs: null });
  window.addEventListener('error', function (e) { status.errors.push(String(e.message)); });

  var data = JSON.parse(document.getElementById('report-data').textContent);
  status.sensors = data.sensors.length;
  var COLOR = {
    value: '#1f77b4', band: 'rgba(31,119,180,0.16)', mean: '#8a94a6', score: '#2ca02c',
    threshold: '#ff7f0e', alert: '#d62728', late: '#9467bd', dead: '#8c564b',
    labelAlerted: 'rgba(255,193,7,0.30)', labelMissed: 'rgba(255,87,34,0.22)'
  };

  function times(start, deltas) {
    var out = new Array(deltas.length), t = start;
    for (var i = 0; i < deltas.length; i++) { t += deltas[i]; out[i] = t; }
    return out;
  }
  function pairs(ts, ys) {
    var out = new Array(ts.length);
    for (var i = 0; i < ts.length; i++) { out[i] = [ts[i], ys[i]]; }
    return out;
  }
  function fmtTime(ms) { return new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z'); }

  function option(s) {
    var pt = times(s.t0, s.p.dt);
    var at = times(s.t0, s.a.dt);
    var bt = times(s.t0, s.b.dt);
    var kt = times(s.t0, s.k.dt);
    var span = pt.length ? Math.max(1, pt[pt.length - 1] - pt[0]) : 1;
    var minWidth = span / 400; // a one-reading window would be invisible
    var areas = s.l.map(function (w) {
      var pad = Math.max(0, (minWidth - (w[1] - w[0])) / 2);
      return [
        { xAxis: w[0] - pad, name: w[2] ? 'labelled (alerted)' : 'labelled (missed)',
          itemStyle: { color: w[2] ? COLOR.labelAlerted : COLOR.labelMissed } },
        { xAxis: w[1] + pad }
      ];
    });
    // The band: one rectangle per window (or bucket of windows), [start, end) × [mean − std, mean + std].
    var band = bt.map(function (t, i) { return [t, t + s.b.d[i], s.b.lo[i], s.b.hi[i]]; });
    var late = [], dead = [];
    for (var i = 0; i < kt.length; i++) {
      var item = { value: [kt[i], s.k.v[i]], kind: s.k.kind[i], n: s.k.n[i] };
      if (s.k.kind[i] === 'late' && s.k.v[i] !== null) { late.push(item); }
      else { item.value = [kt[i], 0]; dead.push(item); }
    }
    var constant = typeof s.th === 'number';
    var series = [
      { name: 'window mean ± std', type: 'custom', data: band, encode: { x: [0, 1], y: [2, 3] },
        itemStyle: { color: COLOR.band }, tooltip: { show: false }, silent: true, clip: true, z: 1,
        renderItem: function (params, api) {
          var top = api.coord([api.value(0), api.value(3)]);
          var bottom = api.coord([api.value(1), api.value(2)]);
          return { type: 'rect', style: { fill: COLOR.band },
            shape: { x: top[0], y: top[1], width: Math.max(1, bottom[0] - top[0]), height: Math.max(1, bottom[1] - top[1]) } };
        } },
      { name: 'window mean', type: 'line', data: pairs(bt, s.b.m), step: 'end', symbol: 'none',
        lineStyle: { width: 1, type: 'dashed', color: COLOR.mean }, itemStyle: { color: COLOR.mean } },
      { name: 'value', type: 'line', data: pairs(pt, s.p.v), symbol: 'none', lineStyle: { width: 1 },
        itemStyle: { color: COLOR.value }, markArea: { silent: true, label: { show: false }, data: areas } },
      { name: 'alerts', type: 'scatter', data: pairs(at, s.a.v), symbolSize: 7, itemStyle: { color: COLOR.alert }, z: 5 },
      { name: 'late readings', type: 'scatter', data: late, symbol: 'diamond', symbolSize: 8, itemStyle: { color: COLOR.late }, z: 4 },
      { name: 'score', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: pairs(pt, s.p.s), symbol: 'none',
        lineStyle: { width: 1 }, itemStyle: { color: COLOR.score }, markArea: { silent: true, label: { show: false }, data: areas },
        markLine: constant ? { silent: true, symbol: 'none', label: { position: 'insideEndTop', formatter: 'threshold {c}' },
          lineStyle: { color: COLOR.threshold, type: 'dashed' }, data: [{ yAxis: s.th }] } : undefined },
      { name: 'alerts ', type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, data: pairs(at, s.a.s), symbolSize: 6,
        itemStyle: { color: COLOR.alert }, z: 5 },
      { name: 'dead letters', type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, data: dead, symbol: 'triangle',
        symbolSize: 9, itemStyle: { color: COLOR.dead }, z: 4 }
    ];
    if (!constant) {
      series.push({ name: 'threshold', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: pairs(pt, s.p.th),
        symbol: 'none', lineStyle: { width: 1, type: 'dashed' }, itemStyle: { color: COLOR.threshold } });
    }
    return {
      animation: false,
      useUTC: true,
      legend: { top: 0, data: ['value', 'window mean', 'window mean ± std', 'alerts', 'late readings', 'score',
        'dead letters'].concat(constant ? [] : ['threshold']) },
      toolbox: { right: 10, top: 0, feature: { dataZoom: { yAxisIndex: 'none' }, restore: {}, saveAsImage: {} } },
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'cross' }, confine: true,
        formatter: function (items) {
          if (!items.length) { return ''; }
          var lines = [fmtTime(items[0].value[0])];
          items.forEach(function (it) {
            var d = it.data || {};
            var v = it.value[1];
            var extra = d.kind ? ' (' + d.kind + (d.n > 1 ? ' ×' + d.n : '') + ')' : '';
            lines.push(it.marker + it.seriesName + ': ' + (v === null || v === undefined ? '–' : +(+v).toPrecision(6)) + extra);
          });
          return lines.join('<br>');
        }
      },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [{ left: 70, right: 30, top: 34, height: '52%' }, { left: 70, right: 30, top: '70%', height: '17%' }],
      xAxis: [{ type: 'time', gridIndex: 0 }, { type: 'time', gridIndex: 1, axisLabel: { show: false } }],
      yAxis: [{ type: 'value', scale: true, gridIndex: 0, name: 'value', nameGap: 8 },
              { type: 'value', min: 0, max: 1, gridIndex: 1, name: 'score', nameGap: 6, splitNumber: 2 }],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }, { type: 'slider', xAxisIndex: [0, 1], height: 18, bottom: 6 }],
      series: series
    };
  }

  var charts = Array.prototype.slice.call(document.querySelectorAll('.chart[data-sensor-index]'));
  function draw(el) {
    if (el.getAttribute('data-drawn')) { return; }
    el.setAttribute('data-drawn', 'true');
    try {
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option(data.sensors[+el.getAttribute('data-sensor-index')]));
      window.addEventListener('resize', function () { chart.resize(); });
      status.drawn++;
    } catch (e) {
      status.errors.push(String(e && e.stack || e));
      console.error('beamwise-report: chart of ' + el.getAttribute('data-sensor') + ' failed: ' + e);
    }
  }
  // Milliseconds since the page started loading (navigation start), parsing included.
  function elapsed() { return Math.round(performance.now()); }

  if (location.hash === '#all' || !('IntersectionObserver' in window)) {
    charts.forEach(draw);
    status.allDrawnMs = elapsed();
    status.readyMs = status.allDrawnMs;
    console.info('beamwise-report: drew all ' + status.drawn + ' charts in ' + status.allDrawnMs + ' ms');
  } else {
    var first = true;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { draw(e.target); observer.unobserve(e.target); }
      });
      if (first) {
        first = false;
        status.readyMs = elapsed();
        console.info('beamwise-report: ready in ' + status.readyMs + ' ms (' + status.drawn + ' of ' + charts.length + ' charts drawn, the others when scrolled to)');
      }
    }, { rootMargin: '300px 0px' });
    charts.forEach(function (el) { observer.observe(el); });
  }
})();
