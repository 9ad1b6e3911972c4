#!/usr/bin/env node
// Interop check: the official Socket.IO JS client 4.8.1 bundle (socket.io.min.js) against
// `sio-interop-server` (Socket.IO at /socket.io/). One scenario per run.
//
// Usage: node --experimental-websocket socketio_client.js SCENARIO URL [OPTIONS_JSON]
//   SCENARIO  one of the names in SCENARIOS below (`--list` prints them)
//   URL       e.g. http://127.0.0.1:3000
//   OPTIONS   scenario options as JSON, e.g. '{"transports":["polling"]}'
// Environment: SIO_CLIENT_JS = path of socket.io.min.js (default: <repo>/.interop/socket.io.min.js);
//              SIO_CLIENT_TRACE=1 also prints the wire trace (stderr) on success;
//              SIO_CLIENT_TIMEOUT_MS overrides the 12 s hard timeout.
//
// Prints one JSON line on stdout: {"ok": true, "scenario": …, …observations} and exits 0; or
// {"ok": false, "error": …, "trace": [...]} and exits 1 (2 on a usage/environment problem). The
// scenario observes; the pytest side (test_socketio_js_client.py) asserts. Binary values in the
// observations are written as {"$binary": [bytes…], "$type": "<constructor name>"}.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { show, installShims } = require("./shims.js");

const HARD_TIMEOUT_MS = Number(process.env.SIO_CLIENT_TIMEOUT_MS) || 12000;
const STEP_MS = 4000; // one wait
const QUIET_MS = 200; // after a barrier: time for a stray delivery to show up

const started = Date.now();
const trace = [];
function now() { return Date.now() - started; }
function note(line) { trace.push(`${String(now()).padStart(5)} ms  ${line}`); }

function emitResult(result, code) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

function usage(message) {
  process.stderr.write(`socketio_client.js: ${message}\n` +
    "usage: node --experimental-websocket socketio_client.js SCENARIO URL [OPTIONS_JSON]\n");
  emitResult({ ok: false, error: message }, 2);
}

// --- values -----------------------------------------------------------------------------------

/** JSON-safe form of received values: binary becomes {"$binary": [...], "$type": name}. */
function plain(value) {
  if (value instanceof ArrayBuffer) return { $binary: Array.from(new Uint8Array(value)), $type: "ArrayBuffer" };
  if (ArrayBuffer.isView(value)) {
    return { $binary: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)), $type: value.constructor.name };
  }
  if (typeof Blob !== "undefined" && value instanceof Blob) return { $blob: value.size, $type: "Blob" };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  if (typeof value === "function") return { $function: true };
  return value === undefined ? null : value;
}

const bytes = (...list) => new Uint8Array(list);

/** Nested binary in objects and arrays (the same structure the pytest side expects back). */
function nestedBinary() {
  return [
    { a: bytes(1, 2), list: [bytes(3), "x", { deep: bytes(4, 5), n: 1 }], empty: bytes() },
    bytes(6, 7),
    "text",
    [new Uint8Array(300).fill(255), { k: [bytes(0)] }],
  ];
}

// --- waiting ----------------------------------------------------------------------------------

let stage = "starting";

