import type { SimulatedUser } from 'bot-api-sandbox';

/**
 * The text of the next message the bot sends this user after their last action. Asserting on it fails at once with
 * what the bot said instead, where waiting for the expected text would only time out.
 */
export async function nextReply(user: SimulatedUser): Promise<string | undefined> {
  const [message] = await user.waitForNew(1);
  return message?.text;
}
