import net from 'node:net';
import { type Direction, Lane, type LaneLink } from './fault-lane.js';
import { TokenBucket } from './token-bucket.js';

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** One-way delay added to every byte, in each direction. */
  latencyMs?: number;
  /** Rate of each direction (a token bucket shared by all connections, like one radio link). */
  bytesPerSecond?: number;
}

export interface FaultConditions {
  latencyMs: number;
  bytesPerSecond: number;
  /** New connections are refused (the listener is closed: clients get ECONNREFUSED). */
  refuse: boolean;
  /** Connections are accepted and kept, but nothing is forwarded (a black hole). */
  stall: boolean;
}

export interface FaultProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Changes conditions at runtime; rate and stall apply to data already queued, latency to new data. */
  set(options: Partial<FaultConditions>): void;
  /** Closes every open connection once `bytes` more bytes have been forwarded in `direction` (default both). */
  cutAfter(bytes: number, direction?: Direction | 'both'): void;
  /** Sends RST on every open connection, both sides. */
  resetAll(): void;
  /**
   * `connections` counts accepted connections since start; bytes are bytes forwarded; `cutsFired` counts
   * armed cuts that really closed connections, `resets` connections `resetAll` really reset.
   */
  stats(): { connections: number; open: number; bytesUp: number; bytesDown: number; cutsFired: number; resets: number };
  /** Resolves once the listener matches the last `set({ refuse })` (re-listening takes a tick). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Connection {
  readonly client: net.Socket;
  readonly target: net.Socket;
  readonly lanes: readonly Lane[];
}

/** Starts a TCP proxy on 127.0.0.1 (ephemeral port) in front of `target`, with faults you switch at runtime. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const proxy = new FaultProxyServer(options);
  await proxy.ready();
  return proxy;
}

class FaultProxyServer implements FaultProxy, LaneLink {
  port = 0;
  private server: net.Server | undefined;
  private listening: Promise<void>;
  private readonly conditions: FaultConditions;
  private readonly buckets: Record<Direction, TokenBucket>;
  private readonly connections = new Set<Connection>();
  private cut: { remaining: number; directions: readonly Direction[] } | undefined;
  private readonly counts = { connections: 0, bytesUp: 0, bytesDown: 0, cutsFired: 0, resets: 0 };
  private closed = false;

  constructor(private readonly options: FaultProxyOptions) {
    this.conditions = {
      latencyMs: options.latencyMs ?? 0,
      bytesPerSecond: options.bytesPerSecond ?? 0,
      refuse: false,
      stall: false,
    };
    this.buckets = {
      up: new TokenBucket(this.conditions.bytesPerSecond),
      down: new TokenBucket(this.conditions.bytesPerSecond),
    };
    this.listening = this.listen();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  set(options: Partial<FaultConditions>): void {
    Object.assign(this.conditions, options);
    if (options.bytesPerSecond !== undefined) {
      for (const bucket of Object.values(this.buckets)) bucket.setRate(options.bytesPerSecond);
    }
    if (options.refuse === true && this.server) {
      this.server.close();
      this.server = undefined;
    } else if (options.refuse === false && !this.server && !this.closed) {
      this.listening = this.listen();
    }
    this.pumpAll();
  }

  cutAfter(bytes: number, direction: Direction | 'both' = 'both'): void {
    this.cut = { remaining: bytes, directions: direction === 'both' ? ['up', 'down'] : [direction] };
    if (bytes <= 0) this.fireCut();
  }

  resetAll(): void {
    this.counts.resets += this.connections.size;
    for (const { client, target } of this.connections) {
      reset(client);
      reset(target);
    }
  }

  stats() {
    return { ...this.counts, open: this.connections.size };
  }

  ready(): Promise<void> {
    return this.listening;
  }

  async close(): Promise<void> {
    this.closed = true;
    const server = this.server;
    this.server = undefined;
    for (const connection of this.connections) this.drop(connection);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // LaneLink: what each lane asks of the proxy.
  latencyMs = () => this.conditions.latencyMs;
  stalled = () => this.conditions.stall;
  bucket = (direction: Direction) => this.buckets[direction];

  clip(direction: Direction, bytes: number): number {
    if (!this.cut?.directions.includes(direction)) return bytes;
    return Math.min(bytes, this.cut.remaining);
  }

  forwarded(direction: Direction, bytes: number): boolean {
    if (direction === 'up') this.counts.bytesUp += bytes;
    else this.counts.bytesDown += bytes;
    if (!this.cut?.directions.includes(direction)) return false;
    this.cut.remaining -= bytes;
    return this.cut.remaining === 0;
  }

  fireCut = (): void => {
    this.cut = undefined;
    this.counts.cutsFired++;
    for (const connection of this.connections) this.drop(connection);
  };

  private pumpAll(): void {
    for (const { lanes } of this.connections) for (const lane of lanes) lane.pump();
  }

  /** Listens on the proxy's port (an ephemeral one the first time), retrying while the old socket lets go. */
  private async listen(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(this.port, '127.0.0.1', () => resolve());
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      const address = server.address();
      if (typeof address === 'object' && address) this.port = address.port;
      // refuse may have been switched on again while we were binding.
      if (this.conditions.refuse || this.closed) server.close();
      else this.server = server;
      return;
    }
  }

  private accept(client: net.Socket): void {
    this.counts.connections++;
    const target = net.connect({ ...this.options.target, allowHalfOpen: true, noDelay: true });
    const up = new Lane('up', client, target, this);
    const down = new Lane('down', target, client, this);
    const connection: Connection = { client, target, lanes: [up, down] };
    this.connections.add(connection);
    wire(client, target, up);
    wire(target, client, down);
    let open = 2;
    const onClose = () => {
      if (--open > 0) return;
      this.connections.delete(connection);
      up.dispose();
      down.dispose();
    };
    client.once('close', onClose);
    target.once('close', onClose);
  }

  /** Closes a connection with FIN on both sides, dropping what is still queued (a link that went away). */
  private drop(connection: Connection): void {
    for (const lane of connection.lanes) lane.dispose();
    connection.client.destroy();
    connection.target.destroy();
  }
}

/** Feeds one socket's data and end into a lane; errors travel on as a reset of the other side. */
function wire(from: net.Socket, to: net.Socket, lane: Lane): void {
  from.on('data', (data: Buffer) => lane.push(data));
  from.on('end', () => lane.push(null));
  from.on('error', () => reset(to));
  from.on('close', (hadError) => {
    if (!hadError) lane.push(null);
  });
  // With allowHalfOpen a socket stays open after both halves end; close it then, as the kernel would.
  const closeWhenDone = () => {
    if (from.readableEnded && from.writableFinished) from.destroy();
  };
  from.on('end', closeWhenDone);
  from.on('finish', closeWhenDone);
}

function reset(socket: net.Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