function waitFor(description, predicate, timeoutMs = STEP_MS) {
  stage = description;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      let done;
      try { done = predicate(); } catch (err) { reject(err); return; }
      if (done) { resolve(done); return; }
      if (Date.now() - t0 >= timeoutMs) {
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
        return;
      }
      setTimeout(tick, 5);
    };
    tick();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function step(description, promise, timeoutMs = STEP_MS) {
  stage = description;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${description}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// --- clients ----------------------------------------------------------------------------------

let io = null;
let baseUrl = null;
const clients = [];

/**
 * A recorded client: `socket` is the io() Socket; `events` every incoming event (onAny) as
 * {event, args(plain), at}; `disconnects` the reasons; `connectErrors` {message, data};
 * `connects` how many times it connected.
 */
function client(name, { nsp = "/", reconnection = false, ...options } = {}) {
  const socket = io(baseUrl + (nsp === "/" ? "" : nsp), { forceNew: true, reconnection, ...options });
  const rec = { name, socket, events: [], disconnects: [], connectErrors: [], connects: 0, ids: [] };
  socket.onAny((event, ...args) => {
    note(`${name} <- event ${event} ${show(JSON.stringify(plain(args)))}`);
    rec.events.push({ event, args: plain(args), at: now() });
  });
  socket.on("connect", () => {
    rec.connects += 1;
    rec.ids.push(socket.id);
    note(`${name} connected id=${socket.id} recovered=${socket.recovered} transport=${socket.io.engine && socket.io.engine.transport.name}`);
  });
  socket.on("disconnect", (reason, details) => {
    note(`${name} disconnect: ${reason}${details ? " " + show(JSON.stringify(plain(details && details.description ? String(details.description) : details))) : ""}`);
    rec.disconnects.push(reason);
  });
  socket.on("connect_error", (err) => {
    note(`${name} connect_error: ${err && err.message} data=${JSON.stringify(err && err.data)}`);
    rec.connectErrors.push({ message: err && err.message, data: err && err.data === undefined ? null : err.data });
  });
  socket.io.on("reconnect_attempt", (n) => note(`${name} reconnect attempt ${n}`));
  rec.named = (event) => rec.events.filter((e) => e.event === event).map((e) => e.args);
  clients.push(rec);
  return rec;
}

async function connected(rec) {
  await waitFor(`${rec.name} to connect`, () => {
    if (rec.connectErrors.length) throw new Error(`${rec.name}: connect_error ${JSON.stringify(rec.connectErrors)}`);
    return rec.socket.connected;
  });
  return rec;
}

/** emitWithAck (with a timeout): resolves with the ack's first argument. */
async function ack(rec, event, ...args) {
  note(`${rec.name} -> emitWithAck ${event} ${show(JSON.stringify(plain(args)))}`);
  return step(`${rec.name}: ack for ${event}`, rec.socket.timeout(STEP_MS).emitWithAck(event, ...args));
}

/** emit with an ack callback (with a timeout): resolves with all of the ack's arguments. */
function ackAll(rec, event, ...args) {
  note(`${rec.name} -> emit+ack ${event} ${show(JSON.stringify(plain(args)))}`);
  stage = `${rec.name}: ack for ${event}`;
  return new Promise((resolve, reject) => {
    rec.socket.timeout(STEP_MS).emit(event, ...args, (err, ...reply) => (err ? reject(new Error(`${rec.name}: ${event}: ${err.message}`)) : resolve(reply)));
  });
}

function expectTrue(value, what) {
  if (value !== true) throw new Error(`${what}: expected ack true, got ${JSON.stringify(plain(value))}`);
}

/** Each client does an echo round trip (everything sent to it before has arrived), then a pause. */
async function barrier(...recs) {
  for (const rec of recs) {
    const reply = await ack(rec, "echo", "barrier");
    if (reply !== "barrier") throw new Error(`${rec.name}: barrier echo returned ${JSON.stringify(plain(reply))}`);
  }
  await sleep(QUIET_MS);
}

async function waitEvent(rec, event, count = 1, timeoutMs = STEP_MS) {
  await waitFor(`${count} ${event} event(s) on ${rec.name}`, () => rec.named(event).length >= count, timeoutMs);
  return rec.named(event);
}

async function waitUpgraded(rec) {
  await waitFor(`${rec.name} to upgrade to websocket`,
    () => rec.socket.io.engine && rec.socket.io.engine.transport.name === "websocket");
}

function roomName() {
  return `room-${Math.random().toString(36).slice(2, 12)}`;
}

/** A and B in a fresh room, C not in it. */
async function trio(options = {}) {
  const room = roomName();
  const recs = { A: client("A", options), B: client("B", options), C: client("C", options) };
  for (const rec of Object.values(recs)) await connected(rec);
  expectTrue(await ack(recs.A, "join", room), "A join");
  expectTrue(await ack(recs.B, "join", room), "B join");
  return { room, recs, ids: Object.fromEntries(Object.entries(recs).map(([k, r]) => [k, r.socket.id])) };
}

function receivers(recs, event) {
  const out = {};
  for (const [name, rec] of Object.entries(recs)) {
    const got = rec.named(event);
    if (got.length) out[name] = got;
  }
  return out;
}

// --- scenarios --------------------------------------------------------------------------------

const SCENARIOS = {
  // Default namespace: connect, ack round trip, final transport.
  async connect(opts) {
    const a = await connected(client("A", { transports: opts.transports }));
    if (opts.waitUpgrade) await waitUpgraded(a);
    const echo = await ackAll(a, "echo", 1, "2", { 3: [true] });
    return { id: a.socket.id, transport: a.socket.io.engine.transport.name, echo: plain(echo) };
  },

  // /auth with the right token: `welcome` with the handshake auth, echo works.
  async "auth-accepted"(opts) {
    const a = await connected(client("A", { nsp: "/auth", transports: opts.transports, auth: { token: "secret", user: "ann" } }));
    const welcome = await waitEvent(a, "welcome");
    const echo = await ackAll(a, "echo", "on auth", 2);
    return { id: a.socket.id, welcome, echo: plain(echo) };
  },

  // /auth with a bad token: connect_error with message and data, no retry.
  async "auth-refused"(opts) {
    const a = client("A", { nsp: "/auth", transports: opts.transports, auth: { token: "wrong" }, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100 });
    await waitFor("connect_error", () => a.connectErrors.length > 0);
    await sleep(500);
    return { connectErrors: a.connectErrors, connects: a.connects, connected: a.socket.connected, active: a.socket.active };
  },

  // Client -> server acks: emitWithAck (with and without timeout), several args, no args.
  async "ack-client-to-server"(opts) {
    const a = await connected(client("A", { transports: opts.transports }));
    // emitWithAck resolves with the ack's first argument; a callback gets all of them.
    const first = await step("emitWithAck echo", a.socket.emitWithAck("echo", { 3: [true] }, "ignored"));
    const withTimeout = await step("timeout().emitWithAck", a.socket.timeout(2000).emitWithAck("echo", "t"));
    const all = await step("emit with callback", new Promise((resolve) => a.socket.emit("echo", 1, "2", { 3: [true] }, null, (...args) => resolve(args))));
    const none = await step("emit with callback, no args", new Promise((resolve) => a.socket.emit("echo", (...args) => resolve(args))));
    return { emitWithAck: plain(first), withTimeout: plain(withTimeout), callbackArgs: plain(all), noArgs: plain(none) };
  },

  // Server -> client acks: `question` handler acks with values, the server re-emits them as `answer`.
  async "ack-server-to-client"(opts) {
    const a = client("A", { transports: opts.transports });
    const questions = [];
    a.socket.on("question", (x, cb) => { questions.push(plain(x)); cb("got", x, { n: 1 }); });
    await connected(a);
    a.socket.emit("ask-client", { q: "why" });
    const answer = await waitEvent(a, "answer");
    return { questions, answer, timeouts: a.named("answer-timeout") };
  },

  // Binary nested in objects and arrays: client -> server -> client as an event.
  async "binary-event"(opts) {
    const a = await connected(client("A", { transports: opts.transports }));
    a.socket.emit("emit-back", ...nestedBinary());
    const got = await waitEvent(a, "echo-back");
    return { echoBack: got };
  },

  // Binary nested in objects and arrays, in an ack (BINARY_EVENT with ack -> BINARY_ACK).
  async "binary-ack"(opts) {
    const a = await connected(client("A", { transports: opts.transports }));
    const reply = await ackAll(a, "echo", ...nestedBinary());
    return { ackArgs: plain(reply) };
  },

  // Binary in the client's ack to a server question.
  async "binary-client-ack"(opts) {
    const a = client("A", { transports: opts.transports });
    a.socket.on("question", (x, cb) => cb({ bin: x, more: [bytes(9)] }, bytes(10)));
    await connected(a);
    a.socket.emit("ask-client", bytes(1, 2, 3));
    const answer = await waitEvent(a, "answer");
    return { answer };
  },

  async "rooms-broadcast"() {
    const { room, recs, ids } = await trio();
    expectTrue(await ack(recs.C, "broadcast", { rooms: [room], event: "news", args: [1, "two"] }), "broadcast");
    await waitEvent(recs.A, "news");
    await waitEvent(recs.B, "news");
    await barrier(...Object.values(recs));
    return { ids, receivers: receivers(recs, "news") };
  },

  async "rooms-broadcast-except"() {
    const { room, recs, ids } = await trio();
    expectTrue(await ack(recs.C, "broadcast", { rooms: [room], except: [ids.B], event: "news", args: ["x"] }), "broadcast");
    await waitEvent(recs.A, "news");
    await barrier(...Object.values(recs));
    return { ids, receivers: receivers(recs, "news") };
  },

  async "rooms-broadcast-from-me"() {
    const { room, recs, ids } = await trio();
    expectTrue(await ack(recs.A, "broadcast-from-me", { rooms: [room], event: "news", args: [{ from: "A" }] }), "broadcast-from-me");
    await waitEvent(recs.B, "news");
    await barrier(...Object.values(recs));
    return { ids, receivers: receivers(recs, "news") };
  },

  async "disconnect-sockets"(opts) {
    const { room, recs, ids } = await trio();
    expectTrue(await ack(recs.C, "disconnect-sockets", { rooms: [room], close: !!opts.close }), "disconnect-sockets");
    await waitFor("A and B to be disconnected", () => recs.A.disconnects.length && recs.B.disconnects.length);
    await barrier(recs.C);
    return {
      ids,
      disconnects: Object.fromEntries(Object.entries(recs).map(([k, r]) => [k, r.disconnects])),
      cConnected: recs.C.socket.connected,
    };
  },

  // kick-me: `io server disconnect`, and no automatic reconnection (reconnection on, 100 ms delay).
  async "kick-me"() {
    const a = await connected(client("A", { transports: ["websocket"], reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100 }));
    const id = a.socket.id;
    a.socket.emit("kick-me", "ignored");
    await waitFor("the disconnect", () => a.disconnects.length > 0);
    await sleep(500);
    return { id, disconnects: a.disconnects, connects: a.connects, active: a.socket.active, connected: a.socket.connected };
  },

  async "fetch-sockets"() {
    const { room, recs, ids } = await trio();
    const fetched = await ack(recs.C, "fetch-sockets", { rooms: [room] });
    return { ids, fetched };
  },

  // Three clients in a room ack `ping-all` with their names (`silent` ones never ack).
  async "ack-from-all"(opts) {
    const room = roomName();
    const silent = new Set(opts.silent || []);
    const recs = {};
    for (const name of ["A", "B", "C"]) {
      const rec = client(name);
      rec.socket.on("ping-all", (cb) => { if (!silent.has(name)) cb(`pong-${name}`); });
      recs[name] = await connected(rec);
      expectTrue(await ack(rec, "join", room), `${name} join`);
    }
    const t0 = Date.now();
    const result = await ack(recs.A, "ack-from-all", { rooms: [room], timeout: opts.timeout || 3000 });
    return { result: plain(result), elapsedMs: Date.now() - t0, pings: Object.fromEntries(Object.entries(recs).map(([k, r]) => [k, r.named("ping-all").length])) };
  },

  // A polling-only client and an upgraded one in the same room get the same broadcast.
  async "polling-and-websocket"() {
    const room = roomName();
    const p = await connected(client("P", { transports: ["polling"] }));
    const u = await connected(client("U", { transports: ["polling", "websocket"] }));
    const s = await connected(client("S", { transports: ["websocket"] }));
    await waitUpgraded(u);
    expectTrue(await ack(p, "join", room), "P join");
    expectTrue(await ack(u, "join", room), "U join");
    expectTrue(await ack(s, "broadcast", { rooms: [room], event: "news", args: ["hello", { bin: bytes(1, 2, 3), n: [1, 2.5, null] }] }), "broadcast");
    const gotP = await waitEvent(p, "news");
    const gotU = await waitEvent(u, "news");
    return { polling: gotP, upgraded: gotU, transports: { P: p.socket.io.engine.transport.name, U: u.socket.io.engine.transport.name } };
  },

  // Connection state recovery (server with --recovery): A joins a room, its WebSocket is closed
  // under the engine (so the client sees `transport close` and reconnects by itself, after 1.5 s),
  // B broadcasts two events to the room meanwhile, A comes back with the same id and gets both.
  async recovery() {
    const room = roomName();
    const a = await connected(client("A", { transports: ["websocket"], reconnection: true, reconnectionDelay: 1500, reconnectionDelayMax: 1500, randomizationFactor: 0 }));
    const firstRecovered = await waitEvent(a, "recovered");
    expectTrue(await ack(a, "join", room), "A join");
    const b = await connected(client("B", { transports: ["websocket"] }));
    const idBefore = a.socket.id;
    let reconnectAttemptAt = null;
    a.socket.io.on("reconnect_attempt", () => { if (reconnectAttemptAt === null) reconnectAttemptAt = now(); });

    // Close the WebSocket under the engine: not socket.disconnect() (an `io client disconnect`,
    // no reconnection) nor engine.close() (a clean close: no reconnection either).
    const ws = a.socket.io.engine.transport.ws;
    if (!ws || typeof ws.close !== "function") throw new Error("engine.transport.ws is not a WebSocket");
    note("A: closing the engine's WebSocket underneath it");
    ws.close();
    await waitFor("A's disconnect event", () => a.disconnects.length > 0);

    // Wait until the server has dropped A (fetch-sockets no longer lists it), then broadcast.
    const t0 = Date.now();
    for (;;) {
      const ids = await ack(b, "fetch-sockets", { rooms: [room] });
      if (Array.isArray(ids) && !ids.includes(idBefore)) break;
      if (Date.now() - t0 > 1000) throw new Error(`the server still lists A in ${room} after 1 s: ${JSON.stringify(ids)}`);
      await sleep(20);
    }
    expectTrue(await ack(b, "broadcast", { rooms: [room], event: "missed", args: [1] }), "broadcast 1");
    expectTrue(await ack(b, "broadcast", { rooms: [room], event: "missed", args: [2] }), "broadcast 2");
    const broadcastsDoneAt = now();
    if (reconnectAttemptAt !== null) {
      throw new Error(`A started reconnecting at ${reconnectAttemptAt} ms, before the broadcasts were done (${broadcastsDoneAt} ms)`);
    }
    await waitFor("A to reconnect by itself", () => a.connects >= 2, 5000);
    await waitEvent(a, "recovered", 2);
    await waitFor("the missed events", () => a.named("missed").length >= 2, 2000).catch(() => {});
    await sleep(QUIET_MS);
    return {
      idBefore, idAfter: a.socket.id, recoveredFlag: a.socket.recovered,
      firstRecovered, recoveredEvents: a.named("recovered"), missed: a.named("missed"),
      disconnects: a.disconnects, reconnectAttemptAt, broadcastsDoneAt,
      eventOrder: a.events.map((e) => e.event),
    };
  },
};

// --- main -------------------------------------------------------------------------------------

const [scenarioName, url, optionsText] = process.argv.slice(2);
if (scenarioName === "--list") {
  process.stdout.write(Object.keys(SCENARIOS).join("\n") + "\n");
  process.exit(0);
}
if (!SCENARIOS[scenarioName]) usage(`unknown or missing scenario ${JSON.stringify(scenarioName)}`);
if (!url || !/^https?:\/\//.test(url)) usage(`missing or invalid URL ${JSON.stringify(url)}`);
let options = {};
try {
  options = optionsText ? JSON.parse(optionsText) : {};
} catch (err) {
  usage(`invalid OPTIONS_JSON: ${err.message}`);
}
const bundlePath = process.env.SIO_CLIENT_JS
  || path.resolve(__dirname, "..", "..", "..", ".interop", "socket.io.min.js");
if (!fs.existsSync(bundlePath)) usage(`socket.io client bundle not found at ${bundlePath} (run Scripts/setup)`);
if (typeof globalThis.WebSocket !== "function") {
  usage("globalThis.WebSocket is missing: run node 20 with --experimental-websocket (node 22+ has it built in)");
}

installShims({ note });
io = require(bundlePath); // UMD: under CommonJS it sets module.exports = io
if (typeof io !== "function") usage(`${bundlePath} did not export io()`);
baseUrl = url.replace(/\/+$/, "");
const bundleVersion = (fs.readFileSync(bundlePath, "utf8").slice(0, 200).match(/Socket\.IO v([\d.]+)/) || [])[1] || null;

function closeAll() {
  for (const rec of clients) {
    try { rec.socket.io.reconnection(false); rec.socket.disconnect(); } catch (_) { /* already closed */ }
  }
}

function fail(message) {
  note(`FAIL: ${message}`);
  process.stderr.write(`socketio_client.js [${scenarioName}] FAILED: ${message}\nwire trace:\n${trace.join("\n")}\n`);
  closeAll();
  emitResult({ ok: false, scenario: scenarioName, error: message, stage, trace }, 1);
}

const hardTimer = setTimeout(() => fail(`hard timeout (${HARD_TIMEOUT_MS} ms) during: ${stage}`), HARD_TIMEOUT_MS);

(async () => {
  try {
    // Snapshot before closing: the records keep changing (closing adds `io client disconnect`).
    const observed = JSON.parse(JSON.stringify(await SCENARIOS[scenarioName](options)));
    clearTimeout(hardTimer);
    closeAll();
    await sleep(50); // let the closes reach the server
    if (process.env.SIO_CLIENT_TRACE) process.stderr.write(`wire trace:\n${trace.join("\n")}\n`);
    emitResult({ ok: true, scenario: scenarioName, bundleVersion, durationMs: now(), ...observed }, 0);
  } catch (err) {
    fail(err && err.message ? err.message : String(err));
  }
})();
