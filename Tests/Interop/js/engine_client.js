#!/usr/bin/env node
// Interop check: the official Socket.IO JS client 4.8.1 bundle (socket.io.min.js), used only at
// its Engine.IO layer (the bundled engine.io-client Socket), against the bare Engine.IO echo
// server (`sio-server --conformance`, path /engine.io/).
//
// Usage: node --experimental-websocket engine_client.js MODE URL
//   MODE  websocket | polling | upgrade
//   URL   e.g. http://127.0.0.1:3000
// Environment: SIO_CLIENT_JS = path of socket.io.min.js (default: <repo>/.interop/socket.io.min.js);
//              SIO_CLIENT_TRACE=1 also prints the wire trace (stderr) on success;
//              SIO_CLIENT_TIMEOUT_MS overrides the 15 s hard timeout.
//
// Per mode: connect; echo text "hello" and binary [1,2,3,4]; stay connected for >= 3 heartbeats
// (>= 1.2 s); echo text + binary again on the final transport; check the final transport; close.
// Prints one JSON line on stdout; exit 0 on success, 1 on failure (with `error` and a wire trace),
// 2 on a usage/environment problem. Hard timeout 15 s (SIO_CLIENT_TIMEOUT_MS).
//
// The bundle is a browser build, so Node is given the browser pieces it uses (shims.js):
//   * XMLHttpRequest (polling transport): a small shim over node:http, below;
//   * FileReader.readAsDataURL (the browser engine.io-parser base64-encodes binary for polling
//     with it): a shim over Blob.arrayBuffer();
//   * WebSocket: Node 20's own (undici), enabled by --experimental-websocket.
// Both globals must exist before the bundle is evaluated: it probes them at load time.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const MODES = {
  websocket: { transports: ["websocket"], initial: "websocket", final: "websocket" },
  polling: { transports: ["polling"], initial: "polling", final: "polling" },
  upgrade: { transports: ["polling", "websocket"], initial: "polling", final: "websocket" },
};
const HARD_TIMEOUT_MS = Number(process.env.SIO_CLIENT_TIMEOUT_MS) || 15000;
const STEP_TIMEOUT_MS = 4000; // one echo / the upgrade
const MIN_PINGS = 3;
const MIN_CONNECTED_MS = 1200; // pingInterval 300 ms on the conformance server
const ENGINE_PATH = "/engine.io/";

const started = Date.now();
const trace = []; // wire trace: printed with a failure

function now() {
  return Date.now() - started;
}

function note(line) {
  trace.push(`${String(now()).padStart(5)} ms  ${line}`);
}

// Browser shims (XMLHttpRequest, FileReader, traced WebSocket): see shims.js. Each XHR that
// finishes or is aborted wakes the current waiter.
const { show, createShims } = require("./shims.js");
const { NodeXMLHttpRequest, NodeFileReader, tracedWebSocket, inflight } =
  createShims({ note, onSettled: () => wake() });

// ---------------------------------------------------------------------------------------------

function emit(result, code) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

function usage(message) {
  process.stderr.write(`engine_client.js: ${message}\n` +
    "usage: node --experimental-websocket engine_client.js websocket|polling|upgrade URL\n");
  emit({ ok: false, error: message }, 2);
}

