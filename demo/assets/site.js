// Demo site behaviour. Uses the mqlite pre-load queue, so it works whether or not the tag has loaded.
(function () {
  'use strict';
  window.mqlite = window.mqlite || [];
  var button = document.getElementById('webinar-register');
  if (button) {
    button.addEventListener('click', function () {
      // A custom event: queued until the tracker is ready, then replayed in order.
      window.mqlite.push(['track', 'webinar', { attended: true, session: '2026-12-03' }]);
      var note = document.getElementById('webinar-note');
      if (note) note.hidden = false;
      button.disabled = true;
    });
  }
})();
