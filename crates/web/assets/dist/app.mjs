// carefile's page script: starts the GOV.UK Design System's components and
// makes failed requests visible. Pages work without it; it only enhances.
import { initAll } from './govuk-frontend.min.js';

initAll();

// Content that htmx swaps in gets its components started too.
document.addEventListener('htmx:load', (event) => {
  if (event.target !== document.body) initAll({ scope: event.target });
});

// A request htmx made that got no answer (network down, server stopped) or a
// failure it was told not to swap: say so in the page's alert region rather
// than leave the page looking as if nothing happened.
// Looked up each time: a swap may have replaced it.
const region = () => document.getElementById('app-request-error');
const show = (message) => {
  const requestError = region();
  if (!requestError) return;
  requestError.querySelector('[data-app-message]').textContent = message;
  requestError.hidden = false;
  requestError.focus();
};
document.addEventListener('htmx:sendError', () => show('carefile could not be reached. Check your connection and try again: nothing was saved.'));
document.addEventListener('htmx:timeout', () => show('carefile took too long to answer. Try again: nothing may have been saved.'));
document.addEventListener('htmx:responseError', (event) => {
  if (event.detail.shouldSwap) return; // the error page itself is shown
  show(`The request failed (${event.detail.xhr.status}). Reload the page and try again.`);
});
document.addEventListener('htmx:beforeRequest', () => { if (region()) region().hidden = true; });
