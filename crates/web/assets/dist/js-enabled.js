// govuk-frontend's js-enabled snippet, as a file because the Content-Security-Policy
// allows no inline script (docs/decisions/005). Loaded at the start of <body>,
// before anything is drawn, so components never flash in their no-script form.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
