/* global window, document */
// The preview host page's side of the stand-in: shows `client.invoke('notify', …)` messages as
// toasts, and raises the agent interface's own events in the app frame — `comment.text.changed`
// while the agent types a reply, `ticket.submit.done` when the ticket is submitted.
(function () {
  'use strict';
  function raise(name, data) {
    var frame = document.getElementById('app-frame');
    if (frame === null || frame.contentWindow === null) return;
    frame.contentWindow.postMessage(
      { type: 'deskpulse-preview:event', name: name, data: data },
      window.location.origin,
    );
  }
  var reply = document.getElementById('reply');
  if (reply !== null) {
    reply.addEventListener('input', function () {
      raise('comment.text.changed', reply.value);
    });
  }
  var submit = document.getElementById('submit-ticket');
  if (submit !== null) {
    submit.addEventListener('click', function () {
      raise('ticket.submit.done', {});
      if (reply !== null) reply.value = '';
    });
  }
  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin) return;
    var data = event.data || {};
    if (data.type !== 'deskpulse-preview:notify') return;
    var box = document.getElementById('toasts');
    if (box === null) return;
    var toast = document.createElement('div');
    toast.className = 'toast toast-' + String(data.kind);
    toast.textContent = String(data.message);
    box.appendChild(toast);
    window.setTimeout(function () {
      toast.remove();
    }, 5000);
  });
})();