const [mode, url] = process.argv.slice(2);
if (!MODES[mode]) usage(`unknown or missing mode ${JSON.stringify(mode)}`);
if (!url || !/^https?:\/\//.test(url)) usage(`missing or invalid URL ${JSON.stringify(url)}`);
const plan = MODES[mode];

const bundlePath = process.env.SIO_CLIENT_JS
  || path.resolve(__dirname, "..", "..", "..", ".interop", "socket.io.min.js");
if (!fs.existsSync(bundlePath)) usage(`socket.io client bundle not found at ${bundlePath} (run Scripts/setup)`);
if (plan.transports.includes("websocket") && typeof globalThis.WebSocket !== "function") {
  usage("globalThis.WebSocket is missing: run node 20 with --experimental-websocket (node 22+ has it built in)");
}

globalThis.XMLHttpRequest = NodeXMLHttpRequest;
globalThis.FileReader = NodeFileReader;
if (typeof globalThis.WebSocket === "function") globalThis.WebSocket = tracedWebSocket(globalThis.WebSocket);

const io = require(bundlePath); // UMD: under CommonJS it sets module.exports = io
const bundleVersion = (fs.readFileSync(bundlePath, "utf8").slice(0, 200).match(/Socket\.IO v([\d.]+)/) || [])[1] || null;
if (typeof io !== "function" || typeof io.Manager !== "function") usage(`${bundlePath} did not export io.Manager`);

// The bundle exports only io/Manager/Socket; the engine.io-client Socket class is what
// Manager#open() instantiates as `manager.engine`. Fetch the class with a Manager given no
// transports: its engine then never touches the network (it only emits "No transports
// available" asynchronously, which the Manager swallows since reconnection is off).
function engineSocketClass() {
  const probe = new io.Manager(url, { path: ENGINE_PATH, transports: [], autoConnect: false,
    reconnection: false, timeout: false });
  probe.on("error", () => {});
  probe.open();
  const Engine = probe.engine && probe.engine.constructor;
  if (typeof Engine !== "function" || typeof Engine.prototype.send !== "function") {
    throw new Error("could not obtain the engine.io-client Socket class from io.Manager");
  }
  return Engine;
}

function fail(message, extra = {}) {
  note(`FAIL: ${message}`);
  process.stderr.write(`engine_client.js [${mode}] FAILED: ${message}\nwire trace:\n${trace.join("\n")}\n`);
  emit({ ok: false, mode, error: message, ...extra, trace }, 1);
}

const hardTimer = setTimeout(() => fail(`hard timeout (${HARD_TIMEOUT_MS} ms) during: ${stage}`, state()), HARD_TIMEOUT_MS);

let stage = "loading the client";
let socket = null;
let unexpectedClose = null; // {reason, description} when the connection closed without our close()
let closedByUs = false;
let pings = 0;
const pingsByTransport = {};
const inbox = [];
let waiter = null;
const transportHistory = [];
let sid = null;
let upgraded = false;
let openedAt = null;
const echoes = [];

function state() {
  return { mode, sid, pings, pingsByTransport, transportHistory,
    transport: socket && socket.transport ? socket.transport.name : null,
    readyState: socket ? socket.readyState : null, echoes };
}

function assertAlive() {
  if (unexpectedClose) {
    throw new Error(`the connection closed unexpectedly: ${unexpectedClose.reason}` +
      (unexpectedClose.description ? ` (${unexpectedClose.description})` : ""));
  }
}

function waitFor(description, predicate, timeoutMs) {
  stage = description;
  return new Promise((resolve, reject) => {
    let timer = null;
    const check = () => {
      let done;
      try {
        done = predicate();
      } catch (err) {
        clearTimeout(timer);
        waiter = null;
        reject(err);
        return true;
      }
      if (done) { clearTimeout(timer); waiter = null; resolve(); }
      return done;
    };
    if (check()) return;
    timer = setTimeout(() => { waiter = null; reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`)); }, timeoutMs);
    waiter = check;
  });
}

function wake() {
  if (waiter) waiter();
}

function bytesOf(data) {
  if (data instanceof ArrayBuffer) return Array.from(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return null;
}

async function echo(data) {
  const kind = typeof data === "string" ? "text" : "binary";
  const sent = kind === "text" ? data : bytesOf(data);
  const transport = socket.transport.name;
  socket.send(data);
  await waitFor(`the echo of ${kind} ${show(data)}`, () => {
    if (inbox.length > 0) return true;
    assertAlive();
    return false;
  }, STEP_TIMEOUT_MS);
  const reply = inbox.shift();
  const record = { kind, sent, transportAtSend: transport,
    receivedType: typeof reply === "string" ? "string" : reply && reply.constructor ? reply.constructor.name : typeof reply };
  if (kind === "text") {
    record.received = typeof reply === "string" ? reply : show(reply);
    record.ok = reply === data;
  } else {
    record.received = bytesOf(reply) || show(reply);
    record.ok = (reply instanceof ArrayBuffer || Buffer.isBuffer(reply))
      && JSON.stringify(bytesOf(reply)) === JSON.stringify(sent);
  }
  echoes.push(record);
  if (!record.ok) {
    throw new Error(`${kind} echo mismatch: sent ${show(data)}, received ${show(reply)} (${record.receivedType})`);
  }
}

async function main() {
  stage = "loading the engine class";
  const Engine = engineSocketClass();

  stage = "handshake";
  socket = new Engine(url, { path: ENGINE_PATH, transports: plan.transports, reconnection: false });
  socket.binaryType = "arraybuffer";

  let opened = false;
  let upgradeError = null;
  socket.on("open", () => {
    opened = true;
    openedAt = Date.now();
    sid = socket.id;
    transportHistory.push(socket.transport.name);
    note(`engine open sid=${sid} transport=${socket.transport.name} upgrades=${JSON.stringify(socket.upgrades || null)}`);
    wake();
  });
  socket.on("message", (data) => { inbox.push(data); wake(); });
  socket.on("ping", () => {
    pings += 1;
    const name = socket.transport ? socket.transport.name : "?";
    pingsByTransport[name] = (pingsByTransport[name] || 0) + 1;
    wake();
  });
  socket.on("upgrade", (transport) => {
    upgraded = true;
    transportHistory.push(transport.name);
    note(`engine upgraded to ${transport.name}`);
    wake();
  });
  socket.on("upgradeError", (err) => {
    upgradeError = err;
    note(`engine upgradeError: ${err && err.message}`);
    wake();
  });
  socket.on("error", (err) => note(`engine error: ${err && err.message ? err.message : err}`));
  socket.on("packet", (p) => note(`engine packet in: ${p.type} ${p.data === undefined ? "" : show(p.data)}`));
  socket.on("packetCreate", (p) => note(`engine packet out: ${p.type} ${p.data === undefined ? "" : show(p.data)}`));
  socket.on("close", (reason, details) => {
    const desc = details && (details.description !== undefined ? details.description : details.message);
    note(`engine close: ${reason}${desc !== undefined ? " (" + (desc && desc.message ? desc.message : String(desc)) + ")" : ""}`);
    if (!closedByUs) unexpectedClose = { reason, description: desc === undefined ? null : String(desc && desc.message ? desc.message : desc) };
    wake();
  });

  const alive = assertAlive;
  const guarded = (fn) => () => { alive(); return fn(); };

  try {
    await waitFor("the open packet", guarded(() => opened), STEP_TIMEOUT_MS);
    if (transportHistory[0] !== plan.initial) {
      throw new Error(`opened on ${transportHistory[0]}, expected ${plan.initial}`);
    }

    // Round 1, right after the handshake (in upgrade mode this overlaps the upgrade probe).
    await echo("hello");
    alive();
    await echo(new Uint8Array([1, 2, 3, 4]));
    alive();

    if (mode === "upgrade") {
      await waitFor("the upgrade to websocket", guarded(() => {
        if (upgradeError) throw new Error(`upgrade failed: ${upgradeError.message}`);
        return upgraded;
      }), STEP_TIMEOUT_MS);
    }

    await waitFor(`${MIN_PINGS} heartbeats and ${MIN_CONNECTED_MS} ms connected`,
      guarded(() => pings >= MIN_PINGS && Date.now() - openedAt >= MIN_CONNECTED_MS), 6000);
    if (mode === "upgrade" && upgradeError) throw new Error(`upgrade failed: ${upgradeError.message}`);

    // Round 2, on the final transport, after the heartbeats.
    await echo("hello again");
    alive();
    await echo(new Uint8Array([5, 6, 7, 8]));
    alive();

    const finalTransport = socket.transport.name;
    if (finalTransport !== plan.final) {
      throw new Error(`final transport is ${finalTransport}, expected ${plan.final}`);
    }
    if (socket.readyState !== "open") throw new Error(`socket readyState is ${socket.readyState}, expected open`);

    stage = "closing";
    const pingsBeforeClose = pings;
    closedByUs = true;
    let closeReason = null;
    socket.once("close", (reason) => { closeReason = reason; wake(); });
    socket.close();
    await waitFor("the close event", () => closeReason !== null, STEP_TIMEOUT_MS);
    // Let the polling transport's final POST (the `1` close packet) reach the server before exiting.
    await waitFor("in-flight polling POSTs to finish", () => ![...inflight].some((x) => x._method === "POST"), 2000)
      .catch(() => note("a POST was still in flight at exit"));
    await new Promise((resolve) => setTimeout(resolve, 50));

    clearTimeout(hardTimer);
    if (process.env.SIO_CLIENT_TRACE) process.stderr.write(`wire trace:\n${trace.join("\n")}\n`);
    emit({
      ok: true, mode, bundleVersion, sid,
      initialTransport: transportHistory[0], finalTransport, transportHistory, upgraded,
      echoes, pings: pingsBeforeClose, pingsByTransport,
      connectedMs: Date.now() - openedAt, closeReason, durationMs: now(),
    }, 0);
  } catch (err) {
    fail(err && err.message ? err.message : String(err), state());
  }
}

main().catch((err) => fail(`unexpected: ${err && err.stack ? err.stack : err}`, state()));
