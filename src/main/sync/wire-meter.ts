import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

/** Bytes that crossed the wire, as the socket saw them (compressed bodies and headers included). */
export interface WireStats {
  readonly bytesUp: number;
  readonly bytesDown: number;
  /** TCP connections opened (keep-alive makes this much smaller than the request count). */
  readonly connections: number;
}

export interface MeteredAgentOptions {
  /** Give up on a TCP connect after this long (the idle timeout only starts once connected). */
  readonly connectTimeoutMs: number;
  /** How long an idle keep-alive socket stays in the pool. */
  readonly keepAliveMs?: number;
}

interface Counted {
  bytesRead: number;
  bytesWritten: number;
}

/**
 * Keep-alive HTTP(S) agents that count socket bytes and enforce a connect timeout. Counting at the
 * socket (not the decompressed JSON) is what a metered 2G link bills; the counters are the sum of
 * closed sockets plus the live ones, so they stay exact across keep-alive reuse.
 */
export class WireMeter {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  private readonly live = new Set<Counted>();
  private closedUp = 0;
  private closedDown = 0;
  private opened = 0;

  constructor(options: MeteredAgentOptions) {
    const agentOptions = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 8, timeout: options.keepAliveMs };
    const track = (socket: Duplex & Counted) => this.track(socket, options.connectTimeoutMs);
    this.httpAgent = new (class extends http.Agent {
      override createConnection(...args: Parameters<http.Agent['createConnection']>) {
        return track(super.createConnection(...args) as Duplex & Counted);
      }
    })(agentOptions);
    this.httpsAgent = new (class extends https.Agent {
      override createConnection(...args: Parameters<https.Agent['createConnection']>) {
        return track(super.createConnection(...args) as Duplex & Counted);
      }
    })(agentOptions);
  }

  stats(): WireStats {
    let up = this.closedUp;
    let down = this.closedDown;
    for (const socket of this.live) {
      up += socket.bytesWritten;
      down += socket.bytesRead;
    }
    return { bytesUp: up, bytesDown: down, connections: this.opened };
  }

  /**
   * Closes the idle pooled connections (requests in flight go on). After the computer slept or changed
   * network they are dead (the modem, NAT or Wi-Fi forgot them): the next request on one would fail
   * with ECONNRESET and read as "server unreachable".
   */
  dropIdle(): void {
    for (const agent of [this.httpAgent, this.httpsAgent]) {
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
  }

  /** Closes pooled connections (open requests fail). */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private track<S extends Duplex & Counted>(socket: S, connectTimeoutMs: number): S {
    this.opened++;
    this.live.add(socket);
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`connect timed out after ${connectTimeoutMs} ms`), {
        code: 'ECONNTIMEDOUT',
      });
      socket.destroy(error);
    }, connectTimeoutMs);
    timer.unref();
    socket.once('connect', () => clearTimeout(timer));
    socket.once('secureConnect', () => clearTimeout(timer));
    socket.once('close', () => {
      clearTimeout(timer);
      this.live.delete(socket);
      this.closedUp += socket.bytesWritten;
      this.closedDown += socket.bytesRead;
    });
    return socket;
  }
}
