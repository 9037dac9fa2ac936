// The console's only script besides htmx.
// htmx requests identify themselves so that an expired session answers 499 instead of a login page, and then the
// whole page reloads into the sign-in (quarkus.oidc.console.authentication.java-script-auto-redirect=false).
document.addEventListener('htmx:configRequest', function (e) {
  e.detail.headers['X-Requested-With'] = 'JavaScript';
});
document.addEventListener('htmx:responseError', function (e) {
  if (e.detail.xhr.status === 499) {
    window.location.reload();
  }
});
// Copy buttons (ping URLs): <button data-copy="text">
document.addEventListener('click', function (e) {
  var button = e.target.closest('[data-copy]');
  if (button && navigator.clipboard) {
    navigator.clipboard.writeText(button.getAttribute('data-copy'));
    button.setAttribute('data-copied', 'true');
  }
});
