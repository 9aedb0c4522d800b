/* The short form before a call, when the owner set it up: which route (department) to call,
   and the visitor's name. Closed routes are listed but cannot be picked. What is picked goes
   with the token request (net.js); the server decides what reaches the phone system. */
import { button, el } from './forms.js';
import { chooseContext, fetchConfig } from './net.js';

export function needsPick(config) {
  var routes = config.routes || [];
  return routes.length > 1 || (config.askName && config.askName !== 'off');
}

export var PickMethods = {
  buildPick: function (t, config) {
    var form = this.pickForm = el('form', 'stack');
    form.noValidate = true;
    var routes = config.routes || [];
    this.routeInputs = [];
    if (!needsPick(config)) return form; // nothing to ask: the panel stays as it was
    if (routes.length > 1) form.appendChild(this.buildRoutes(t, routes));
    if (config.askName && config.askName !== 'off') {
      var required = config.askName === 'required';
      var caption = form.appendChild(el('label', 'field', required ? t.yourname : t.yournameoptional));
      this.nameInput = form.appendChild(el('input'));
      this.nameInput.id = caption.htmlFor = 'cg-name';
      this.nameInput.autocomplete = 'name';
      this.nameInput.maxLength = 40;
      this.nameInput.required = required;
    }
    this.pickError = form.appendChild(el('p', 'error'));
    this.pickError.id = 'cg-pick-error';
    this.pickError.setAttribute('aria-live', 'assertive');
    this.pickSend = form.appendChild(button('main', t.start));
    this.pickSend.type = 'submit';
    return form;
  },

  buildRoutes: function (t, routes) {
    var self = this, group = el('fieldset', 'routes');
    group.appendChild(el('legend', 'field', t.pickroute));
    var first = true;
    routes.forEach(function (route, i) {
      var line = group.appendChild(el('label', 'choice' + (route.open ? '' : ' shut')));
      var input = line.insertBefore(el('input'), null);
      input.type = 'radio';
      input.name = 'cg-route';
      input.value = route.id;
      input.id = 'cg-route-' + i;
      input.disabled = !route.open;
      if (route.open && first) { input.checked = true; first = false; }
      var text = route.open ? route.label : t.routeclosed.replace('{label}', route.label);
      line.appendChild(document.createTextNode(text));
      self.routeInputs.push(input);
    });
    return group;
  },

  firstPickField: function () {
    var open = this.routeInputs.filter(function (i) { return !i.disabled; });
    var checked = open.filter(function (i) { return i.checked; })[0];
    return checked || open[0] || this.nameInput || this.pickSend;
  },

  /* After a refusal: the routes as they are now; a closed one can no longer be picked. */
  refreshRoutes: function () {
    var self = this, b = this.b, t = b.texts;
    fetchConfig(b.api, b.id, b.config.language).then(function (config) {
      var routes = b.config.routes = config.routes || [];
      self.routeInputs.forEach(function (input) {
        var route = routes.filter(function (r) { return r.id === input.value; })[0];
        var open = !!(route && route.open), label = route ? route.label : input.value;
        input.disabled = !open;
        if (!open) input.checked = false;
        input.parentNode.className = 'choice' + (open ? '' : ' shut');
        input.nextSibling.textContent = open ? label : t.routeclosed.replace('{label}', label);
      });
      var first = self.firstPickField();
      if (first.type === 'radio') first.checked = true;
    }).catch(function () {});
  },

  submitPick: function (event) {
    var b = this.b, t = b.texts;
    event.preventDefault();
    var chosen = this.routeInputs.filter(function (i) { return i.checked && !i.disabled; })[0];
    var name = this.nameInput ? this.nameInput.value.trim() : '';
    if (this.nameInput && this.nameInput.required && !name) {
      this.pickError.textContent = t.namerequired;
      this.nameInput.setAttribute('aria-invalid', 'true');
      this.nameInput.setAttribute('aria-describedby', 'cg-pick-error');
      return this.nameInput.focus();
    }
    this.pickError.textContent = '';
    if (this.nameInput) this.nameInput.removeAttribute('aria-invalid');
    chooseContext(b.id, { route: chosen ? chosen.value : null, name: name || null });
    this.picked = true;
    this.click();
  }
};
