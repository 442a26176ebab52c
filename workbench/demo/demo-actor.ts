import { inlineButtonLabels, type Sandbox, type SimulatedUser } from 'bot-api-sandbox';

/** How long the bot may stay silent after an action, and how long it must stay quiet to count as done. */
const ANSWER_TIMEOUT_MS = 10_000;
const QUIET_MS = 300;

/**
 * A simulated user who waits for the bot after each action: until the bot has answered (a message, an edit or a
 * notice in this chat) and then said nothing more for a moment. So a script needs no knowledge of what comes back.
 */
export class DemoActor {
  readonly user: SimulatedUser;
  readonly name: string;
  readonly #sandbox: Sandbox;

  constructor(sandbox: Sandbox, user: SimulatedUser, name: string) {
    this.#sandbox = sandbox;
    this.user = user;
    this.name = name;
  }

  send(text: string): Promise<void> {
    return this.#act(() => (text.startsWith('/') ? this.user.sendCommand(text) : this.user.sendText(text)));
  }

  press(label: string): Promise<void> {
    return this.#act(() => this.user.press(label));
  }

  tap(label: string): Promise<void> {
    return this.#act(() => this.user.tapKeyboard(label));
  }

  /** Whether the bot's latest messages show an inline button with this label. */
  sees(label: string): boolean {
    return this.user.messages().some((message) => !message.deleted && inlineButtonLabels(message).includes(label));
  }

  async #act(action: () => unknown): Promise<void> {
    const { token, chatId } = this.user;
    let lastActivity = 0;
    const seen = () => {
      lastActivity = Date.now();
    };
    const mine = (event: { token: string; chatId: number }) => event.token === token && event.chatId === chatId;
    const offs = (['message', 'edit', 'delete', 'alert'] as const).map((name) =>
      this.#sandbox.on(name, (event) => {
        if (mine(event)) seen();
      }),
    );
    try {
      action();
      const started = Date.now();
      while (lastActivity === 0 || Date.now() - lastActivity < QUIET_MS) {
        if (lastActivity === 0 && Date.now() - started > ANSWER_TIMEOUT_MS)
          throw new Error(`the bot did not answer ${this.name} within ${ANSWER_TIMEOUT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      for (const off of offs) off();
    }
  }
}
