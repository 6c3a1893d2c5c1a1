/*
 * Atrium web forms: the script a page includes beside a form whose data-atrium-form names an Atrium form
 * (docs/marketing.md). It adds the hidden fields the form's checks need — the fill-time ticket of the page, UTM
 * attribution from the page's address, the page and referrer, a key that makes a retried post safe — and sends the
 * form without leaving the page, showing problems next to the fields. Without it (no JavaScript), the same form
 * still posts as plain HTML when the form does not check the fill time (minFillSeconds 0).
 * Posts are form-encoded with only safelisted headers, so browsers send them cross-origin without a CORS preflight;
 * Atrium answers only the form's allowed origins.
 */
(function () {
  'use strict';

  var UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

  function hidden(form, name, value) {
    var input = form.querySelector('input[name="' + name + '"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function key() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return 'k' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function showErrors(form, problem) {
    form.querySelectorAll('[data-atrium-error]').forEach(function (node) {
      node.parentNode.removeChild(node);
    });
    var errors = (problem && problem.errors) || [];
    if (errors.length === 0) {
      errors = [{ field: 'form', message: (problem && (problem.detail || problem.title)) || 'Please try again.' }];
    }
    errors.forEach(function (error) {
      var message = document.createElement('p');
      message.setAttribute('data-atrium-error', error.field);
      message.setAttribute('role', 'alert');
      message.textContent = error.message;
      var input = form.querySelector('[name="' + error.field + '"]');
      var anchor = input && input.closest('label') ? input.closest('label') : input;
      if (anchor && anchor.parentNode) {
        anchor.parentNode.insertBefore(message, anchor.nextSibling);
      } else {
        form.insertBefore(message, form.firstChild);
      }
    });
  }

  function wire(form) {
    var id = form.getAttribute('data-atrium-form');
    var action = new URL(form.getAttribute('action'), window.location.href);
    var params = new URLSearchParams(window.location.search);
    UTM.forEach(function (name) {
      if (params.get(name)) {
        hidden(form, name, params.get(name));
      }
    });
    hidden(form, '_page', window.location.href);
    hidden(form, '_referrer', document.referrer || '');
    hidden(form, '_key', key());
    fetch(action.origin + '/public/forms/' + id)
      .then(function (response) { return response.json(); })
      .then(function (shown) {
        if (shown.ticket) {
          hidden(form, '_ticket', shown.ticket);
        }
      })
      .catch(function () { /* the post will say what is missing */ });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('[type="submit"]');
      if (button) {
        button.disabled = true;
      }
      fetch(action.href, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: 'application/json' }
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (!result.ok) {
            showErrors(form, result.body);
            return;
          }
          form.dispatchEvent(new CustomEvent('atrium:submitted', { detail: result.body, bubbles: true }));
          if (result.body.redirectUrl) {
            window.location.assign(result.body.redirectUrl);
          } else {
            form.innerHTML = '<p role="status" data-atrium-thanks>Thank you!</p>';
          }
        })
        .catch(function () { showErrors(form, null); })
        .then(function () {
          if (button) {
            button.disabled = false;
          }
        });
    });
  }

  function start() {
    document.querySelectorAll('form[data-atrium-form]').forEach(wire);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
