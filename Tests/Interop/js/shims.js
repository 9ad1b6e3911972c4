// Browser pieces that the official Socket.IO client bundle (socket.io.min.js, a browser build)
// needs under Node 20, shared by engine_client.js and socketio_client.js:
//   * XMLHttpRequest (polling transport): a small shim over node:http;
//   * FileReader.readAsDataURL (the browser engine.io-parser base64-encodes binary for polling
//     with it): a shim over Blob.arrayBuffer();
//   * a WebSocket wrapper that records frames in a wire trace (the WebSocket itself is Node 20's
//     own, undici, enabled by --experimental-websocket).
// The globals must be installed before the bundle is evaluated: it probes them at load time.
"use strict";

const http = require("node:http");

/** A short printable form of a frame or body, for wire traces. */
function show(data) {
  if (typeof data === "string") return JSON.stringify(data.length > 200 ? data.slice(0, 200) + "…" : data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const hex = Buffer.from(bytes.subarray(0, 64)).toString("hex").replace(/(..)(?!$)/g, "$1 ");
    return `<${data.constructor.name} ${bytes.length} B: ${hex}${bytes.length > 64 ? " …" : ""}>`;
  }
  if (data === null || data === undefined) return String(data);
  return `<${typeof data} ${data.constructor ? data.constructor.name : ""}>`;
}

/**
 * Build the shim classes.
 *   note(line)   called with one wire-trace line per request, response, frame;
 *   onSettled()  called whenever an XHR finishes or is aborted (lets a waiter re-check).
 * Returns { NodeXMLHttpRequest, NodeFileReader, tracedWebSocket, inflight } where `inflight` is the
 * live set of shim requests (so that a script can let a final POST finish before exiting).
 */
