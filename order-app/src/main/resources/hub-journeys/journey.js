// The journey page: reads GET /api/v1/admin/journeys/{orderId} (same login as this page) and draws one row per entry
// with a mark in its lane — the entry's channel when it has one, else its service.
(function () {
  'use strict';
  var orderId = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());
  var api = '/api/v1/admin/journeys/' + encodeURIComponent(orderId);
  document.getElementById('order-id').textContent = orderId;
  document.getElementById('api-link').href = api;
  var SERVICES = ['order-app', 'broker', 'partner-adapters'];

  function laneOf(entry) { return entry.channel || entry.service; }

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }

  // HH:MM:SS.mmm of an ISO instant (the date is in the first row's title)
  function clock(at) {
    var time = at.split('T')[1] || at;
    return time.replace('Z', '').replace(/^(\d\d:\d\d:\d\d\.\d{3})\d*/, '$1');
  }

  function draw(journey) {
    var channels = [];
    journey.entries.forEach(function (e) {
      if (e.channel && channels.indexOf(e.channel) < 0) { channels.push(e.channel); }
    });
    channels.sort();
    // order-app on the left, the channels in the middle, the broker and partner-adapters on the right
    var lanes = ['order-app'].concat(channels, ['broker', 'partner-adapters']);
    var head = document.getElementById('lanes');
    lanes.forEach(function (lane) {
      var th = cell('th', null, 'lane ' + (SERVICES.indexOf(lane) >= 0 ? 'service' : 'channel'));
      th.appendChild(cell('span', lane));
      head.appendChild(th);
    });
    head.appendChild(cell('th', 'what happened', 'what'));
    var body = document.getElementById('entries');
    journey.entries.forEach(function (e) {
      var row = cell('tr');
      row.className = 'entry';
      row.dataset.kind = e.kind;
      var time = cell('td', clock(e.at), 'time');
      time.title = e.at;
      row.appendChild(time);
      lanes.forEach(function (lane) {
        var td = cell('td', null, 'lane');
        if (lane === laneOf(e)) {
          td.appendChild(cell('span', '', 'dot k-' + e.kind));
          td.title = e.kind + ' in ' + lane;
        }
        row.appendChild(td);
      });
      var what = cell('td', null, 'what');
      what.appendChild(cell('span', e.kind + (e.messageType ? ' ' + e.messageType : ''), 'mark k-' + e.kind));
      what.appendChild(cell('span', ' ' + e.summary, 'summary'));
      what.title = (e.messageId ? 'messageId ' + e.messageId : '') +
          (e.correlationId ? '\ncorrelates to ' + e.correlationId : '');
      row.appendChild(what);
      body.appendChild(row);
    });
    var notes = document.getElementById('notes');
    journey.notes.forEach(function (note) { notes.appendChild(cell('li', note, 'note')); });
    document.getElementById('status').textContent = journey.entries.length + ' entries' +
        (journey.entries.length ? ' from ' + journey.entries[0].at + ' (UTC)' : '');
    document.body.dataset.loaded = 'true';
  }

  fetch(api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) { throw new Error('the journey API answered ' + response.status); }
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      document.getElementById('status').textContent = 'Could not load the journey: ' + error.message;
      document.body.dataset.loaded = 'error';
    });
}());
