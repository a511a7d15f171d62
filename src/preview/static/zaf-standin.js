/* global window, fetch, EventSource, URLSearchParams, console */
// The preview host's stand-in for Zendesk's ZAF SDK (static.zdassets.com/.../zaf_sdk.min.js),
// served instead of it when the preview host rewrites the app's HTML. It implements the calls the
// app makes — init, get, metadata, context, request, invoke('resize' | 'notify' | 'routeTo'), on,
// off — against the preview host, which plays Zendesk: it answers `get` from the helpdesk's data,
// forwards `request` to the backend through its proxy (where the secure-setting placeholders are
// replaced, so the secret never reaches this page) and relays apps-notify pushes as
// `api_notification.<event>` events over server-sent events.
(function () {
  'use strict';
  var BASE = '/preview/zaf';

  function Client(params) {
    this._params = params;
    this._handlers = {};
    this._frame = null;
  }

  // The frame's context, metadata and data, as the host knows them right now.
  Client.prototype._load = function () {
    var query = new URLSearchParams({
      location: this._params.get('location') || '',
      id: this._params.get('subject_id') || '',
      app_guid: this._params.get('app_guid') || '',
      role: this._params.get('role') || '',
      locale: this._params.get('locale') || 'en',
    });
    return fetch(BASE + '/frame?' + query.toString()).then(function (response) {
      if (!response.ok) throw new Error('preview host: frame data ' + response.status);
      return response.json();
    });
  };

  Client.prototype._cached = function () {
    if (this._frame === null) this._frame = this._load();
    return this._frame;
  };

  Client.prototype.get = function (paths) {
    var list = Array.isArray(paths) ? paths : [paths];
    return this._load().then(function (frame) {
      var out = { errors: {} };
      list.forEach(function (path) {
        var value = resolve(frame.data, path);
        if (value === undefined) out.errors[path] = { message: 'Could not find ' + path };
        else out[path] = value;
      });
      return out;
    });
  };

  Client.prototype.context = function () {
    return this._cached().then(function (frame) {
      return frame.context;
    });
  };

  Client.prototype.metadata = function () {
    return this._cached().then(function (frame) {
      return frame.metadata;
    });
  };

  Client.prototype.on = function (name, handler, context) {
    (this._handlers[name] = this._handlers[name] || []).push({ fn: handler, ctx: context });
  };

  Client.prototype.off = function (name, handler) {
    var list = this._handlers[name] || [];
    this._handlers[name] = list.filter(function (h) {
      return h.fn !== handler;
    });
  };

  Client.prototype.has = function (name, handler) {
    return (this._handlers[name] || []).some(function (h) {
      return h.fn === handler;
    });
  };

  Client.prototype.trigger = function (name, data) {
    (this._handlers[name] || []).slice().forEach(function (h) {
      try {
        h.fn.call(h.ctx, data);
      } catch (error) {
        console.error('handler of ' + name + ' failed', error);
      }
    });
  };

  Client.prototype.invoke = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (name === 'resize') return Promise.resolve(resize(args[0] || {}));
    if (name === 'notify') {
      window.parent.postMessage(
        { type: 'deskpulse-preview:notify', message: String(args[0]), kind: args[1] || 'notice' },
        window.location.origin,
      );
      return Promise.resolve({ errors: {} });
    }
    if (name === 'routeTo') {
      var routes = { ticket: 'ticket', user: 'user', users: 'user', organization: 'organization' };
      var target = routes[args[0]];
      if (target === undefined) return Promise.reject(new Error('routeTo ' + args[0]));
      window.top.location.href = '/preview/' + target + '/' + encodeURIComponent(args[1]);
      return Promise.resolve({ errors: {} });
    }
    return Promise.reject(new Error('invoke(' + name + ') is not supported by the preview host'));
  };

  // ZAF's request: the host (here, its proxy) makes the call; 2xx resolves with the parsed body
  // (or the complete response with httpCompleteResponse), anything else rejects with a
  // jqXHR-like object { status, statusText, responseText, responseJSON }.
  Client.prototype.request = function (options) {
    var opts = typeof options === 'string' ? { url: options } : options || {};
    var method = (opts.type || 'GET').toUpperCase();
    var url = opts.url;
    var body = null;
    var contentType = opts.contentType || 'application/x-www-form-urlencoded; charset=UTF-8';
    if (typeof opts.data === 'string') body = opts.data;
    else if (opts.data !== undefined && opts.data !== null) {
      var encoded = new URLSearchParams(opts.data).toString();
      if (method === 'GET') url += (url.indexOf('?') < 0 ? '?' : '&') + encoded;
      else body = encoded;
    }
    var payload = {
      url: url,
      method: method,
      headers: opts.headers || {},
      body: body,
      contentType: body === null ? null : contentType,
      secure: opts.secure === true,
      timeout: opts.timeout || null,
      jwt: opts.jwt || null,
    };
    return fetch(BASE + '/request', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (result) {
        var json;
        try {
          json = JSON.parse(result.body);
        } catch {
          json = undefined;
        }
        var complete = {
          status: result.status,
          statusText: result.statusText,
          responseText: result.body,
          responseJSON: json,
          headers: result.headers,
        };
        if (result.status < 200 || result.status >= 300) throw complete;
        if (opts.httpCompleteResponse) return complete;
        if (opts.dataType === 'text') return result.body;
        return json === undefined ? result.body : json;
      });
  };

  function resolve(data, path) {
    var value = data;
    var parts = String(path).split('.');
    for (var k = 0; k < parts.length; k += 1) {
      if (value === null || typeof value !== 'object' || !(parts[k] in value)) return undefined;
      value = value[parts[k]];
    }
    return value;
  }

  function resize(size) {
    var frame = window.frameElement;
    if (frame === null) return { errors: {} };
    var px = function (v) {
      return typeof v === 'number' ? v + 'px' : String(v);
    };
    if (size.height !== undefined) frame.style.height = px(size.height);
    if (size.width !== undefined) frame.style.width = px(size.width);
    return { errors: {} };
  }

  // Events of the agent interface around the app (typing a reply, submitting the ticket) come
  // from the host page, as Zendesk raises them outside the app's frame.
  function listenToHost(client) {
    window.addEventListener('message', function (event) {
      if (event.origin !== window.location.origin || event.source !== window.parent) return;
      var data = event.data || {};
      if (data.type === 'deskpulse-preview:event') client.trigger(String(data.name), data.data);
    });
  }

  function listen(client) {
    var source = new EventSource(BASE + '/events?' + client._params.toString());
    source.addEventListener('notification', function (message) {
      var notification = JSON.parse(message.data);
      client.trigger('api_notification.' + notification.event, notification.body);
    });
    window.addEventListener('pagehide', function () {
      source.close();
    });
  }

  window.ZAFClient = {
    // Like the real SDK: false when the page was not framed by a host (no origin/app_guid).
    init: function (callback) {
      var params = new URLSearchParams(window.location.search);
      if (!params.get('origin') || !params.get('app_guid')) return false;
      var client = new Client(params);
      if (typeof callback === 'function') client.on('app.registered', callback);
      client._cached().then(
        function (frame) {
          client.trigger('app.registered', { context: frame.context, metadata: frame.metadata });
          client.trigger('app.activated', {});
        },
        function (error) {
          console.error(error);
        },
      );
      listen(client);
      listenToHost(client);
      return client;
    },
  };
})();
