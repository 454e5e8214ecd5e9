import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { CommandStartedEvent, CommandSucceededEvent, Document, MongoClient } from 'mongodb';
import type { Connection } from 'mongoose';

/** One command the app sent, and how many documents its answer carried. */
export interface SentCommand {
  name: string;
  collection: string | null;
  /** A find's filter. */
  filter?: Document;
  /** Documents in the reply: a cursor's batch, distinct's values, findAndModify's value, and a count's answer as 1. */
  documents: number;
  replied: boolean;
}

/**
 * What a piece of work sent to the database. getMores are counted apart: how many a cursor needs follows the
 * documents it returns and the server's batch size (FerretDB about a hundred documents, MongoDB up to 16 MiB).
 */
export interface CommandCount {
  /** Every command but getMore. */
  commands: number;
  getMores: number;
  documents: number;
  /** Commands per `name collection`, e.g. `find data_lake_serving`. */
  byCommand: Record<string, number>;
}

/** The driver client under the app's Mongoose connection (its commands are monitored: database.module.ts). */
function clientOf(app: INestApplicationContext): MongoClient {
  return app.get<Connection>(getConnectionToken()).getClient();
}

/** The collection a command names, if any (a getMore names it apart from its cursor). */
export function collectionOf(command: Document): string | null {
  const target = command.getMore !== undefined ? command.collection : Object.values(command)[0];
  return typeof target === 'string' ? target : null;
}

/** Calls `listener` with every command the app's client sends, until the returned function is called. */
export function onCommand(app: INestApplicationContext, listener: (name: string, command: Document) => void): () => void {
  const client = clientOf(app);
  const started = (event: CommandStartedEvent) => listener(event.commandName, event.command);
  client.on('commandStarted', started);
  return () => client.off('commandStarted', started);
}

/** Records the commands the app sends and the documents its answers carry, from `start()` to `stop()`. */
export class CommandLog {
  readonly sent: SentCommand[] = [];
  private readonly byRequest = new Map<number, SentCommand>();
  private readonly client: MongoClient;

  constructor(app: INestApplicationContext) {
    this.client = clientOf(app);
  }

  /** What `work` sends, with nothing else running in the app meanwhile. */
  async count(work: () => Promise<unknown>): Promise<CommandCount> {
    this.start();
    try {
      await work();
    } finally {
      this.stop();
    }
    return summarize(this.sent);
  }

  start(): void {
    this.sent.length = 0;
    this.byRequest.clear();
    this.client.on('commandStarted', this.started);
    this.client.on('commandSucceeded', this.succeeded);
  }

  stop(): void {
    this.client.off('commandStarted', this.started);
    this.client.off('commandSucceeded', this.succeeded);
  }

  private readonly started = (event: CommandStartedEvent): void => {
    const { commandName: name, command } = event;
    const sent = { name, collection: collectionOf(command), filter: name === 'find' ? (command.filter as Document) : undefined, documents: 0, replied: false };
    this.sent.push(sent);
    this.byRequest.set(event.requestId, sent);
  };

  private readonly succeeded = (event: CommandSucceededEvent): void => {
    const sent = this.byRequest.get(event.requestId);
    if (!sent) return;
    sent.documents = documentsIn(event.commandName, event.reply as Document);
    sent.replied = true;
  };
}

export function summarize(sent: SentCommand[]): CommandCount {
  const byCommand: Record<string, number> = {};
  for (const { name, collection } of sent) {
    const key = collection ? `${name} ${collection}` : name;
    byCommand[key] = (byCommand[key] ?? 0) + 1;
  }
  const getMores = sent.filter(({ name }) => name === 'getMore').length;
  return { commands: sent.length - getMores, getMores, documents: sent.reduce((total, command) => total + command.documents, 0), byCommand };
}

function documentsIn(name: string, reply: Document): number {
  if (reply.cursor) return ((reply.cursor.firstBatch ?? reply.cursor.nextBatch ?? []) as unknown[]).length;
  if (name === 'distinct') return (reply.values as unknown[]).length;
  if (name === 'count') return 1;
  if (name === 'findAndModify') return reply.value ? 1 : 0;
  return 0;
}
