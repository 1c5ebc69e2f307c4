// The parking and delivery-audit page: reads each service's admin API (GET …/parked-aggregates, …/delivery-audit and
// …/delivery-audit/alarms, same login as this page) and offers the skip action. partner-adapters' API is on this
// server in the embedded mode; in the distributed mode it answers on its own port, and its section says so.
(function () {
  'use strict';
  var SERVICES = [
    { name: 'order-app', base: '/api/v1/admin' },
    { name: 'partner-adapters', base: '/partners/api/v1/admin' }
  ];

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }

  function table(id, headings, rows) {
    var t = cell('table', null, 'listing');
    t.id = id;
    var head = cell('tr');
    headings.forEach(function (h) { head.appendChild(cell('th', h)); });
    t.appendChild(cell('thead')).appendChild(head);
    var body = t.appendChild(cell('tbody'));
    rows.forEach(function (r) { body.appendChild(r); });
    return t;
  }

  function journeyLink(aggregateId) {
    var a = cell('a', aggregateId);
    a.href = '/admin/journeys/' + encodeURIComponent(aggregateId);
    return a;
  }

  function row(values, className) {
    var tr = cell('tr', null, className);
    values.forEach(function (v) {
      var td = cell('td');
      if (v instanceof Node) { td.appendChild(v); } else { td.textContent = v === null || v === undefined ? '' : v; }
      tr.appendChild(td);
    });
    return tr;
  }

  function get(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ' answered ' + r.status); }
      return r.json();
    });
  }

  function skip(service, parked, button) {
    if (!window.confirm('Drop the dead letter ' + parked.blockingMessageId + ' and release the ' +
        parked.messages.length + ' parked message(s) of ' + parked.aggregateId + '?')) { return; }
    button.disabled = true;
    fetch(service.base + '/parked-aggregates/' + encodeURIComponent(parked.aggregateId) + '/skip?channel=' +
        encodeURIComponent(parked.channel), { method: 'POST', credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (answer) {
        button.parentNode.textContent = answer.status === 200
          ? 'skipped: ' + answer.body.released + ' released' : (answer.body.detail || ('answered ' + answer.status));
      });
  }

  function section(service, parked, alarms, findings) {
    var div = cell('section', null, 'service');
    div.dataset.service = service.name;
    div.appendChild(cell('h2', service.name));
    div.appendChild(cell('h3', 'Parked aggregates (' + parked.parkedAggregates.length + ')'));
    div.appendChild(table('parked-' + service.name, ['aggregate', 'channel', 'route', 'waits behind', 'since',
      'parked messages, in release order', ''], parked.parkedAggregates.map(function (p) {
      var action = cell('span');
      if (p.deadLettered) {
        var button = cell('button', 'skip the dead letter');
        button.addEventListener('click', function () { skip(service, p, button); });
        action.appendChild(button);
      } else {
        action.textContent = 'being redelivered';
      }
      return row([journeyLink(p.aggregateId), p.channel, p.route,
        p.blockingMessageId + (p.reason ? ' — ' + p.reason : ''), p.since,
        p.messages.map(function (m) { return m.messageType + (m.aggregateSequence ? ' #' + m.aggregateSequence : ''); })
          .join(' → '), action], 'parked');
    })));
    div.appendChild(cell('h3', 'Alarmed gaps (' + alarms.findings.length + ')'));
    div.appendChild(table('alarms-' + service.name, ['aggregate', 'channel', 'route', 'missing', 'seen', 'alarmed'],
      alarms.findings.map(function (f) {
        return row([journeyLink(f.aggregateId), f.channel, f.route, '#' + f.expected + ' (from ' + f.source + ')',
          f.seenAt, f.alarmedAt], 'alarm');
      })));
    div.appendChild(cell('h3', 'Latest findings (' + findings.findings.length + ')'));
    div.appendChild(table('findings-' + service.name, ['aggregate', 'kind', 'channel', 'expected', 'got', 'seen',
      'state'], findings.findings.slice(0, 100).map(function (f) {
      return row([journeyLink(f.aggregateId), f.kind, f.channel, f.expected, f.got, f.seenAt,
        f.kind !== 'gap' ? '' : f.resolvedAt ? 'filled ' + f.resolvedAt : f.alarmedAt ? 'ALARM' : 'open'],
        'finding k-' + f.kind);
    })));
    return div;
  }

  var container = document.getElementById('services');
  var pending = SERVICES.map(function (service) {
    return Promise.all([get(service.base + '/parked-aggregates'), get(service.base + '/delivery-audit/alarms'),
      get(service.base + '/delivery-audit')])
      .then(function (lists) { return section(service, lists[0], lists[1], lists[2]); })
      .catch(function (error) {
        var div = cell('section', null, 'service');
        div.appendChild(cell('h2', service.name));
        div.appendChild(cell('p', 'Not available here (' + error.message + '); in the distributed mode each service ' +
          'answers on its own port.', 'note'));
        return div;
      });
  });
  Promise.all(pending).then(function (sections) {
    sections.forEach(function (s) { container.appendChild(s); });
    document.getElementById('status').textContent = '';
    document.body.dataset.loaded = 'true';
  });
}());
