import type { Config } from '../config/schema.js';
import type { MessageDoc, RoomDoc, Store, UserDoc } from '../store/port.js';
import type { Broadcaster } from '../domain/broadcaster.js';
import { commands } from './commands.js';
import { mentions } from './mentions.js';
import { profanity } from './profanity.js';
import { push, type PushSink } from './push.js';

export interface PluginContext {
  message: MessageDoc;
  room: RoomDoc;
  /** the sender: id and name (a socket does not keep the stored document) */
  user: Pick<UserDoc, '_id' | 'username'>;
}

/** Everything a plugin may use; built once at start-up. */
export interface PluginServices {
  config: Config;
  store: Store;
  broadcaster: Broadcaster;
  pushSink: PushSink | null;
}

/** A plugin changes a message before it is stored, or acts after. */
export interface Plugin {
  name: Config['plugins'][number];
  beforeSave?(ctx: PluginContext, services: PluginServices): void | Promise<void>;
  afterSave?(ctx: PluginContext, services: PluginServices): void | Promise<void>;
}

const AVAILABLE: Record<Config['plugins'][number], Plugin> = { commands, profanity, mentions, push };

export class Plugins {
  private readonly enabled: Plugin[];
  constructor(private readonly services: PluginServices) {
    this.enabled = services.config.plugins.map((name) => AVAILABLE[name]);
  }

  beforeSave(ctx: PluginContext): Promise<void> {
    return this.run('beforeSave', ctx);
  }

  afterSave(ctx: PluginContext): Promise<void> {
    return this.run('afterSave', ctx);
  }

  /** Each enabled plugin's hook in config order, one after the other; a plugin may leave a hook out. */
  private async run(hook: 'beforeSave' | 'afterSave', ctx: PluginContext): Promise<void> {
    for (const plugin of this.enabled) await plugin[hook]?.(ctx, this.services);
  }
}
