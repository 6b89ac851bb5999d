import { type ArgsOf, CHANNELS, type Channel, type ResultOf } from './contract.js';
import type { AppEventListener, Unsubscribe } from './events.js';

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Domain = DomainOf<Channel>;

/** A channel whose argument may be left out (no arguments, or every key optional). */
type Method<C extends Channel> =
  undefined extends ArgsOf<C> ? (args?: ArgsOf<C>) => Promise<ResultOf<C>> : (args: ArgsOf<C>) => Promise<ResultOf<C>>;

/**
 * What the page sees as `window.fieldsync`: one method per channel, grouped by domain
 * (`api.session.signIn({...})`), plus event subscriptions. There is deliberately no generic `invoke`.
 */
export type FieldsyncApi = {
  readonly [D in Domain]: { readonly [C in Channel as C extends `${D}:${infer V}` ? V : never]: Method<C> };
} & {
  readonly events: {
    /** Calls `listener` with every event from main until the returned function is called. */
    subscribe(listener: AppEventListener): Unsubscribe;
  };
};

/** Sends one validated-by-main call; supplied by the preload (ipcRenderer) or the WebSocket client. */
export type InvokeFn = (channel: Channel, args: unknown) => Promise<ResultOf<Channel>>;

/**
 * Builds the typed API from the contract's channel list. `invoke` stays captured here: the page
 * only ever receives the per-channel methods.
 */
export function buildApi(invoke: InvokeFn, subscribe: (listener: AppEventListener) => Unsubscribe): FieldsyncApi {
  const api: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [domain, verb] = channel.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (args?: unknown) => invoke(channel, args);
  }
  return { ...api, events: { subscribe } } as unknown as FieldsyncApi;
}