function createShims({ note = () => {}, onSettled = () => {} } = {}) {
  const inflight = new Set();

  // XMLHttpRequest as engine.io-client's polling transport uses it (its `Request` class):
  // open(method, url, async), setRequestHeader, withCredentials, timeout, responseType (its
  // presence means "XHR2, can take binary"), onreadystatechange, readyState 3 then 4, status,
  // responseText, getResponseHeader, send(body|null), abort().
  class NodeXMLHttpRequest {
    constructor() {
      this.readyState = 0;
      this.status = 0;
      this.statusText = "";
      this.responseText = "";
      this.response = "";
      this.responseType = "";
      this.withCredentials = false;
      this.timeout = 0;
      this.onreadystatechange = null;
      this._headers = {};
      this._resHeaders = {};
      this._req = null;
      this._done = false;
    }

    open(method, url, async = true) {
      if (async === false) throw new Error("XMLHttpRequest shim: synchronous requests are not supported");
      this._method = String(method).toUpperCase();
      this._url = new URL(url);
      this._setState(1);
    }

    setRequestHeader(name, value) {
      if (this.readyState !== 1) throw new Error("InvalidStateError: setRequestHeader before open()");
      this._headers[name] = String(value);
    }

    getResponseHeader(name) {
      const value = this._resHeaders[String(name).toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : String(value);
    }

    getAllResponseHeaders() {
      return Object.entries(this._resHeaders)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}\r\n`).join("");
    }

    send(body) {
      if (this.readyState !== 1) throw new Error("InvalidStateError: send() before open()");
      const payload = body === null || body === undefined ? null : Buffer.from(String(body), "utf8");
      const headers = { ...this._headers };
      if (payload !== null) headers["Content-Length"] = String(payload.length);
      const label = `XHR#${++NodeXMLHttpRequest.count} ${this._method} ${this._url.pathname}${this._url.search}`;
      note(`${label} ->${payload !== null ? " body " + show(payload.toString("utf8")) : ""}`);
      const req = http.request(this._url, { method: this._method, headers });
      this._req = req;
      inflight.add(this);
      if (this.timeout > 0) req.setTimeout(this.timeout, () => req.destroy(new Error("timeout")));
      req.on("response", (res) => {
        this.status = res.statusCode;
        this.statusText = res.statusMessage || "";
        this._resHeaders = res.headers;
        this._setState(2);
        const chunks = [];
        let announced = false;
        res.on("data", (chunk) => {
          chunks.push(chunk);
          if (!announced) { announced = true; this._setState(3); }
        });
        res.on("end", () => {
          if (this._done) return;
          if (!announced) this._setState(3);
          this.responseText = this.response = Buffer.concat(chunks).toString("utf8");
          note(`${label} <- ${this.status} ${show(this.responseText)}`);
          this._finish();
        });
        res.on("error", (err) => this._fail(label, err));
      });
      req.on("error", (err) => this._fail(label, err));
      req.end(payload === null ? undefined : payload);
    }

    abort() {
      if (this._done) return;
      note(`XHR ${this._method} ${this._url && this._url.search} aborted by the client`);
      this._done = true;
      inflight.delete(this);
      if (this._req) this._req.destroy();
      this.readyState = 0;
      onSettled();
    }

    _fail(label, err) {
      if (this._done) return;
      note(`${label} <- network error: ${err && err.message}`);
      this.status = 0;
      this.responseText = this.response = "";
      this._finish();
    }

    _finish() {
      this._done = true;
      inflight.delete(this);
      this._setState(4);
      onSettled();
    }

    _setState(state) {
      this.readyState = state;
      if (typeof this.onreadystatechange === "function") this.onreadystatechange();
    }
  }
  NodeXMLHttpRequest.count = 0;
  NodeXMLHttpRequest.UNSENT = 0;
  NodeXMLHttpRequest.OPENED = 1;
  NodeXMLHttpRequest.HEADERS_RECEIVED = 2;
  NodeXMLHttpRequest.LOADING = 3;
  NodeXMLHttpRequest.DONE = 4;

  // FileReader: only readAsDataURL(Blob), the one call the browser engine.io-parser makes.
  class NodeFileReader {
    constructor() {
      this.result = null;
      this.onload = null;
      this.onerror = null;
    }

    readAsDataURL(blob) {
      blob.arrayBuffer().then((buf) => {
        this.result = `data:${blob.type || "application/octet-stream"};base64,${Buffer.from(buf).toString("base64")}`;
        if (typeof this.onload === "function") this.onload({ target: this });
      }, (err) => {
        if (typeof this.onerror === "function") this.onerror(err);
      });
    }
  }

  // WebSocket wrapper: records frames for the trace, otherwise Node's own WebSocket.
  function tracedWebSocket(Base) {
    let count = 0;
    return class TracedWebSocket extends Base {
      constructor(url, protocols) {
        super(url, protocols);
        const label = `WS#${++count}`;
        const u = new URL(url);
        note(`${label} open ${u.pathname}${u.search}`);
        this._label = label;
        this.addEventListener("open", () => note(`${label} connected (101)`));
        this.addEventListener("message", (ev) => note(`${label} <- ${typeof ev.data === "string" ? "text " : "binary "}${show(ev.data)}`));
        this.addEventListener("close", (ev) => note(`${label} closed code=${ev.code} reason=${JSON.stringify(ev.reason)} clean=${ev.wasClean}`));
        this.addEventListener("error", (ev) => note(`${label} error ${ev && ev.message ? ev.message : ""}`));
      }

      send(data) {
        note(`${this._label} -> ${typeof data === "string" ? "text " : "binary "}${show(data)}`);
        return super.send(data);
      }
    };
  }

  return { NodeXMLHttpRequest, NodeFileReader, tracedWebSocket, inflight };
}

/**
 * Install the shims as globals (XMLHttpRequest, FileReader, and the traced WebSocket when Node
 * has a WebSocket). Call before require()-ing the bundle. Returns the createShims() result.
 */
function installShims(options = {}) {
  const shims = createShims(options);
  globalThis.XMLHttpRequest = shims.NodeXMLHttpRequest;
  globalThis.FileReader = shims.NodeFileReader;
  if (typeof globalThis.WebSocket === "function") globalThis.WebSocket = shims.tracedWebSocket(globalThis.WebSocket);
  return shims;
}

module.exports = { show, createShims, installShims };
