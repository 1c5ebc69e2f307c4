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
      head.appendChild(cell('th', lane, SERVICES.indexOf(lane) >= 0 ? 'service' : 'channel'));
    });
    var body = document.getElementById('entries');
    journey.entries.forEach(function (e) {
      var row = cell('tr');
      row.className = 'entry';
      row.dataset.kind = e.kind;
      row.appendChild(cell('td', e.at.replace('T', ' ').replace('Z', ''), 'time'));
      lanes.forEach(function (lane) {
        var td = cell('td');
        if (lane === laneOf(e)) {
          td.className = 'hit';
          td.appendChild(cell('span', e.kind + (e.messageType ? ' ' + e.messageType : ''), 'mark k-' + e.kind));
          td.appendChild(document.createElement('br'));
          td.appendChild(cell('span', e.summary, 'summary'));
          td.title = (e.messageId ? 'messageId ' + e.messageId : '') +
              (e.correlationId ? '\ncorrelates to ' + e.correlationId : '');
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    var notes = document.getElementById('notes');
    journey.notes.forEach(function (note) { notes.appendChild(cell('li', note, 'note')); });
    document.getElementById('status').textContent = journey.entries.length + ' entries';
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
